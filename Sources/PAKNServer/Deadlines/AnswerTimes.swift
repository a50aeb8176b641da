import Fluent
import Foundation
import PAKNDomain
import SQLKit

/// The stored time to answer of every answered assignment (`assignments.answer_working_seconds`): working seconds
/// from forwarding to the answer in the agency's calendar (`DeadlineContext.calendar(for:)`). `CaseWorkflow` writes
/// it at the answer; this recomputes it for the whole archive, in batches by id: migration 0013 fills the rows
/// answered before it, and `pakn stats rebuild` after the calendar or an agency's hours changed.
enum AnswerTimes {
    /// Recomputes every answered assignment's time; returns how many rows it wrote.
    @discardableResult
    static func rebuild(on db: Database, batchSize: Int = 1000) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        var context: DeadlineContext?
        var calendars: [UUID: WorkingCalendar] = [:]
        var after: UUID?
        var written = 0
        while true {
            let query = sql.select().columns("id", "agency_id", "forwarded_at", "answered_at").from("assignments")
                .where("answered_at", .isNot, SQLLiteral.null).orderBy("id").limit(batchSize)
            if let after { query.where("id", .greaterThan, SQLBind(after)) }
            let rows = try await query.all()
            guard let last = rows.last else { return written }
            if context == nil { context = try await DeadlineStore.load(on: db) }
            let deadlines = context!
            var updates: [(UUID, Double)] = []
            for row in rows {
                let agency = try row.decode(column: "agency_id", as: UUID.self)
                let calendar = calendars[agency] ?? deadlines.calendar(for: agency)
                calendars[agency] = calendar
                updates.append((try row.decode(column: "id", as: UUID.self),
                                calendar.workingSeconds(from: try row.decode(column: "forwarded_at", as: Date.self),
                                                        to: try row.decode(column: "answered_at", as: Date.self))))
            }
            let batch = updates
            try await db.writeTransaction { tx in
                let tsql = tx as! any SQLDatabase
                for (id, seconds) in batch {
                    try await tsql.update("assignments").set("answer_working_seconds", to: SQLBind(seconds)).where("id", .equal, SQLBind(id)).run()
                }
            }
            written += rows.count
            after = try last.decode(column: "id", as: UUID.self)
        }
    }
}
