import Fluent
import Foundation
import PAKNDomain

/// Brings the province's existing archive over from its previous portal (issue 15 item 11, `pakn import`): each
/// readable row of the export (`ArchiveRow`) becomes a request here with a new tracking code, its old code kept
/// (`archive_imports`, unique: importing the same file twice creates nothing) and searchable by staff, its field,
/// commune and agency found by name or code, a commune written before the 2025 reform mapped to the current one
/// (`AdministrativeUnits`), its reception and answer days kept. Answered rows arrive closed with their answer (not
/// published: publication here masks and is a coordinator's act); open rows arrive to be triaged; refused rows
/// arrive rejected. No contact is imported. Each row is its own transaction: a broken row stops nothing else.
enum ArchiveImport {
    /// Who acts: the system, labelled as the import on the timeline.
    static let acting = Acting(userID: nil, actor: .system, agencyID: nil, label: "Nhập dữ liệu từ hệ thống cũ")

    /// What became of each row (`line`: the row's number in the sheet, the header being 1).
    struct Report: Sendable {
        var created: [(line: Int, sourceCode: String, trackingCode: String)] = []
        var existing: [(line: Int, sourceCode: String, trackingCode: String)] = []
        var failed: [(line: Int, sourceCode: String, problems: [String])] = []
    }

