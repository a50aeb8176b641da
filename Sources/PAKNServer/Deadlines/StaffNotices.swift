import Fluent
import Foundation
import PAKNDomain
import SQLKit

/// Writes staff notices once: `INSERT … ON CONFLICT (idempotency_key) DO NOTHING`, on SQLite and PostgreSQL,
/// so two scheduler processes, or a restart that scans again, never write the same notice twice.
enum StaffNotices {
    static func notify(kind: String, key: String, request: ServiceRequestRecord, role: Role, agencyID: UUID?,
                       text: String, on db: Database, now: Date = Date()) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.insert(into: StaffNotification.schema)
            .columns("id", "idempotency_key", "kind", "request_id", "agency_id", "role", "text", "created_at")
            .values(SQLBind(UUID()), SQLBind(key), SQLBind(kind), SQLBind(try request.requireID()), SQLBind(agencyID),
                    SQLBind(role.rawValue), SQLBind(text), SQLBind(now))
            .ignoringConflicts(with: ["idempotency_key"])
            .run()
    }

    /// The notices a staff member receives: those for their role, and for agency roles only their agency's.
    static func visible(to acting: Acting, limit: Int = 100, on db: Database) async throws -> [StaffNotification] {
        guard let role = acting.role else { return [] }
        var query = StaffNotification.query(on: db).filter(\.$role == role.rawValue)
        if role.isAgencyScoped {
            guard let agency = acting.agencyID else { return [] }
            query = query.filter(\.$agencyID == agency)
        }
        return try await query.sort(\.$createdAt, .descending).limit(limit).all()
    }
}

/// Reminders before due instants and escalations after them (issue 3 §4). Runs in the job loop of
/// `pakn serve` and of `pakn jobs`. State-based: each pass looks at every running clock and writes the notices
/// that are due, keyed by (assignment, stage, due instant), so a restart catches up without sending twice.
/// On PostgreSQL a transaction-level advisory lock lets one process scan at a time.
enum DeadlineScheduler {
    /// One pass. Returns how many notices were considered (written or already present).
    @discardableResult
    static func scan(on db: Database, provincialAfterWorkingHours: Double, now: Date = Date()) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let isPostgres = sql.dialect.name == "postgresql"
        return try await db.writeTransaction { tx in
            if isPostgres {
                let row = try await (tx as! any SQLDatabase).raw("SELECT pg_try_advisory_xact_lock(1022002) AS got").first()
                guard try row?.decode(column: "got", as: Bool.self) == true else { return 0 }
            }
            let context = try await DeadlineStore.load(on: tx)
            let leads = try await Assignment.query(on: tx).filter(\.$active == true).filter(\.$role == "lead").all()
            guard !leads.isEmpty else { return 0 }
            let records = Dictionary(try await ServiceRequestRecord.query(on: tx).filter(\.$id ~~ leads.map(\.requestID)).all().map { ($0.id!, $0) },
                                     uniquingKeysWith: { a, _ in a })
            var count = 0
            for lead in leads {
                guard let record = records[lead.requestID], RequestStatus(rawValue: record.status)?.isActive == true,
                      let clock = lead.currentClock, !clock.isStopped, !clock.isPaused else { continue }
                let calendar = context.calendar(for: lead.agencyID)
                guard let due = clock.due(in: calendar) else { continue }
                let policy = context.policy(serviceCode: record.serviceCode, urgency: record.urgency)
                let code = TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode
                let stageLabel = clock.stage == .acceptance ? "tiếp nhận" : "xử lý"
                let key = "\(lead.id!.uuidString):\(clock.stage.rawValue):\(Int(due.timeIntervalSince1970))"
                if now < due, now >= policy.reminderTime(before: due, stage: clock.stage, calendar: calendar) {
                    try await StaffNotices.notify(kind: "reminder", key: "reminder:\(key)", request: record, role: .agencyOfficer, agencyID: lead.agencyID,
                                                  text: "Phản ánh \(code) sắp đến hạn \(stageLabel): \(Layout.date(due)).", on: tx, now: now)
                    count += 1
                } else if now >= due {
                    let text = "Phản ánh \(code) đã quá hạn \(stageLabel) (hạn \(Layout.date(due)))."
                    try await StaffNotices.notify(kind: "escalation", key: "escalation:\(key):leader", request: record, role: .agencyLeader,
                                                  agencyID: lead.agencyID, text: text, on: tx, now: now)
                    try await StaffNotices.notify(kind: "escalation", key: "escalation:\(key):coordinator", request: record, role: .coordinator,
                                                  agencyID: nil, text: text, on: tx, now: now)
                    count += 2
                    if calendar.workingSeconds(from: due, to: now) >= provincialAfterWorkingHours * 3600 {
                        try await StaffNotices.notify(kind: "provincialEscalation", key: "escalation:\(key):provincial", request: record,
                                                      role: .provincialLeader, agencyID: nil, text: text, on: tx, now: now)
                        count += 1
                    }
                }
            }
            return count
        }
    }
}
