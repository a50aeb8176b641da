import Foundation

/// The deadline clock of one stage (acceptance or resolution) of one agency's assignment (issue 3 §3):
///
/// - It starts at forwarding (acceptance) or at acceptance (resolution), with a limit in working time.
/// - It pauses while the agency waits for the citizen to supply information and resumes when it arrives:
///   the working time spent paused is added to the due instant.
/// - It stops when the stage ends: `.completed` (accepted, answered) or `.returnedToCoordinator` (the
///   agency's clock ends; a re-forward starts a new clock, and the server keeps both in the history).
/// - A completed answer can be taken back. When the agency leader returns the draft, the clock runs on as if the
///   draft had not been given (`withdrawCompletion()`: the leader is part of the agency, so the review time is the
///   agency's). When the coordinator sends an approved answer back, the clock resumes at that moment
///   (`resumeAfterCompletion(at:reason:)`: the coordinator's holding time is not the agency's). The on-time outcome
///   is then decided by the final answer.
/// - The agency may ask for an extension before the due instant, with a reason and a proposed due instant;
///   the coordinator approves or refuses. The original and the extended due instants are both kept, and
///   outcomes are reported against each.
///
/// All instants are absolute (`Date`); the arithmetic uses a `WorkingCalendar` (Asia/Ho_Chi_Minh by default),
/// passed to each query so a change to the holiday calendar moves the due instants that depend on it.
/// Mutations check the order of events and throw `DeadlineClockError`.
public struct DeadlineClock: Hashable, Sendable, Codable {
    /// Which limit the clock measures.
    public enum Stage: String, Hashable, Sendable, Codable {
        case acceptance
        case resolution
    }

    /// Why a clock stopped.
    public enum StopReason: String, Hashable, Sendable, Codable {
        /// The stage was done: accepted (acceptance clock) or answered (resolution clock).
        case completed
        /// The agency sent the request back to the coordinator.
        case returnedToCoordinator = "returned"
    }

    /// A wait for the citizen: `end` is nil while it lasts.
    public struct Pause: Hashable, Sendable, Codable {
        /// When the wait began.
        public var start: Date
        /// When the information arrived; `nil` while waiting.
        public var end: Date?
        /// What the agency waits for.
        public var reason: String
    }

    /// An agency's request for more time, and the coordinator's decision.
    public struct ExtensionRequest: Hashable, Sendable, Codable {
        /// The coordinator's answer.
        public enum Decision: Hashable, Sendable, Codable {
            case approved(at: Date)
            case refused(at: Date, reason: String)
        }

        /// When the agency asked.
        public var requestedAt: Date
        /// Why more time is needed.
        public var reason: String
        /// The due instant the agency proposes.
        public var proposedDue: Date
        /// `nil` while pending.
        public var decision: Decision?
    }

    /// How a stopped clock ended compared with a due instant.
    public enum Timeliness: String, Hashable, Sendable, Codable {
        case onTime = "on_time"
        case late
    }

    /// Acceptance or resolution.
    public let stage: Stage
    /// Forwarding (acceptance) or acceptance (resolution).
    public let startedAt: Date
    /// The limit from the SLA policy.
    public let limit: WorkingDuration
    public private(set) var pauses: [Pause] = []
    public private(set) var extensionRequests: [ExtensionRequest] = []
    public private(set) var stoppedAt: Date?
    public private(set) var stopReason: StopReason?

    /// A running clock with no pauses or extensions.
    public init(stage: Stage, startedAt: Date, limit: WorkingDuration) {
        self.stage = stage
        self.startedAt = startedAt
        self.limit = limit
    }

    // MARK: Events

    /// True while a pause has no end.
    public var isPaused: Bool { pauses.last.map { $0.end == nil } ?? false }
    /// True once the stage ended.
    public var isStopped: Bool { stoppedAt != nil }

    /// Starts waiting for the citizen at `date`.
    /// - Throws: `.stopped`, `.alreadyPaused`, `.outOfOrder` (before the start or the last event).
    public mutating func pause(at date: Date, reason: String) throws(DeadlineClockError) {
        try checkRunning(at: date)
        guard !isPaused else { throw .alreadyPaused }
        pauses.append(Pause(start: date, end: nil, reason: reason))
    }

