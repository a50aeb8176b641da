import Fluent
import Foundation
import PAKNDomain

/// The phone switchboard's data for operators (issue 4 channel 1): recent calls, the call-back queue of missed
/// calls, the blocklist of nuisance numbers, and a caller's earlier requests. Knows nothing of HTTP; the CTI
/// webhook writes the calls themselves (`CTIController`).
enum Switchboard {
    /// The `limit` latest calls, newest first.
    static func recentCalls(limit: Int = 100, on db: Database) async throws -> [CallRecord] {
        try await CallRecord.query(on: db).sort(\.$initializedAt, .descending).limit(limit).all()
    }

    /// Missed inbound calls not yet called back and not refused by the blocklist, oldest first (at most `limit`).
    static func awaitingCallback(limit: Int = 200, on db: Database) async throws -> [CallRecord] {
        try await CallRecord.query(on: db).filter(\.$status == .missed).filter(\.$calledBackAt == nil)
            .filter(\.$rejected == false).sort(\.$initializedAt, .ascending).limit(limit).all()
    }

    /// When a missed call must be returned: `hours` working hours of the switchboard's intake calendar after the
    /// caller hung up (or after the call began, when its end is unknown).
    static func callbackDue(_ call: CallRecord, hours: Double, calendar: WorkingCalendar) -> Date {
        calendar.addingWorkingHours(hours, to: call.endedAt ?? call.initializedAt)
    }

    /// Marks a call as called back at `now` (UTC); it leaves the queue. Throws `AppError` 404 for an unknown id.
    static func markCalledBack(_ id: UUID?, now: Date = Date(), on db: Database) async throws {
        guard let id, let call = try await CallRecord.find(id, on: db) else { throw AppError.notFound() }
        call.calledBackAt = now
        try await call.save(on: db)
    }

    /// The call with this id that has no request yet, if any (the intake form's `?call=`).
    static func unlinkedCall(_ id: String?, on db: Database) async throws -> CallRecord? {
        guard let id = id.flatMap(UUID.init(uuidString:)), let call = try await CallRecord.find(id, on: db),
              call.requestID == nil else { return nil }
        return call
    }

    /// Every blocked number, newest first.
    static func blocklist(on db: Database) async throws -> [BlockedNumber] {
        try await BlockedNumber.query(on: db).sort(\.$createdAt, .descending).all()
    }

    /// Blocks `phone` (normalised by `PhoneNumber.normalize`) for `days` days, or for good when `days` is `nil` or
    /// not positive; the reason is kept to 200 characters. Throws `AppError` 422 (`invalid_input`) for an unusable
    /// number or an empty reason.
    static func block(phone: String, reason: String, days: Int?, now: Date = Date(), on db: Database) async throws {
        let phone = PhoneNumber.normalize(phone)
        let reason = VietnameseText.sanitizedLine(reason)
        guard let phone, !reason.isEmpty else {
            throw AppError(.unprocessableEntity, "invalid_input", "Cần số điện thoại hợp lệ và lý do chặn.")
        }
        let entry = BlockedNumber()
        entry.phone = phone
        entry.reason = String(reason.prefix(200))
        if let days, days > 0 { entry.expiresAt = now.addingTimeInterval(Double(days) * 86400) }
        try await entry.create(on: db)
    }

    /// Removes a block. Throws `AppError` 404 for an unknown id.
    static func unblock(_ id: UUID?, on db: Database) async throws {
        guard let id, let entry = try await BlockedNumber.find(id, on: db) else { throw AppError.notFound() }
        try await entry.delete(on: db)
    }

    /// Earlier cases of the contacts with this phone number, within what `acting` may see (newest first, at most 20).
    static func earlierRequests(phone: String, acting: Acting, on db: Database) async throws -> [ServiceRequestRecord] {
        guard let digits = PhoneNumber.normalize(phone) else { return [] }
        return try await earlierRequests(phones: [digits], acting: acting, on: db)[digits] ?? []
    }

