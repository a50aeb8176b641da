import Fluent
import Foundation
import PAKNDomain
import SQLKit

/// Writes staff notices once: `INSERT … ON CONFLICT (idempotency_key) DO NOTHING`, on SQLite and PostgreSQL,
/// so two scheduler processes, or a restart that scans again, never write the same notice twice.
enum StaffNotices {
    static func notify(kind: StaffNoticeKind, key: String, request: ServiceRequestRecord, role: Role, agencyID: UUID?,
                       text: String, on db: Database, now: Date = Date()) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let inserted = try await sql.insert(into: StaffNotification.schema)
            .columns("id", "idempotency_key", "kind", "request_id", "agency_id", "role", "text", "created_at")
            .values(SQLBind(UUID()), SQLBind(key), SQLBind(kind.rawValue), SQLBind(try request.requireID()), SQLBind(agencyID),
                    SQLBind(role.rawValue), SQLBind(text), SQLBind(now))
            .ignoringConflicts(with: ["idempotency_key"])
            .returning("id")
            .all()
        // By e-mail or SMS too, to each addressee who chose this kind, through the outbox in the same transaction; only
        // when the notice is new (a re-scan that finds it written sends nothing to people added or opted in since).
        guard !inserted.isEmpty else { return }
        try await StaffNoticeDelivery.enqueue(kind: kind, key: key, request: request, role: role, agencyID: agencyID, on: db, now: now)
    }

    /// The notices a staff member receives, newest first: those for their role, for agency roles only their
    /// agency's, and restricted cases' notices only for the complaint officer.
    static func visible(to acting: Acting, limit: Int = 100, on db: Database) async throws -> [StaffNotification] {
        guard let role = acting.role else { return [] }
        // Notices about restricted cases (complaints, denunciations) reach only the complaint officer, and only those.
        var query = StaffNotification.query(on: db).filter(\.$role == role)
            .join(ServiceRequestRecord.self, on: \StaffNotification.$requestID == \ServiceRequestRecord.$id)
            .filter(ServiceRequestRecord.self, \.$restricted == (role == .complaintOfficer))
        if role.isAgencyScoped {
            guard let agency = acting.agencyID else { return [] }
            query = query.filter(\.$agencyID == agency)
        }
        return try await query.sort(\.$createdAt, .descending).limit(limit).all()
    }
}

/// Reminders before due instants and escalations after them (issue 3 §4). Runs in the job loop of
/// `pakn serve` and of `pakn jobs`.
///
/// Sized to the work due, not to the archive: each lead assignment carries `next_check_at`, the next instant
/// something is due for it (its reminder time, its due instant, the provincial escalation), indexed. A pass reads
/// only the assignments whose instant has come, in batches of `batchSize`, each batch in a short transaction;
/// writes the notices now due (keyed by assignment, stage and due instant: `INSERT … ON CONFLICT DO NOTHING`, so a
/// restart never writes one twice); and moves `next_check_at` to the next instant, or clears it when nothing more
/// can fall due until the clock changes (`Assignment.refreshDueDates` sets it again). On PostgreSQL a
/// transaction-level advisory lock lets one process work at a time.
enum DeadlineScheduler {
    /// "At the next pass": the value a changed clock gets, a whole second of 1 January 1970 (before any real
    /// instant), drawn at random so that a scan that read the row before the change cannot overwrite it
    /// (its update is conditional on the value it read).
    static func checkAtNextPass() -> Date {
        Date(timeIntervalSince1970: Double(Int.random(in: 0..<86_400)))
    }

    /// An unreadable row, or one whose case cannot be read, is looked at again after this long (seconds), so it
    /// neither blocks the scan nor is forgotten once repaired.
    static let retryUnreadableAfter: TimeInterval = 3600

    /// The most batches one pass handles (a bound on the loop, far above a province's running clocks).
    static let maximumBatches = 1000

