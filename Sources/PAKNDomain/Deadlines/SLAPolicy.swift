import Foundation

/// The time limits for one class of request (field × urgency): how long the receiving agency has to accept
/// it, how long to resolve it once accepted, and how early to remind before each due instant.
///
/// - `acceptanceLimit`: from forwarding to acceptance, normally in working hours.
/// - `resolutionLimit`: from acceptance to the answer, in working hours or working days.
/// - `reminderLead`: how long before the resolution due instant the reminder goes out, normally in working hours.
/// - `acceptanceReminderLead`: the same before the acceptance due instant (default 2 working hours).
/// - `source`: the legal or local rule the numbers come from, shown to admins next to the value.
/// All durations are working time under a `WorkingCalendar` (Asia/Ho_Chi_Minh by default).
public struct SLAPolicy: Hashable, Sendable, Codable {
    /// Forwarding → acceptance.
    public var acceptanceLimit: WorkingDuration
    /// Acceptance → answer.
    public var resolutionLimit: WorkingDuration
    /// Reminder before the resolution due instant.
    public var reminderLead: WorkingDuration
    /// Reminder before the acceptance due instant.
    public var acceptanceReminderLead: WorkingDuration
    /// The rule the numbers come from.
    public var source: String

    /// A policy; durations must not be negative (checked by `SLAPolicyTable`).
    public init(acceptanceLimit: WorkingDuration, resolutionLimit: WorkingDuration, reminderLead: WorkingDuration,
                acceptanceReminderLead: WorkingDuration = .workingHours(2), source: String) {
        self.acceptanceLimit = acceptanceLimit
        self.resolutionLimit = resolutionLimit
        self.reminderLead = reminderLead
        self.acceptanceReminderLead = acceptanceReminderLead
        self.source = source
    }

    /// When acceptance is due for a request forwarded to the agency at `forwardedAt`.
    public func acceptanceDue(forwardedAt: Date, calendar: WorkingCalendar) -> Date {
        calendar.adding(acceptanceLimit, to: forwardedAt)
    }

    /// When the answer is due for a request the agency accepted at `acceptedAt` (no pauses; see `DeadlineClock`).
    public func resolutionDue(acceptedAt: Date, calendar: WorkingCalendar) -> Date {
        calendar.adding(resolutionLimit, to: acceptedAt)
    }

    /// When to send the reminder for a due instant of `stage`: `reminderLead` (resolution) or
    /// `acceptanceReminderLead` (acceptance) of working time before it.
    public func reminderTime(before due: Date, stage: DeadlineClock.Stage, calendar: WorkingCalendar) -> Date {
        calendar.subtracting(stage == .acceptance ? acceptanceReminderLead : reminderLead, from: due)
    }

    /// A new acceptance clock started at forwarding.
    public func acceptanceClock(forwardedAt: Date) -> DeadlineClock {
        DeadlineClock(stage: .acceptance, startedAt: forwardedAt, limit: acceptanceLimit)
    }

    /// A new resolution clock started at acceptance.
    public func resolutionClock(acceptedAt: Date) -> DeadlineClock {
        DeadlineClock(stage: .resolution, startedAt: acceptedAt, limit: resolutionLimit)
    }
}