    /// The same for many numbers (normalised, `PhoneNumber.normalize`) in three queries, keyed by number: the list of
    /// recent calls asks for a hundred at once.
    static func earlierRequests(phones: Set<String>, acting: Acting, on db: Database) async throws -> [String: [ServiceRequestRecord]] {
        guard !phones.isEmpty else { return [:] }
        let contacts = try await Contact.query(on: db).filter(\.$phoneDigits ~~ Array(phones)).all()
        guard !contacts.isEmpty else { return [:] }
        let links = try await RequestContact.query(on: db).filter(\.$contactID ~~ contacts.compactMap(\.id)).all()
        guard !links.isEmpty else { return [:] }
        let cases = try await CaseAccess.visibleCases(to: acting, on: db).filter(\.$id ~~ Array(Set(links.map(\.sourceRequestID))))
            .sort(\.$receivedAt, .descending).all()
        var phoneOfContact: [UUID: String] = [:]
        for contact in contacts { if let id = contact.id, let digits = contact.phoneDigits { phoneOfContact[id] = digits } }
        var casesOfPhone: [String: Set<UUID>] = [:]
        for link in links { if let digits = phoneOfContact[link.contactID] { casesOfPhone[digits, default: []].insert(link.sourceRequestID) } }
        return casesOfPhone.mapValues { ids in Array(cases.filter { $0.id.map(ids.contains) ?? false }.prefix(20)) }
    }

    /// One call for its card (issue 14, screen pop): the call, the caller's earlier cases `acting` may see, open ones
    /// first. Throws `AppError` 404 for an unknown call.
    static func card(_ id: UUID?, acting: Acting, on db: Database) async throws -> (call: CallRecord, open: [ServiceRequestRecord], earlier: [ServiceRequestRecord]) {
        guard let id, let call = try await CallRecord.find(id, on: db) else { throw AppError.notFound() }
        let number = call.citizenPhone ?? (call.direction == .inbound ? call.fromNumber : call.toNumber)
        let cases = try await earlierRequests(phone: number, acting: acting, on: db)
        return (call, cases.filter { $0.status.isActive }, cases.filter { !$0.status.isActive })
    }

    /// Attaches a call to a case `acting` may see, named by id or tracking code, so the call (and its recording)
    /// shows in the case's conversation; now or long after the call. Attaching it again to the same case does
    /// nothing. Throws `AppError` 404 for an unknown call or a case `acting` may not see, 409 when the call is
    /// already attached to another case, 422 when no case is named. Returns the case's id.
    @discardableResult
    static func attach(_ callID: UUID?, to requestID: UUID?, code: String?, acting: Acting, on db: Database) async throws -> UUID {
        guard let callID, try await CallRecord.find(callID, on: db) != nil else { throw AppError.notFound() }
        var record: ServiceRequestRecord?
        if let requestID {
            record = try await ServiceRequestRecord.find(requestID, on: db)
        } else if let parsed = code.flatMap(TrackingCode.init(parsing:)) {
            record = try await ServiceRequestRecord.query(on: db).filter(\.$trackingCode == parsed.digits).first()
        } else {
            throw AppError.invalid("Nhập mã phản ánh (10 chữ số) để gắn cuộc gọi.")
        }
        guard let record else { throw AppError.notFound("Không tìm thấy phản ánh này.") }
        try await CaseAccess.requireVisible(record, to: acting, on: db)
        let id = try record.requireID()
        // Attached by a conditional write, so two operators attaching one call at once cannot both succeed.
        try await CallRecord.query(on: db).filter(\.$id == callID).filter(\.$requestID == nil).set(\.$requestID, to: id).update()
        let attached = try await CallRecord.find(callID, on: db)?.requestID
        guard attached == id else { throw AppError.conflict("Cuộc gọi này đã được gắn vào một phản ánh khác.") }
        return id
    }
}