    /// The citizen's information arrived at `date`.
    /// - Throws: `.stopped`, `.notPaused`, `.outOfOrder`.
    public mutating func resume(at date: Date) throws(DeadlineClockError) {
        guard !isStopped else { throw .stopped }
        guard isPaused else { throw .notPaused }
        guard date >= pauses[pauses.count - 1].start else { throw .outOfOrder }
        pauses[pauses.count - 1].end = date
    }

    /// Ends the stage at `date`. A pause still open ends at the same instant.
    /// - Throws: `.stopped`, `.outOfOrder`.
    public mutating func stop(at date: Date, reason: StopReason) throws(DeadlineClockError) {
        guard !isStopped else { throw .stopped }
        guard date >= latestEvent else { throw .outOfOrder }
        if isPaused { pauses[pauses.count - 1].end = date }
        stoppedAt = date
        stopReason = reason
    }

    /// Takes back a `.completed` stop as if it had never happened: the clock runs on from its start, and the time
    /// since the stop counts against the agency (the agency leader returned the draft answer, `returnDraft`).
    /// - Throws: `.notCompleted` unless the clock is stopped as `.completed`.
    public mutating func withdrawCompletion() throws(DeadlineClockError) {
        guard stopReason == .completed else { throw .notCompleted }
        stoppedAt = nil
        stopReason = nil
    }

    /// Takes back a `.completed` stop at `date`: the time between the stop and `date` is held outside the agency
    /// (recorded as a pause with `reason`), so the working time left at the stop is counted again from `date`
    /// (the coordinator sent the approved answer back to the agency, `sendBackToAgency`).
    /// - Throws: `.notCompleted` unless the clock is stopped as `.completed`; `.outOfOrder` when `date` is before
    ///   the stop.
    public mutating func resumeAfterCompletion(at date: Date, reason: String) throws(DeadlineClockError) {
        guard stopReason == .completed, let stoppedAt else { throw .notCompleted }
        guard date >= stoppedAt else { throw .outOfOrder }
        pauses.append(Pause(start: stoppedAt, end: date, reason: reason))
        self.stoppedAt = nil
        stopReason = nil
    }

    /// The agency asks, at `date`, to move the due instant to `proposedDue`.
    /// - Throws: `.stopped`, `.outOfOrder`, `.pendingExtension` (one is awaiting a decision), `.afterDue` (the due
    ///   instant has passed: an extension must be asked before it), `.notLater` (`proposedDue` is not after the
    ///   current due instant).
    public mutating func requestExtension(at date: Date, reason: String, proposedDue: Date, calendar: WorkingCalendar) throws(DeadlineClockError) {
        try checkRunning(at: date)
        guard extensionRequests.last.map({ $0.decision != nil }) ?? true else { throw .pendingExtension }
        if let due = due(in: calendar) {
            guard date < due else { throw .afterDue }
            guard proposedDue > due else { throw .notLater }
        }
        extensionRequests.append(ExtensionRequest(requestedAt: date, reason: reason, proposedDue: proposedDue, decision: nil))
    }

    /// The coordinator approves (`approve`) or refuses the pending extension request at `date`.
    /// - Throws: `.noPendingExtension`, `.outOfOrder`.
    public mutating func decideExtension(at date: Date, approve: Bool, reason: String = "") throws(DeadlineClockError) {
        guard let last = extensionRequests.last, last.decision == nil else { throw .noPendingExtension }
        guard date >= last.requestedAt else { throw .outOfOrder }
        extensionRequests[extensionRequests.count - 1].decision = approve ? .approved(at: date) : .refused(at: date, reason: reason)
    }

    // MARK: Derived values

    /// The due instant under the original limit: start + limit, moved later by the working time of every pause
    /// that began before it. `nil` while paused (it depends on when the information arrives).
    public func originalDue(in calendar: WorkingCalendar) -> Date? {
        Self.shift(calendar.adding(limit, to: startedAt), by: pauses, calendar: calendar).due
    }

    /// The latest approved extension's due instant, moved later by pauses that began after its approval;
    /// `nil` without an approved extension or while paused.
    public func extendedDue(in calendar: WorkingCalendar) -> Date? {
        guard let (approvedAt, proposed) = latestApprovedExtension else { return nil }
        return Self.shift(proposed, by: pauses.filter { $0.start >= approvedAt }, calendar: calendar).due
    }

