import Foundation

/// The life of one call built from CTI events that may arrive late, twice, or out of order (channels.md §4.7,
/// anchors.md §3 `Cti::Log.process`).
///
/// Rules:
/// - `newCall` sets the ringing start (`initializedAt`); a repeated `newCall` (group ringing) changes nothing.
/// - `answer` sets `answeredAt` unless the call already ended before that instant; without a prior `newCall` the call
///   is created (ringing from the answer).
/// - `hangup` sets `endedAt` and `cause`; a second `hangup` changes nothing; without a prior `newCall` the call is
///   created and, never answered, counts as missed.
/// - An inbound call is **missed** when it ended without an answer and the cause is not `forwarded`; it then belongs
///   in the call-back queue.
public struct CallState: Sendable, Equatable {
    /// Where the call stands.
    public enum Status: String, Sendable, Equatable, Codable {
        case ringing, answered, ended, missed
    }

    /// The first instant the call was seen ringing.
    public var initializedAt: Date
    /// When it was answered.
    public var answeredAt: Date?
    /// When it ended.
    public var endedAt: Date?
    /// `cause` of the hangup, as sent.
    public var cause: String?
    /// `direction`.
    public var direction: CTIEvent.Direction

    /// A call first seen through `event` at `at`.
    public init(first event: CTIEvent, at: Date) {
        initializedAt = at
        direction = event.direction
        apply(event, at: at)
    }

    /// A ringing call of `direction` first seen at `stored` (to restore a stored call, then set the other fields).
    public init(stored: Date, direction: CTIEvent.Direction) {
        initializedAt = stored
        self.direction = direction
    }

    /// The state after `event` received at `at`. Idempotent: applying the same event again changes nothing.
    public mutating func apply(_ event: CTIEvent, at: Date) {
        switch event.kind {
        case .newCall:
            if at < initializedAt { initializedAt = at }
        case .answer:
            guard answeredAt == nil else { return }
            if let endedAt, endedAt <= at { return }
            answeredAt = at
        case .hangup:
            guard endedAt == nil else { return }
            endedAt = at
            cause = event.cause?.rawValue
        }
    }

    /// The status: ringing until a hangup; then answered-and-ended, or missed (inbound, never answered, not
    /// forwarded), or ended.
    public var status: Status {
        guard endedAt != nil else { return answeredAt == nil ? .ringing : .answered }
        if answeredAt == nil, direction == .inbound, cause != "forwarded" { return .missed }
        return .ended
    }

    /// Seconds from ringing to answer (or to the end when never answered).
    public var waitingSeconds: TimeInterval? {
        (answeredAt ?? endedAt).map { $0.timeIntervalSince(initializedAt) }
    }

    /// Seconds from answer to the end; `nil` when never answered or still going.
    public var talkingSeconds: TimeInterval? {
        guard let answeredAt, let endedAt else { return nil }
        return endedAt.timeIntervalSince(answeredAt)
    }
}
