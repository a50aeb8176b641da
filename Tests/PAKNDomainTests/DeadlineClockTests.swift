import Foundation
import Testing
@testable import PAKNDomain



private let hour = 3600.0

@Suite("Deadline clocks: pause, extension, outcome")
struct DeadlineClockTests {
    /// A 3-working-day resolution clock accepted Mon 2/3/2026 09:00, due Thu 5/3 09:00.
    private func threeDayClock() -> DeadlineClock {
        DeadlineClock(stage: .resolution, startedAt: vn("2026-03-02 09:00"), limit: .workingDays(3))
    }

    @Test func runningClock() {
        let clock = threeDayClock()
        // Tue 3 (1), Wed 4 (2), Thu 5/3 (3) at 09:00.
        #expect(vnText(clock.due(in: office)) == "2026-03-05 09:00")
        // At Wed 4/3 09:00: Wed 09–11, 13–17 (6 h) + Thu 07–09 (2 h) = 8 h left.
        #expect(clock.workingSecondsLeft(at: vn("2026-03-04 09:00"), in: office) == 8 * hour)
        // At Thu 5/3 10:00: 1 h overdue.
        #expect(clock.workingSecondsLeft(at: vn("2026-03-05 10:00"), in: office) == -1 * hour)
        #expect(clock.isOverdue(at: vn("2026-03-05 09:01"), in: office))
        #expect(!clock.isOverdue(at: vn("2026-03-05 09:00"), in: office))
    }

    @Test func pauseWhileWaitingForTheCitizen() throws {
        // setup
        var clock = threeDayClock()
        // act: paused Tue 3/3 09:00 — left then: Tue 09–11, 13–17 (6 h), Wed (14 h), Thu 07–09 (16 h).
        try clock.pause(at: vn("2026-03-03 09:00"), reason: "Chờ công dân bổ sung ảnh")
        // check: no due instant while paused; the time left is frozen at 16 h.
        #expect(clock.isPaused)
        #expect(clock.due(in: office) == nil)
        #expect(clock.workingSecondsLeft(at: vn("2026-03-04 08:00"), in: office) == 16 * hour)
        #expect(!clock.isOverdue(at: vn("2026-03-10 08:00"), in: office))
        // act: resumed Wed 4/3 09:00 — 16 h from then: Wed 09–11, 13–17 (6 h), Thu (14 h), Fri 07–09 (16 h).
        try clock.resume(at: vn("2026-03-04 09:00"))
        // check: the due instant moved by the 8 working hours spent waiting.
        #expect(vnText(clock.due(in: office)) == "2026-03-06 09:00")
        #expect(clock.workingSecondsLeft(at: vn("2026-03-04 09:00"), in: office) == 16 * hour)
        // A pause after hours only costs the working time inside it: Thu 5/3 16:00–18:00 is 1 working hour.
        try clock.pause(at: vn("2026-03-05 16:00"), reason: "Chờ bổ sung")
        try clock.resume(at: vn("2026-03-05 18:00"))
        // Left at Thu 16:00: Thu 16–17 (1 h) + Fri 07–09 (2 h) = 3 h; from Thu 18:00: Fri 07–10.
        #expect(vnText(clock.due(in: office)) == "2026-03-06 10:00")
    }

    @Test func extensionKeepsBothDueInstants() throws {
        // setup: paused and resumed as above, original due Fri 6/3 09:00
        var clock = threeDayClock()
        try clock.pause(at: vn("2026-03-03 09:00"), reason: "Chờ công dân")
        try clock.resume(at: vn("2026-03-04 09:00"))
        // act: the agency asks on Wed 4/3 10:00 for Mon 9/3 17:00; the coordinator approves at 11:00.
        try clock.requestExtension(at: vn("2026-03-04 10:00"), reason: "Cần khảo sát hiện trường", proposedDue: vn("2026-03-09 17:00"), calendar: office)
        #expect(vnText(clock.due(in: office)) == "2026-03-06 09:00")  // pending: unchanged
        try clock.decideExtension(at: vn("2026-03-04 11:00"), approve: true)
        // check
        #expect(vnText(clock.originalDue(in: office)) == "2026-03-06 09:00")
        #expect(vnText(clock.extendedDue(in: office)) == "2026-03-09 17:00")
        #expect(vnText(clock.due(in: office)) == "2026-03-09 17:00")
        #expect(!clock.isOverdue(at: vn("2026-03-09 10:00"), in: office))
        // act: answered Mon 9/3 10:00
        try clock.stop(at: vn("2026-03-09 10:00"), reason: .completed)
        // check: on time against the extension, late against the original
        #expect(clock.outcome(in: office) == .onTime)
        #expect(clock.outcomeAgainstOriginalDue(in: office) == .late)
        // After the stop the time left is frozen at the stop: Mon 10–11, 13–17 = 5 h.
        #expect(clock.workingSecondsLeft(at: vn("2026-03-20 10:00"), in: office) == 5 * hour)
        #expect(!clock.isOverdue(at: vn("2026-03-20 10:00"), in: office))
    }

