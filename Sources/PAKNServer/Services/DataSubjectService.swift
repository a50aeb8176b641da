import Fluent
import Foundation
import PAKNDomain
import Vapor

/// The rights of the data subject (Luật 91/2025/QH15; Nghị định 356/2025/NĐ-CP): a person, through an operator who
/// checked their identity, gets a copy of the data held about them, has it corrected, or has it erased or
/// anonymised where no legal duty to keep it applies. Each request is tracked with a deadline (`PAKN_DSR_HOURS`,
/// default 72 hours, the time Nghị định 13/2023/NĐ-CP gave for providing and deleting data; set it to what the
/// province applies) and a record of the decision.
struct DataSubjectService {
    let db: Database

    /// Hours to answer a request (`PAKN_DSR_HOURS`).
    static func hours(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        env["PAKN_DSR_HOURS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 72
    }

    /// Opens a request. Throws `AppError` 422 without a phone number or e-mail that names the person, or without
    /// saying how the identity was checked.
    func open(_ kind: DataSubjectRequest.Kind, phone: String?, email: String?, identityCheck: String, by user: User,
              now: Date = Date()) async throws -> DataSubjectRequest {
        let digits = phone.flatMap { $0.isEmpty ? nil : PhoneNumber.normalize($0) }
        let mail = email.map { VietnameseText.sanitizedLine($0).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        if let phone, !phone.isEmpty, digits == nil { throw AppError.invalid("Số điện thoại không hợp lệ.") }
        guard digits != nil || mail != nil else { throw AppError.invalid("Cần số điện thoại hoặc email của người yêu cầu.") }
        let check = VietnameseText.sanitizedLine(identityCheck)
        guard check.count >= 5 else { throw AppError.invalid("Ghi rõ cách đã xác minh danh tính người yêu cầu (ví dụ: xem CCCD).") }
        let request = DataSubjectRequest()
        request.kind = kind; request.status = .open; request.phoneDigits = digits; request.email = mail
        request.identityCheck = check; request.receivedAt = now
        request.dueAt = now.addingTimeInterval(Double(Self.hours()) * 3600)
        request.openedBy = try user.requireID()
        try await request.create(on: db)
        return request
    }

    /// The contacts that are this person: same phone digits or same e-mail.
    /// The open requests, earliest due first, and the 50 latest decided ones.
    func list() async throws -> (open: [DataSubjectRequest], decided: [DataSubjectRequest]) {
        let open = try await DataSubjectRequest.query(on: db).filter(\.$status == .open).sort(\.$dueAt).all()
        let decided = try await DataSubjectRequest.query(on: db).filter(\.$status != .open).sort(\.$decidedAt, .descending).limit(50).all()
        return (open, decided)
    }

    /// One request. Throws `AppError` 404 for an unknown id.
    func request(_ id: UUID?) async throws -> DataSubjectRequest {
        guard let id, let request = try await DataSubjectRequest.find(id, on: db) else {
            throw AppError.notFound("Không tìm thấy yêu cầu.")
        }
        return request
    }

    func contacts(of request: DataSubjectRequest) async throws -> [Contact] {
        guard request.phoneDigits != nil || request.email != nil else { return [] }
        return try await Contact.query(on: db).group(.or) { or in
            if let digits = request.phoneDigits { or.filter(\.$phoneDigits == digits) }
            if let email = request.email { or.filter(\.$email == email) }
        }.all()
    }

    /// The cases of these contacts.
    func cases(of contacts: [Contact]) async throws -> [ServiceRequestRecord] {
        let ids = try await RequestContact.query(on: db).filter(\.$contactID ~~ contacts.compactMap(\.id)).all().map(\.requestID)
        guard !ids.isEmpty else { return [] }
        return try await ServiceRequestRecord.query(on: db).filter(\.$id ~~ Array(Set(ids))).sort(\.$receivedAt).all()
    }

    /// Everything held about the person, as JSON (UTF-8, keys sorted): contacts, cases (texts as stored), messages
    /// and call log entries of those cases, and the files they sent (base64).
    /// Files are read from the configured ``AttachmentStore`` (each at most the upload limit, in memory for base64), or
    /// from `store` when given; a file that is missing is `content_base64: null`. Throws the database's and the
    /// storage's errors (a copy never leaves out a file it could not read).
    func export(_ request: DataSubjectRequest, config: AppConfiguration, store given: AttachmentStore? = nil) async throws -> Data {
        let contacts = try await contacts(of: request)
        let cases = try await cases(of: contacts)
        let caseIDs = cases.compactMap(\.id)
        let store = given ?? AttachmentStore(config: config, on: db)
        var out: [String: Any] = ["generated_at": APIModels.date(Date())!, "request_id": request.id?.uuidString.lowercased() ?? ""]
        out["contacts"] = contacts.map { c -> [String: Any] in
            ["full_name": c.fullName, "phone": c.phone ?? NSNull(), "email": c.email ?? NSNull(), "address": c.address ?? NSNull(),
             "id_number": c.idNumber ?? NSNull()]
        }
        out["requests"] = cases.map { r -> [String: Any] in
            ["tracking_code": r.trackingCode, "received_at": APIModels.date(r.receivedAt)!, "channel": r.channel.rawValue,
             "status": r.status.rawValue, "title": r.title, "description": r.description, "address": r.address,
             "latitude": r.latitude ?? NSNull(), "longitude": r.longitude ?? NSNull(), "answer": r.answer ?? NSNull()]
        }
        let messages = caseIDs.isEmpty ? [] : try await MessageRecord.query(on: db).filter(\.$requestID ~~ caseIDs).sort(\.$createdAt).all()
        out["messages"] = messages.map { m -> [String: Any] in
            ["at": APIModels.date(m.createdAt) ?? NSNull(), "channel": m.channel.rawValue, "direction": m.direction.rawValue, "body": m.body]
        }
        let calls = caseIDs.isEmpty ? [] : try await CallRecord.query(on: db).filter(\.$requestID ~~ caseIDs).all()
        out["calls"] = calls.map { c -> [String: Any] in
            ["at": APIModels.date(c.initializedAt)!, "from": c.fromNumber, "to": c.toNumber, "status": c.status.rawValue]
        }
        let files = caseIDs.isEmpty ? [] : try await Attachment.query(on: db).filter(\.$requestID ~~ caseIDs)
            .filter(\.$purpose != .answer).all()
        var attachments: [[String: Any]] = []
        for f in files {
            var bytes: Data?
            if let id = f.id {
                do { bytes = try await store.read(id) } catch is AttachmentStore.Missing { bytes = nil }
            }
            attachments.append(["filename": f.filename, "content_type": f.contentType, "byte_count": f.byteCount, "sha256": f.sha256,
                                "content_base64": bytes?.base64EncodedString() ?? NSNull()])
        }
        out["attachments"] = attachments
        return try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    /// Corrects the person's contacts with the fields given (empty ones unchanged) and completes the request.
    /// Throws `AppError` 409 when the request is not open, 422 for an invalid phone or e-mail.
    func correct(_ request: DataSubjectRequest, fullName: String?, phone: String?, email: String?, address: String?,
                 by user: User, now: Date = Date()) async throws {
        try ensureOpen(request)
        let name = fullName.map(VietnameseText.sanitizedLine).flatMap { $0.isEmpty ? nil : $0 }
        let digits = try phone.flatMap { $0.isEmpty ? nil : $0 }.map { raw -> String in
            guard let digits = PhoneNumber.normalize(raw) else { throw AppError.invalid("Số điện thoại không hợp lệ.") }
            return digits
        }
        let mail = try email.map { VietnameseText.sanitizedLine($0).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }.map { value -> String in
            guard Intake.isPlausibleEmail(value) else { throw AppError.invalid("Email không hợp lệ.") }
            return value
        }
        let place = address.map(VietnameseText.sanitizedLine).flatMap { $0.isEmpty ? nil : $0 }
        let contacts = try await contacts(of: request)
        try await db.transaction { tx in
            for contact in contacts {
                if let name { contact.fullName = name }
                if let digits { contact.phone = PhoneNumber.display(digits); contact.phoneDigits = digits }
                if let mail { contact.email = mail }
                if let place { contact.address = place }
                try await contact.save(on: tx)
            }
            let changed = [name.map { _ in "họ tên" }, digits.map { _ in "điện thoại" }, mail.map { _ in "email" }, place.map { _ in "địa chỉ" }]
                .compactMap { $0 }
            try await decide(request, .completed, "Đã sửa \(changed.isEmpty ? "không trường nào" : changed.joined(separator: ", ")) của \(contacts.count) liên hệ.",
                             by: user, on: tx, now: now)
        }
    }

    /// Erases the person where no legal duty to keep applies: contacts whose every case is finished are anonymised
    /// and those cases' texts masked; contacts of a case still in progress are kept (the case must be answered), and
    /// the decision says so. Throws `AppError` 409 when the request is not open.
    func erase(_ request: DataSubjectRequest, by user: User, now: Date = Date()) async throws {
        try ensureOpen(request)
        let contacts = try await contacts(of: request)
        try await db.transaction { tx in
            var erased = 0, kept = 0, masked = 0
            for contact in contacts {
                let cases = try await DataSubjectService(db: tx).cases(of: [contact])
                if cases.contains(where: { $0.status.isActive }) { kept += 1; continue }
                for record in cases where record.anonymisedAt == nil {
                    try await Anonymisation.maskCase(record, on: tx, now: now)
                    masked += 1
                }
                try await Anonymisation.anonymise(contact, on: tx)
                erased += 1
            }
            var decision = "Đã ẩn danh hóa \(erased) liên hệ và \(masked) phản ánh."
            if kept > 0 { decision += " Giữ \(kept) liên hệ của phản ánh đang xử lý (nghĩa vụ trả lời theo quy định); sẽ ẩn danh hóa khi xử lý xong nếu người yêu cầu đề nghị lại." }
            try await decide(request, .completed, decision, by: user, on: tx, now: now)
        }
    }

    /// Completes (an access request, once the copy was handed over) or refuses a request, with the decision in words.
    /// Throws `AppError` 409 when it is not open, 422 without a decision.
    func close(_ request: DataSubjectRequest, as status: DataSubjectRequest.Status, decision: String, by user: User,
               now: Date = Date()) async throws {
        try ensureOpen(request)
        let text = VietnameseText.sanitizedLine(decision)
        guard text.count >= 5 else { throw AppError.invalid("Ghi rõ quyết định và lý do.") }
        try await decide(request, status, text, by: user, on: db, now: now)
    }

    private func ensureOpen(_ request: DataSubjectRequest) throws {
        guard request.status == .open else { throw AppError.conflict("Yêu cầu này đã được giải quyết.") }
    }

    private func decide(_ request: DataSubjectRequest, _ status: DataSubjectRequest.Status, _ decision: String, by user: User,
                        on db: Database, now: Date) async throws {
        request.status = status; request.decision = decision; request.decidedBy = try user.requireID(); request.decidedAt = now
        try await request.save(on: db)
    }
}
