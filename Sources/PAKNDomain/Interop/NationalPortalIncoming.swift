import Foundation

/// A request as it arrives from the national PAKN portal (one line of `pakn sync import`; docs/national-portal-sync.md
/// "Import"). The portal's interface is not public, so this is our documented shape of what its form holds (domain.md
/// §1.7: full name, e-mail, phone, address, title, content; its field; the receiving unit's commune), with snake_case
/// keys: `portal_id`, `title`, `content`, `kind` (`phan_anh` or `kien_nghi`; absent: `phan_anh`), `field`
/// (`{"code", "name"}`, optional), `commune_code` (the 2025 list), `contact` (`{"full_name", "phone", "email",
/// "address"}`) and `received_at` (ISO 8601; without an offset, Vietnam time).
public struct NationalPortalIncoming: Codable, Equatable, Sendable {
    /// The portal's own id of the request; what makes a second delivery a repeat. 1–100 characters after trimming.
    public var portalId: String
    public var title: String
    public var content: String
    public var kind: String?
    public var field: Field?
    public var communeCode: String
    public var contact: Contact?
    public var receivedAt: String?

    /// The portal's field: our field code when it uses ours, and its name.
    public struct Field: Codable, Equatable, Sendable {
        public var code: String?
        public var name: String?
        public init(code: String?, name: String?) { self.code = code; self.name = name }
    }

    /// The citizen's contact as the portal's form has it.
    public struct Contact: Codable, Equatable, Sendable {
        public var fullName: String?
        public var phone: String?
        public var email: String?
        public var address: String?
        public init(fullName: String?, phone: String?, email: String?, address: String?) {
            self.fullName = fullName; self.phone = phone; self.email = email; self.address = address
        }
    }

    public init(portalId: String, title: String, content: String, kind: String? = nil, field: Field? = nil,
                communeCode: String, contact: Contact?, receivedAt: String?) {
        self.portalId = portalId; self.title = title; self.content = content; self.kind = kind; self.field = field
        self.communeCode = communeCode; self.contact = contact; self.receivedAt = receivedAt
    }

    /// Longest portal id, in characters.
    public static let portalIDMaxLength = 100

    /// The portal id, trimmed (NFC).
    public var normalizedPortalID: String { VietnameseText.sanitizedLine(portalId) }

    /// The problems of the portal's own fields (Vietnamese): a missing or over-long `portal_id`, a `received_at` that
    /// is not an ISO 8601 instant. The request's own fields are checked by `Intake.validate`.
    public func portalErrors() -> [FieldError] {
        var errors: [FieldError] = []
        let id = normalizedPortalID
        if id.isEmpty { errors.append(FieldError(field: "portal_id", message: "Thiếu mã phản ánh của Cổng Dịch vụ công quốc gia.")) }
        else if id.count > Self.portalIDMaxLength {
            errors.append(FieldError(field: "portal_id", message: "Mã phản ánh của Cổng tối đa \(Self.portalIDMaxLength) ký tự."))
        }
        if let text = receivedAt, W3CDateTime.parse(text) == nil {
            errors.append(FieldError(field: "received_at", message: "Thời điểm tiếp nhận cần dạng 2026-11-30T08:00:00+07:00."))
        }
        return errors
    }

    /// The instant the portal received it, when given and readable.
    public var receivedInstant: Date? { receivedAt.flatMap(W3CDateTime.parse) }

    /// The submission to validate and store: `serviceCode` only when `ourField` says the portal's field code is one
    /// of ours (otherwise the operator sets it at triage). Consent is taken as given: the citizen accepted the
    /// national portal's terms when sending (an assumption, docs/national-portal-sync.md). The contact's postal
    /// address is not kept: it is where the citizen lives, not where the problem is, and nothing here needs it.
    public func submission(ourField: (String) -> Bool) -> Submission {
        let code = field?.code.map(VietnameseText.sanitizedLine).flatMap { $0.isEmpty ? nil : $0 }
        return Submission(kind: kind ?? RequestKind.report.rawValue, title: title, content: content,
                          serviceCode: code.flatMap { ourField($0) ? $0 : nil }, communeCode: communeCode,
                          address: "", fullName: contact?.fullName ?? "",
                          phone: contact?.phone, email: contact?.email, consent: true)
    }

    /// The portal's field as text, for the record of an import whose field is not one of ours (`code — name`).
    public var fieldDescription: String? {
        let parts = [field?.code, field?.name].compactMap { $0.map(VietnameseText.sanitizedLine) }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : String(parts.joined(separator: " — ").prefix(200))
    }
}