    /// One pass. Returns how many notices were written (or found already written).
    /// - Parameters:
    ///   - provincialAfterWorkingHours: working hours after a due instant before the provincial leaders are told.
    ///   - batchSize: assignments per transaction.
    @discardableResult
    static func scan(on db: Database, provincialAfterWorkingHours: Double, now: Date = Date(), batchSize: Int = 200) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let isPostgres = sql.dialect.name == "postgresql"
        var considered = 0
        for _ in 0..<maximumBatches {
            let (notices, read) = try await db.writeTransaction { tx -> (Int, Int) in
                let sqlTx = tx as! any SQLDatabase
                if isPostgres {
                    let row = try await sqlTx.raw("SELECT pg_try_advisory_xact_lock(1022002) AS got").first()
                    guard try row?.decode(column: "got", as: Bool.self) == true else { return (0, 0) }
                }
                let (due, unreadable) = try await Assignment.query(on: tx).filter(\.$nextCheckAt <= now).sort(\.$nextCheckAt)
                    .limit(batchSize).readAll(logger: tx.logger)
                let retry = Self.wholeSecond(now.addingTimeInterval(retryUnreadableAfter))
                for failure in unreadable {
                    guard let id = UUID(uuidString: failure.id) else { continue }
                    try await sqlTx.update(Assignment.schema).set("next_check_at", to: retry).where("id", .equal, id).run()
                }
                guard !due.isEmpty else { return (0, unreadable.count) }
                let context = try await DeadlineStore.load(on: tx)
                let requestIDs = Array(Set(due.filter { $0.active && $0.role == .lead }.map(\.requestID)))
                let records = requestIDs.isEmpty ? [:] : Dictionary(
                    try await ServiceRequestRecord.query(on: tx).filter(\.$id ~~ requestIDs).allReadable(logger: tx.logger).map { ($0.id!, $0) },
                    uniquingKeysWith: { a, _ in a })
                var notices = 0
                for lead in due {
                    var next: Date?
                    if lead.active, lead.role == .lead {
                        if let record = records[lead.requestID] {
                            let (written, nextCheck) = try await check(lead, record: record, context: context,
                                                                       provincialAfterWorkingHours: provincialAfterWorkingHours, on: tx, now: now)
                            notices += written
                            next = nextCheck.map(Self.wholeSecond)
                        } else {
                            next = retry  // the case could not be read: try again later
                        }
                    }
                    // Only if no move changed the clock since this pass read the row (it would have set a new marker).
                    try await sqlTx.update(Assignment.schema).set("next_check_at", to: next)
                        .where("id", .equal, try lead.requireID()).where("next_check_at", .equal, lead.nextCheckAt).run()
                }
                return (notices, due.count + unreadable.count)
            }
            considered += notices
            if read < batchSize { break }
        }
        return considered
    }

    /// `date` rounded up to a whole second: stored and read back exactly on SQLite and PostgreSQL, so the conditional
    /// update above compares equal values.
    static func wholeSecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.up))
    }

    /// Writes the notices of `lead` whose instant lies between its scheduled check (`next_check_at`, the earliest
    /// instant not yet handled) and `now`, and returns how many, with the next instant something falls due (strictly
    /// after `now`), or `nil` when nothing can until its clock changes. A notice already written is not written again:
    /// its instant is before the scheduled check (and its key is unique besides).
    static func check(_ lead: Assignment, record: ServiceRequestRecord, context: DeadlineContext,
                      provincialAfterWorkingHours: Double, on tx: Database, now: Date) async throws -> (Int, Date?) {
        guard record.status.isActive, let clock = lead.currentClock, !clock.isStopped, !clock.isPaused else { return (0, nil) }
        let calendar = context.calendar(for: lead.agencyID)
        guard let due = clock.due(in: calendar) else { return (0, nil) }
        let scheduled = lead.nextCheckAt ?? Date(timeIntervalSince1970: 0)
        let policy = context.policy(serviceCode: record.serviceCode, urgency: record.urgency)
        let code = TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode
        let stageLabel = clock.stage == .acceptance ? "tiếp nhận" : "xử lý"
        let key = "\(lead.id!.uuidString):\(clock.stage.rawValue):\(Int(due.timeIntervalSince1970))"
        let reminderAt = policy.reminderTime(before: due, stage: clock.stage, calendar: calendar)
        let provincialAt = calendar.addingWorkingSeconds(provincialAfterWorkingHours * 3600, to: due)
        if now < due {
            guard now >= reminderAt else { return (0, reminderAt) }
            guard reminderAt >= scheduled else { return (0, due) }
            try await StaffNotices.notify(kind: .reminder, key: "reminder:\(key)", request: record, role: .agencyOfficer, agencyID: lead.agencyID,
                                          text: "Phản ánh \(code) sắp đến hạn \(stageLabel): \(VietnamTime.dateTimeText(due)).", on: tx, now: now)
            return (1, due)
        }
        var written = 0
        let text = "Phản ánh \(code) đã quá hạn \(stageLabel) (hạn \(VietnamTime.dateTimeText(due)))."
        if due >= scheduled {
            try await StaffNotices.notify(kind: .escalation, key: "escalation:\(key):leader", request: record, role: .agencyLeader,
                                          agencyID: lead.agencyID, text: text, on: tx, now: now)
            try await StaffNotices.notify(kind: .escalation, key: "escalation:\(key):coordinator", request: record, role: .coordinator,
                                          agencyID: nil, text: text, on: tx, now: now)
            written += 2
        }
        guard now >= provincialAt else { return (written, provincialAt) }
        if provincialAt >= scheduled {
            try await StaffNotices.notify(kind: .provincialEscalation, key: "escalation:\(key):provincial", request: record,
                                          role: .provincialLeader, agencyID: nil, text: text, on: tx, now: now)
            written += 1
        }
        return (written, nil)
    }
}
