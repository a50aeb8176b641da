import Fluent
import Foundation
import PAKNDomain

/// What staff see of a case's deadlines: due instants, time left in working hours, pauses, extensions.
struct DeadlineSummary {
    let stage: DeadlineClock.Stage
    let due: Date?
    let originalDue: Date?
    /// Working seconds left (negative: overdue).
    let secondsLeft: TimeInterval
    let isPaused: Bool
    let pendingExtension: DeadlineClock.ExtensionRequest?
    let outcome: DeadlineClock.Timeliness?

    init?(lead: Assignment, context: DeadlineContext, now: Date = Date()) {
        guard let clock = lead.currentClock else { return nil }
        let calendar = context.calendar(for: lead.agencyID)
        stage = clock.stage
        due = clock.due(in: calendar)
        originalDue = clock.originalDue(in: calendar)
        secondsLeft = clock.workingSecondsLeft(at: now, in: calendar)
        isPaused = clock.isPaused
        pendingExtension = clock.extensionRequests.last.flatMap { $0.decision == nil ? $0 : nil }
        outcome = lead.outcome
    }

    /// "còn 5,5 giờ làm việc" / "quá hạn 2 giờ làm việc" / "tạm dừng (chờ bổ sung)".
    var timeLeftText: String {
        if isPaused { return "tạm dừng – chờ người gửi bổ sung (còn \(Self.hours(secondsLeft)) giờ làm việc)" }
        if let outcome { return outcome == .onTime ? "đã trả lời đúng hạn" : "đã trả lời trễ hạn" }
        return secondsLeft >= 0 ? "còn \(Self.hours(secondsLeft)) giờ làm việc" : "quá hạn \(Self.hours(-secondsLeft)) giờ làm việc"
    }

    var isOverdue: Bool { !isPaused && outcome == nil && secondsLeft < 0 }

    static func hours(_ seconds: TimeInterval) -> String {
        VietnameseText.decimal(seconds / 3600)
    }
}

extension DeadlineSummary {
    /// The summaries of the lead assignments of these cases, with one query and one calendar load.
    static func forRequests(_ ids: [UUID], on db: Database, now: Date = Date()) async throws -> [UUID: DeadlineSummary] {
        guard !ids.isEmpty else { return [:] }
        let context = try await DeadlineStore.load(on: db)
        let leads = try await Assignment.query(on: db).filter(\.$requestID ~~ ids).filter(\.$active == true).filter(\.$role == .lead).allReadable(logger: db.logger)
        var result: [UUID: DeadlineSummary] = [:]
        for lead in leads { result[lead.requestID] = DeadlineSummary(lead: lead, context: context, now: now) }
        return result
    }
}
