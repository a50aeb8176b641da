import Fluent
import Foundation
import PAKNDomain

/// The deadline clocks stored on an assignment, and the due dates derived from them.
extension Assignment {
    /// The clock of the stage in progress: resolution once accepted, else acceptance.
    var currentClock: DeadlineClock? { resolution ?? acceptance }

    /// Re-derives `dueAt` and `originalDueAt` from the current clock (nil while paused or stopped).
    func refreshDueDates(in calendar: WorkingCalendar) {
        guard let clock = currentClock, !clock.isStopped else { nextCheckAt = nil; return }
        dueAt = clock.due(in: calendar)
        originalDueAt = clock.originalDue(in: calendar)
        // The clock changed: the deadline scan looks at it at its next pass and schedules the check after that.
        nextCheckAt = role == .lead ? DeadlineScheduler.checkAtNextPass() : nil
    }
}

/// Keeps the due dates of running clocks in step with the calendar, working hours and policies.
enum DueDates {
    /// The case's expected answer (Open311 `expected_datetime`) from its lead assignment: the resolution due
    /// once accepted; before acceptance, the resolution limit counted from the acceptance due; nil while paused.
    static func expectedAnswer(lead: Assignment, record: ServiceRequestRecord, context: DeadlineContext) -> Date? {
        let calendar = context.calendar(for: lead.agencyID)
        if let resolution = lead.resolution { return resolution.isStopped ? record.dueAt : resolution.due(in: calendar) }
        guard let acceptance = lead.acceptance, let acceptanceDue = acceptance.due(in: calendar) else { return nil }
        return context.policy(serviceCode: record.serviceCode, urgency: record.urgency).resolutionDue(acceptedAt: acceptanceDue, calendar: calendar)
    }

    /// Recomputes every active assignment's due dates and every open case's `dueAt` (after a calendar,
    /// working-hours or policy change: "due dates that depend on it follow").
    static func recomputeAll(on db: Database) async throws {
        let context = try await DeadlineStore.load(on: db)
        let active = try await Assignment.query(on: db).filter(\.$active == true).all()
        for assignment in active {
            assignment.refreshDueDates(in: context.calendar(for: assignment.agencyID))
            try await assignment.save(on: db)
        }
        let leads = Dictionary(active.filter { $0.role == .lead }.map { ($0.requestID, $0) }, uniquingKeysWith: { a, _ in a })
        guard !leads.isEmpty else { return }
        for record in try await ServiceRequestRecord.query(on: db).filter(\.$id ~~ Array(leads.keys)).all() {
            guard let lead = leads[record.id!], record.status.isActive else { continue }
            record.dueAt = expectedAnswer(lead: lead, record: record, context: context)
            try await record.save(on: db)
        }
    }
}