    @Test func pauseAfterAnApprovedExtensionMovesBothDueInstants() throws {
        // setup: due Thu 5/3 09:00; extension to Mon 9/3 17:00 approved Wed 4/3 11:00
        var clock = threeDayClock()
        try clock.requestExtension(at: vn("2026-03-04 10:00"), reason: "Khảo sát", proposedDue: vn("2026-03-09 17:00"), calendar: office)
        try clock.decideExtension(at: vn("2026-03-04 11:00"), approve: true)
        // act: waits for the citizen all of Thu 5/3 (07:00–17:00, 8 working hours)
        try clock.pause(at: vn("2026-03-05 07:00"), reason: "Chờ công dân")
        try clock.resume(at: vn("2026-03-05 17:00"))
        // check: extended: left at the pause Thu + Fri + Mon = 24 h; from Thu 17:00: Fri, Mon, Tue → Tue 10/3 17:00.
        #expect(vnText(clock.due(in: office)) == "2026-03-10 17:00")
        // Original: left at the pause Thu 07–09 = 2 h; from Thu 17:00: Fri 07–09 → Fri 6/3 09:00.
        #expect(vnText(clock.originalDue(in: office)) == "2026-03-06 09:00")
    }

    @Test func refusedExtensionChangesNothing() throws {
        var clock = threeDayClock()
        try clock.requestExtension(at: vn("2026-03-03 10:00"), reason: "Thiếu người", proposedDue: vn("2026-03-12 10:00"), calendar: office)
        try clock.decideExtension(at: vn("2026-03-03 15:00"), approve: false, reason: "Không đủ căn cứ")
        #expect(vnText(clock.due(in: office)) == "2026-03-05 09:00")
        #expect(clock.extendedDue(in: office) == nil)
        try clock.stop(at: vn("2026-03-05 09:30"), reason: .completed)
        #expect(clock.outcome(in: office) == .late)
    }

