import Foundation

/// One request as this system reports it to the national PAKN system (Cổng Dịch vụ công quốc gia,
/// dichvucong.gov.vn): the documented, versioned JSON record of `pakn sync export` (one per line) and of the body
/// the outbox adapter POSTs (`docs/national-portal-sync.md`).
///
/// The national interface is not public (domain.md §1.7, item 23 "Interoperability": **UNVERIFIED**), so the shape is
/// ours: it carries the fields the national portal's published form and tracking show (tracking code, field, unit,
/// status, answer, dates) under stable snake_case names, and a `schema` tag so a receiver can tell versions apart.
///
/// What it never holds: the requester's name, phone number, e-mail, address line or coordinates, internal notes, the
/// unmasked title, description or answer, the rating's comment, and any restricted case (khiếu nại, tố cáo): the
/// server leaves those out before this value is made. Instants are ISO 8601 in Vietnam's civil time with the
/// `+07:00` offset and whole seconds (``W3CDateTime``).
public struct NationalSyncRecord: Codable, Equatable, Sendable {
    /// The version tag of this shape: ``NationalSyncRecord/currentSchema``.
    public var schema: String
    /// The tracking code as the public reads it, `123-456-7894`.
    public var trackingCode: String
    /// Phản ánh or kiến nghị.
    public var kind: CodeLabel
    /// The intake channel (``Channel``): code and Vietnamese label.
    public var channel: CodeLabel
    /// When the request was received, `YYYY-MM-DDThh:mm:ss+07:00`.
    public var receivedAt: String
    /// The instant of its latest change (the latest event other than a view of the contact details), same format.
    public var updatedAt: String
    /// The field (lĩnh vực), when triage has set one.
    public var field: Field?
    /// The commune (xã, phường, đặc khu) of the 2025 list; the only place the record names.
    public var commune: Commune?
    /// The lead agency (cơ quan chủ trì) currently handling it, when there is one.
    public var leadAgency: Agency?
    /// The current status: ours and the national-style stage (``NationalSyncStatus``).
    public var status: Status
    /// The due instant of the lead agency's current clock, when one runs.
    public var dueAt: String?
    /// Every status change, oldest first (``NationalSyncRecord/exportable(from:to:)`` says which are left out).
    public var statusChanges: [StatusChange]
    /// The published answer, masked exactly as the public look-up shows it; absent until published.
    public var answer: Answer?
    /// The citizen's rating of the published answer (stars only, never the comment).
    public var rating: Rating?
    /// The national portal's own id, when the request came from it (`pakn sync import`).
    public var nationalPortalID: String?

    /// `"pakn-sync/1"`. A receiver should refuse a version it does not know; a later version adds fields or
    /// changes meanings and gets a new number.
    public static let currentSchema = "pakn-sync/1"

    // The snake_case key strategies turn `nationalPortalId` into `national_portal_id` and back; `ID` would not
    // come back.
    private enum CodingKeys: String, CodingKey {
        case schema, trackingCode, kind, channel, receivedAt, updatedAt, field, commune, leadAgency, status, dueAt
        case statusChanges, answer, rating
        case nationalPortalID = "nationalPortalId"
    }

    /// A stable code with its Vietnamese label.
    public struct CodeLabel: Codable, Equatable, Sendable {
        public var code: String
        public var label: String
        public init(code: String, label: String) { self.code = code; self.label = label }
    }

    /// A field (lĩnh vực): our service code and its name.
    public struct Field: Codable, Equatable, Sendable {
        public var serviceCode: String
        public var name: String
        public init(serviceCode: String, name: String) { self.serviceCode = serviceCode; self.name = name }
    }

    /// A commune by its 2025 code (5 digits, Quyết định 19/2025/QĐ-TTg) and full name.
    public struct Commune: Codable, Equatable, Sendable {
        public var code: String
        public var name: String
        public init(code: String, name: String) { self.code = code; self.name = name }
    }