    /// Imports `rows` (the header first) of the file named `sourceName`. With `dryRun` nothing is written and
    /// `created` lists what would be (with an empty tracking code). Throws `AppError` 422 when the header lacks a
    /// required column; database errors otherwise.
    static func run(_ rows: [[String]], sourceName: String, dryRun: Bool = false, config: AppConfiguration, on db: Database,
                    now: Date = Date()) async throws -> Report {
        guard let header = rows.first else { throw AppError.invalid("Tệp trống.") }
        let index = ArchiveRow.columnIndex(header)
        let missing = ArchiveRow.headerProblems(index)
        guard missing.isEmpty else { throw AppError.invalid(missing.joined(separator: " ")) }
        let lookup = try await Lookup.load(province: config.provinceCode, on: db)
        var report = Report()
        var seen = Set<String>()
        for (offset, cells) in rows.dropFirst().enumerated() {
            let line = offset + 2
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let row: ArchiveRow
            switch ArchiveRow.read(cells, index: index) {
            case .failure(let problems):
                let code = index["code"].flatMap { $0 < cells.count ? cells[$0] : nil } ?? ""
                report.failed.append((line, code, problems.messages)); continue
            case .success(let read): row = read
            }
            if let found = try await ArchiveImportRecord.query(on: db).filter(\.$sourceCode == row.sourceCode).first(),
               let record = try await ServiceRequestRecord.find(found.requestID, on: db) {
                report.existing.append((line, row.sourceCode, record.trackingCode)); continue
            }
            guard seen.insert(row.sourceCode).inserted else {
                report.failed.append((line, row.sourceCode, ["Mã hồ sơ lặp lại trong tệp."])); continue
            }
            var problems: [String] = []
            let field = row.field.flatMap(lookup.service)
            if let text = row.field, field == nil { problems.append("Lĩnh vực \"\(text)\" không có trong danh mục.") }
            let agency = row.agency.flatMap(lookup.agency)
            if let text = row.agency, agency == nil { problems.append("Cơ quan \"\(text)\" không có trong danh mục.") }
            var commune = row.commune.flatMap(lookup.commune)
            if commune == nil, !(row.commune ?? "").isEmpty || !row.address.isEmpty {
                // A unit written before the 2025 reform: the commune column, or else the address, names it.
                let text = [row.commune, row.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
                commune = try await AdministrativeUnits.currentCommune(address: text, province: config.provinceCode, on: db)?.currentCode
            }
            if let text = row.commune, commune == nil {
                problems.append("Không xác định được xã, phường \"\(text)\" (kể cả theo đơn vị hành chính trước năm 2025).")
            }
            guard problems.isEmpty else { report.failed.append((line, row.sourceCode, problems)); continue }
            if dryRun { report.created.append((line, row.sourceCode, "")); continue }
            let record = try await create(row, field: field, commune: commune, agency: agency, sourceName: sourceName, on: db, now: now)
            report.created.append((line, row.sourceCode, record.trackingCode))
        }
        return report
    }

    /// Writes one imported request with its events and its old code, in one transaction.
    private static func create(_ row: ArchiveRow, field: String?, commune: String?, agency: UUID?, sourceName: String,
                               on db: Database, now: Date) async throws -> ServiceRequestRecord {
        try await db.writeTransaction { tx in
            let record = ServiceRequestRecord()
            record.id = UUID()
            record.trackingCode = try await IntakeService.uniqueTrackingCode(on: tx).digits
            record.kind = row.kind
            record.title = row.title
            record.description = row.content
            record.serviceCode = field
            if let field, let service = try await Service.find(field, on: tx) { record.urgency = service.defaultUrgency }
            record.communeCode = commune
            record.address = row.address
            record.channel = row.channel
            record.restricted = false
            record.hideIdentityPublic = true
            record.hideIdentityFromAgency = false
            record.receivedAt = row.receivedAt
            record.countedFrom = row.receivedAt
            record.leadAgencyID = agency
            switch row.outcome {
            case .answered:
                record.status = .closed
                record.answer = row.answer
                record.closedAt = row.answeredAt ?? row.receivedAt
            case .rejected:
                record.status = .rejected
                record.closedAt = row.answeredAt ?? row.receivedAt
            case .open:
                record.status = .received
            }
            record.publicSearch = ""
            // The old code is searched with the rest: staff find the case by the code citizens still quote.
            record.staffSearch = IntakeService.staffSearchText(title: row.title, description: row.content + " " + row.sourceCode, code: record.trackingCode)
            try await record.create(on: tx)
            _ = try await EventLog.write(request: record, action: .created, from: nil, to: .received,
                                         note: "Nhập từ hệ thống cũ (mã \(row.sourceCode), tệp \(sourceName)).", isPublic: false,
                                         acting: acting, on: tx, now: row.receivedAt)
            if row.outcome != .open {
                let day = row.answeredAt.map(VietnamTime.dateTimeText) ?? "—"
                _ = try await EventLog.write(request: record, action: .workflow(row.outcome == .answered ? .close : .reject), from: .received,
                                             to: record.status, note: row.outcome == .answered ? "Đã trả lời trên hệ thống cũ (\(day))."
                                                 : "Từ chối trên hệ thống cũ (\(day)).",
                                             isPublic: false, acting: acting, on: tx, now: record.closedAt ?? row.receivedAt)
            }
            let link = ArchiveImportRecord()
            link.sourceCode = row.sourceCode
            link.requestID = try record.requireID()
            link.sourceFile = sourceName
            link.importedAt = now
            try await link.create(on: tx)
            return record
        }
    }

    /// The catalogues a row's names are looked up in, folded ("so xay dung" finds "Sở Xây dựng").
    struct Lookup {
        let services: [String: String]
        let agencies: [String: UUID]
        let communes: [String: String]

        static func load(province: String, on db: Database) async throws -> Lookup {
            var services: [String: String] = [:], agencies: [String: UUID] = [:], communes: [String: String] = [:]
            for s in try await Service.query(on: db).all() { if let code = s.id { services[code] = code; services[VietnameseText.fold(s.name)] = code } }
            for a in try await Agency.query(on: db).all() { if let id = a.id { agencies[VietnameseText.fold(a.name)] = id } }
            for c in try await Commune.query(on: db).filter(\.$provinceCode == province).filter(\.$validTo == nil).all() {
                guard let code = c.id else { continue }
                communes[code] = code
                communes[VietnameseText.fold(c.fullName)] = code
            }
            return Lookup(services: services, agencies: agencies, communes: communes)
        }

        func service(_ text: String) -> String? { services[text] ?? services[VietnameseText.fold(text)] }
        func agency(_ text: String) -> UUID? { agencies[VietnameseText.fold(text)] }
        func commune(_ text: String) -> String? { communes[text] ?? communes[VietnameseText.fold(text)] }
    }
}