    /// The due instant in force: the extended one if an extension was approved, else the original
    /// (Open311 `expected_datetime`). `nil` while paused.
    public func due(in calendar: WorkingCalendar) -> Date? {
        latestApprovedExtension == nil ? originalDue(in: calendar) : extendedDue(in: calendar)
    }

    /// Working seconds left until the due instant in force, at `now` (negative once overdue). While paused,
    /// the time left when the pause began (frozen); after the stop, the time left at the stop.
    public func workingSecondsLeft(at now: Date, in calendar: WorkingCalendar) -> TimeInterval {
        let base: Date
        let relevantPauses: [Pause]
        if let (approvedAt, proposed) = latestApprovedExtension {
            base = proposed
            relevantPauses = pauses.filter { $0.start >= approvedAt }
        } else {
            base = calendar.adding(limit, to: startedAt)
            relevantPauses = pauses
        }
        let moment = min(now, stoppedAt ?? now)
        switch Self.shift(base, by: relevantPauses, calendar: calendar) {
        case (let due?, _): return calendar.workingSeconds(from: moment, to: due)
        case (nil, let frozen?): return frozen
        case (nil, nil): preconditionFailure("a clock is either due or paused")
        }
    }

    /// True at `now` if the clock is running (not stopped, not paused) and past its due instant.
    public func isOverdue(at now: Date, in calendar: WorkingCalendar) -> Bool {
        guard !isStopped, let due = due(in: calendar) else { return false }
        return now > due
    }

    /// For a clock stopped as `.completed`: on time or late against the original due instant.
    public func outcomeAgainstOriginalDue(in calendar: WorkingCalendar) -> Timeliness? {
        guard stopReason == .completed, let stoppedAt, let due = originalDue(in: calendar) else { return nil }
        return stoppedAt <= due ? .onTime : .late
    }

    /// For a clock stopped as `.completed`: on time or late against the due instant in force (the extended one
    /// when an extension was approved).
    public func outcome(in calendar: WorkingCalendar) -> Timeliness? {
        guard stopReason == .completed, let stoppedAt, let due = due(in: calendar) else { return nil }
        return stoppedAt <= due ? .onTime : .late
    }

    // MARK: - Internals

    private var latestApprovedExtension: (approvedAt: Date, proposedDue: Date)? {
        for request in extensionRequests.reversed() {
            if case .approved(let at)? = request.decision { return (at, request.proposedDue) }
        }
        return nil
    }

    private var latestEvent: Date {
        var latest = startedAt
        for pause in pauses { latest = max(latest, pause.end ?? pause.start) }
        for request in extensionRequests {
            latest = max(latest, request.requestedAt)
            switch request.decision {
            case .approved(let at)?, .refused(let at, _)?: latest = max(latest, at)
            case nil: break
            }
        }
        return latest
    }

    private func checkRunning(at date: Date) throws(DeadlineClockError) {
        guard !isStopped else { throw .stopped }
        guard date >= latestEvent else { throw .outOfOrder }
    }

    /// Moves `due` later by each pause that starts before it: the working time left when the pause began is
    /// counted again from the resumption. With an open pause, returns the frozen working seconds left instead.
    static func shift(_ due: Date, by pauses: [Pause], calendar: WorkingCalendar) -> (due: Date?, frozenSecondsLeft: TimeInterval?) {
        var due = due
        for pause in pauses.sorted(by: { $0.start < $1.start }) where pause.start < due {
            let left = calendar.workingSeconds(from: pause.start, to: due)
            guard let end = pause.end else { return (nil, max(0, left)) }
            if left > 0 { due = calendar.addingWorkingSeconds(left, to: max(end, pause.start)) }
        }
        return (due, nil)
    }
}

/// Why an event could not be applied to a `DeadlineClock`.
public enum DeadlineClockError: Error, Equatable, Sendable {
    case stopped
    case alreadyPaused
    case notPaused
    /// The event is earlier than the clock's start or its last event.
    case outOfOrder
    case pendingExtension
    case noPendingExtension
    /// An extension was asked after the due instant.
    case afterDue
    /// The proposed due instant is not later than the current one.
    case notLater
    /// A completion was to be taken back, but the clock is running or stopped for another reason.
    case notCompleted
}