    @Test func invalidEvents() throws {
        var clock = threeDayClock()
        // Before the start
        #expect(throws: DeadlineClockError.outOfOrder) { try clock.pause(at: vn("2026-03-01 09:00"), reason: "x") }
        #expect(throws: DeadlineClockError.notPaused) { try clock.resume(at: vn("2026-03-03 09:00")) }
        try clock.pause(at: vn("2026-03-03 09:00"), reason: "x")
        #expect(throws: DeadlineClockError.alreadyPaused) { try clock.pause(at: vn("2026-03-03 10:00"), reason: "y") }
        #expect(throws: DeadlineClockError.outOfOrder) { try clock.resume(at: vn("2026-03-03 08:00")) }
        try clock.resume(at: vn("2026-03-03 10:00"))
        // The due instant is now Thu 5/3 10:00 (1 working hour paused).
        #expect(throws: DeadlineClockError.notLater) {
            try clock.requestExtension(at: vn("2026-03-04 09:00"), reason: "r", proposedDue: vn("2026-03-05 10:00"), calendar: office)
        }
        #expect(throws: DeadlineClockError.afterDue) {
            try clock.requestExtension(at: vn("2026-03-05 10:30"), reason: "r", proposedDue: vn("2026-03-09 10:00"), calendar: office)
        }
        #expect(throws: DeadlineClockError.noPendingExtension) { try clock.decideExtension(at: vn("2026-03-04 09:00"), approve: true) }
        try clock.requestExtension(at: vn("2026-03-04 09:00"), reason: "r", proposedDue: vn("2026-03-09 10:00"), calendar: office)
        #expect(throws: DeadlineClockError.pendingExtension) {
            try clock.requestExtension(at: vn("2026-03-04 09:30"), reason: "r", proposedDue: vn("2026-03-10 10:00"), calendar: office)
        }
        try clock.stop(at: vn("2026-03-04 10:00"), reason: .returnedToCoordinator)
        #expect(throws: DeadlineClockError.stopped) { try clock.stop(at: vn("2026-03-04 11:00"), reason: .completed) }
        #expect(throws: DeadlineClockError.stopped) { try clock.pause(at: vn("2026-03-04 11:00"), reason: "x") }
        // A return to the coordinator has no on-time/late outcome; a re-forward starts a new clock.
        #expect(clock.outcome(in: office) == nil)
    }

    @Test func acceptanceClockFromThePolicy() throws {
        // setup: forwarded Fri 13/2/2026 16:00 — 8 working hours: Fri 16–17, Mon 23/2 07–11, 13–16.
        let policy = SLAPolicyTable.defaults.policy(serviceCode: "su_co_duong", urgency: .normal)
        var acceptance = policy.acceptanceClock(forwardedAt: vn("2026-02-13 16:00"))
        #expect(vnText(acceptance.due(in: office)) == "2026-02-23 16:00")
        // act: accepted Mon 23/2 15:00
        try acceptance.stop(at: vn("2026-02-23 15:00"), reason: .completed)
        // check
        #expect(acceptance.outcome(in: office) == .onTime)
        // The resolution clock starts at acceptance: 3 working days → Thu 26/2 15:00.
        let resolution = policy.resolutionClock(acceptedAt: vn("2026-02-23 15:00"))
        #expect(vnText(resolution.due(in: office)) == "2026-02-26 15:00")
        #expect(resolution.stage == .resolution)
    }

    @Test func dueFollowsTheHolidayCalendar() {
        // An admin who switches 24/11/2026 off moves the due instants that cross it.
        let clock = DeadlineClock(stage: .resolution, startedAt: vn("2026-11-23 16:00"), limit: .workingHours(2))
        let withCultureDay = office
        let without = WorkingCalendar(holidays: [OfficialCalendars.vietnam2025, OfficialCalendars.vietnam2026.settingOccasion(.vietnameseCultureDay, enabled: false)])
        // Mon 16–17 (1 h), then Wed 25/11 07–08 with the holiday; Tue 24/11 07–08 without.
        #expect(vnText(clock.due(in: withCultureDay)) == "2026-11-25 08:00")
        #expect(vnText(clock.due(in: without)) == "2026-11-24 08:00")
    }

    @Test func clockRoundTripsThroughJSON() throws {
        var clock = threeDayClock()
        try clock.pause(at: vn("2026-03-03 09:00"), reason: "Chờ")
        try clock.resume(at: vn("2026-03-04 09:00"))
        try clock.requestExtension(at: vn("2026-03-04 10:00"), reason: "r", proposedDue: vn("2026-03-09 17:00"), calendar: office)
        try clock.decideExtension(at: vn("2026-03-04 11:00"), approve: false, reason: "no")
        let decoded = try JSONDecoder().decode(DeadlineClock.self, from: try JSONEncoder().encode(clock))
        #expect(decoded == clock)
    }

    @Test func draftReturnedByTheLeaderCountsAgainstTheAgency() throws {
        // setup: due Thu 5/3 09:00; the officer's draft on Wed 4/3 09:00.
        var clock = threeDayClock()
        try clock.stop(at: vn("2026-03-04 09:00"), reason: .completed)
        #expect(clock.outcome(in: office) == .onTime)
        // act: the agency leader returns the draft on Wed 4/3 15:00.
        try clock.withdrawCompletion()
        // check: running again, same due instant, as if the draft had not been given.
        #expect(!clock.isStopped)
        #expect(clock.outcome(in: office) == nil)
        #expect(vnText(clock.due(in: office)) == "2026-03-05 09:00")
        // At Thu 5/3 08:00, 1 working hour is left (the leader's review time was the agency's).
        #expect(clock.workingSecondsLeft(at: vn("2026-03-05 08:00"), in: office) == 1 * hour)
        // The final answer, Thu 5/3 10:00, is 1 h after the due instant: late.
        try clock.stop(at: vn("2026-03-05 10:00"), reason: .completed)
        #expect(clock.outcome(in: office) == .late)
    }

    @Test func answerSentBackByTheCoordinatorResumesAtTheSendingBack() throws {
        // setup: due Thu 5/3 09:00; answered Wed 4/3 09:00 with 8 working hours left (Wed 09–11, 13–17; Thu 07–09).
        var clock = threeDayClock()
        try clock.stop(at: vn("2026-03-04 09:00"), reason: .completed)
        // act: the coordinator sends the approved answer back on Fri 6/3 09:00.
        try clock.resumeAfterCompletion(at: vn("2026-03-06 09:00"), reason: "Trả lại cơ quan")
        // check: the 8 h left are counted from Fri 09:00: Fri 09–11, 13–17 (6 h), Mon 9/3 07–09 (8 h).
        #expect(!clock.isStopped)
        #expect(vnText(clock.due(in: office)) == "2026-03-09 09:00")
        // The final answer on Mon 9/3 08:30 is on time.
        try clock.stop(at: vn("2026-03-09 08:30"), reason: .completed)
        #expect(clock.outcome(in: office) == .onTime)
    }

    @Test func onlyACompletedStopCanBeTakenBack() throws {
        var running = threeDayClock()
        #expect(throws: DeadlineClockError.notCompleted) { try running.withdrawCompletion() }
        #expect(throws: DeadlineClockError.notCompleted) { try running.resumeAfterCompletion(at: vn("2026-03-04 09:00"), reason: "x") }
        var returned = threeDayClock()
        try returned.stop(at: vn("2026-03-03 09:00"), reason: .returnedToCoordinator)
        #expect(throws: DeadlineClockError.notCompleted) { try returned.withdrawCompletion() }
        var answered = threeDayClock()
        try answered.stop(at: vn("2026-03-04 09:00"), reason: .completed)
        #expect(throws: DeadlineClockError.outOfOrder) { try answered.resumeAfterCompletion(at: vn("2026-03-04 08:00"), reason: "x") }
    }
}
