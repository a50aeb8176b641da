import Foundation
import PAKNDomain

/// Due dates in Vietnamese working time (Open311 `expected_datetime`).
///
/// The working calendar is the standard public-sector week (Mon–Fri 07:00–11:00, 13:00–17:00,
/// Asia/Ho_Chi_Minh) with the official 2025 and 2026 holiday calendars and, for other years, the draft
/// generated from Bộ luật Lao động 2019 art. 112. Limits come from `SLAPolicyTable.defaults` by field × urgency
/// (domain.md §3.3). Holidays and limits as admin-edited data come with the deadlines issue.
enum Deadlines {
    static let calendar: WorkingCalendar = {
        let official = OfficialCalendars.all
        let officialYears = Set(official.map(\.year))
        let drafts = (2024...2035).filter { !officialYears.contains($0) }.compactMap { HolidayRules.draft(year: $0) }
        return WorkingCalendar(holidays: official + drafts)
    }()

    static func policy(serviceCode: String?, urgency: String?) -> SLAPolicy {
        SLAPolicyTable.defaults.policy(serviceCode: serviceCode, urgency: urgency.flatMap(Urgency.init(rawValue:)) ?? .normal)
    }

    /// At forwarding: the agency must accept by `acceptanceDue`; the citizen can expect an answer by
    /// `expectedAnswer`, counted as if acceptance came at the last allowed moment.
    static func atForwarding(_ forwardedAt: Date, serviceCode: String?, urgency: String?) -> (acceptanceDue: Date, expectedAnswer: Date) {
        let policy = policy(serviceCode: serviceCode, urgency: urgency)
        let acceptance = policy.acceptanceDue(forwardedAt: forwardedAt, calendar: calendar)
        return (acceptance, policy.resolutionDue(acceptedAt: acceptance, calendar: calendar))
    }

    /// At acceptance: the resolution clock starts now.
    static func atAcceptance(_ acceptedAt: Date, serviceCode: String?, urgency: String?) -> Date {
        policy(serviceCode: serviceCode, urgency: urgency).resolutionDue(acceptedAt: acceptedAt, calendar: calendar)
    }
}