    /// An agency of the province's directory: our id (a UUID, lower case) and its name.
    public struct Agency: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public init(id: String, name: String) { self.id = id; self.name = name }
    }

    /// The current status: our code (``RequestStatus`` raw value) and label, and the national-style stage.
    public struct Status: Codable, Equatable, Sendable {
        public var code: String
        public var label: String
        public var nationalCode: String
        public var nationalLabel: String
        public init(_ status: RequestStatus) {
            let national = NationalSyncStatus(status)
            code = status.rawValue; label = status.label
            nationalCode = national.rawValue; nationalLabel = national.label
        }
    }

    /// One status change: when, from which status to which, by which move (``CaseEvent`` raw value) with its
    /// Vietnamese label, and the note only when a coordinator approved it for the public, masked.
    public struct StatusChange: Codable, Equatable, Sendable {
        public var at: String
        /// Absent for the creation (to `received`).
        public var from: String?
        public var to: String
        public var action: String
        public var label: String
        public var note: String?
        public init(at: String, from: String?, to: String, action: String, label: String, note: String?) {
            self.at = at; self.from = from; self.to = to; self.action = action; self.label = label; self.note = note
        }
    }

    /// The published answer: the masked public copy and the instant it was published.
    public struct Answer: Codable, Equatable, Sendable {
        public var text: String
        public var publishedAt: String
        public init(text: String, publishedAt: String) { self.text = text; self.publishedAt = publishedAt }
    }

    /// The rating: 1–5 stars and when it was given.
    public struct Rating: Codable, Equatable, Sendable {
        public var stars: Int
        public var ratedAt: String?
        public init(stars: Int, ratedAt: String?) { self.stars = stars; self.ratedAt = ratedAt }
    }

    /// Builds a record; instants are given as `Date` and written as ``W3CDateTime`` strings.
    public init(trackingCode: String, kind: RequestKind, channel: Channel, receivedAt: Date, updatedAt: Date,
                field: Field?, commune: Commune?, leadAgency: Agency?, status: RequestStatus, dueAt: Date?,
                statusChanges: [StatusChange], answer: Answer?, rating: Rating?, nationalPortalID: String?) {
        self.schema = Self.currentSchema
        self.trackingCode = TrackingCode(digits: trackingCode)?.formatted ?? trackingCode
        self.kind = CodeLabel(code: kind.rawValue, label: kind.label)
        self.channel = CodeLabel(code: channel.rawValue, label: channel.label)
        self.receivedAt = W3CDateTime.format(receivedAt)
        self.updatedAt = W3CDateTime.format(updatedAt)
        self.field = field; self.commune = commune; self.leadAgency = leadAgency
        self.status = Status(status)
        self.dueAt = dueAt.map(W3CDateTime.format)
        self.statusChanges = statusChanges; self.answer = answer; self.rating = rating
        self.nationalPortalID = nationalPortalID
    }

    /// Whether a status change from `from` to `to` is reported. Moves into or out of the complaint procedure
    /// (khiếu nại, tố cáo) are not: that procedure is confidential (domain.md item 18; NĐ 20/2008/NĐ-CP art. 1
    /// puts it outside PAKN), and a request while restricted is never reported at all.
    public static func exportable(from: RequestStatus?, to: RequestStatus) -> Bool {
        from != .referredToComplaintProcedure && to != .referredToComplaintProcedure
    }

    /// The JSON encoder of the record: snake_case keys, sorted, no escaped slashes, one line.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The JSON decoder that reads what ``encoder()`` writes.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

/// The stage of a request in the national system's terms. The national interface is not public, so these codes
/// are assumed from the stages its public tracking page shows (đã tiếp nhận, đang xử lý, đã trả lời, …; domain.md
/// §1.7) and are ours to keep stable; a mapping to the real codes belongs here when they are published.
public enum NationalSyncStatus: String, Codable, Sendable, CaseIterable {
    /// Đã tiếp nhận: received, waiting for triage (also back with the coordinator after an agency returned it).
    case daTiepNhan = "da_tiep_nhan"
    /// Đang xử lý: with an agency (forwarded, accepted, answer drafted or approved, re-opened).
    case dangXuLy = "dang_xu_ly"
    /// Chờ bổ sung thông tin: the agency waits for the citizen.
    case choBoSung = "cho_bo_sung"
    /// Đã trả lời: the answer was sent and published.
    case daTraLoi = "da_tra_loi"
    /// Không tiếp nhận: refused with a reason, redirected to 113/114/115, or a duplicate of another request.
    case khongTiepNhan = "khong_tiep_nhan"
    /// Kết thúc: closed.
    case ketThuc = "ket_thuc"
    /// Chuyển xử lý theo pháp luật khiếu nại, tố cáo (never sent: such requests are restricted).
    case chuyenKhieuNaiToCao = "chuyen_khieu_nai_to_cao"

    /// The national-style stage of our status.
    public init(_ status: RequestStatus) {
        switch status {
        case .received, .returned: self = .daTiepNhan
        case .forwarded, .accepted, .answered, .approved, .reopened: self = .dangXuLy
        case .awaitingCitizen: self = .choBoSung
        case .published: self = .daTraLoi
        case .rejected, .redirectedToEmergency, .duplicate: self = .khongTiepNhan
        case .closed: self = .ketThuc
        case .referredToComplaintProcedure: self = .chuyenKhieuNaiToCao
        }
    }

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .daTiepNhan: "Đã tiếp nhận"
        case .dangXuLy: "Đang xử lý"
        case .choBoSung: "Chờ bổ sung thông tin"
        case .daTraLoi: "Đã trả lời"
        case .khongTiepNhan: "Không tiếp nhận xử lý"
        case .ketThuc: "Kết thúc"
        case .chuyenKhieuNaiToCao: "Chuyển xử lý khiếu nại, tố cáo"
        }
    }
}
