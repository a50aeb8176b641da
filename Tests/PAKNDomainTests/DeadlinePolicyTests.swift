import Foundation
import Testing
@testable import PAKNDomain




@Suite("SLA policies (domain.md §3.3)")
struct DeadlinePolicyTests {
    @Test func defaultTableLookUp() {
        let table = SLAPolicyTable.defaults
        // On-site fields, thường: 3 working days (Đà Nẵng QĐ 960/QĐ-UBND).
        for code in SLAPolicyTable.onSiteServiceCodes {
            #expect(table.policy(serviceCode: code, urgency: .normal).resolutionLimit == .workingDays(3), "\(code)")
        }
        // Khẩn: 4 working hours whatever the field (iHanoi QĐ 1207/QĐ-UBND).
        #expect(table.policy(serviceCode: "chieu_sang", urgency: .urgent).resolutionLimit == .workingHours(4))
        #expect(table.policy(serviceCode: nil, urgency: .urgent).resolutionLimit == .workingHours(4))
        // Other thường: 10 working days; phức tạp: 15, even for an on-site field.
        #expect(table.policy(serviceCode: "dat_dai", urgency: .normal).resolutionLimit == .workingDays(10))
        #expect(table.policy(serviceCode: nil, urgency: .normal).resolutionLimit == .workingDays(10))
        #expect(table.policy(serviceCode: "su_co_duong", urgency: .complex).resolutionLimit == .workingDays(15))
        // Acceptance: 8 working hours everywhere, each rule citing its source.
        for rule in table.rules {
            #expect(rule.policy.acceptanceLimit == .workingHours(8))
            #expect(rule.policy.source.contains("1207/QĐ-UBND"))
        }
        #expect(table.policy(serviceCode: "cay_xanh", urgency: .normal).source.contains("960/QĐ-UBND"))
        #expect(Urgency.allCases.map(\.rawValue) == ["khan", "thuong", "phuc_tap"])
    }

    @Test func dueInstantsFromTheDefaults() {
        let table = SLAPolicyTable.defaults
        // Acceptance, forwarded Fri 13/2/2026 16:00: Fri 16–17 (1 h); Tết 14–22/2; Mon 23/2 07–11 (5 h), 13–16 (8 h).
        #expect(vnText(table.policy(serviceCode: nil, urgency: .normal).acceptanceDue(forwardedAt: vn("2026-02-13 16:00"), calendar: office)) == "2026-02-23 16:00")
        // Khẩn accepted Fri 13/2 10:00: 10–11 (1 h), 13–16 (4 h): the same afternoon.
        #expect(vnText(table.policy(serviceCode: "ngap_ung", urgency: .urgent).resolutionDue(acceptedAt: vn("2026-02-13 10:00"), calendar: office)) == "2026-02-13 16:00")
        // Khẩn accepted Fri 13/2 16:00: 16–17 (1 h), then Mon 23/2 07–10 (4 h).
        #expect(vnText(table.policy(serviceCode: "ngap_ung", urgency: .urgent).resolutionDue(acceptedAt: vn("2026-02-13 16:00"), calendar: office)) == "2026-02-23 10:00")
        // Street lighting accepted Fri 13/2 16:00: 3 working days: Mon 23, Tue 24, Wed 25/2 at 16:00.
        #expect(vnText(table.policy(serviceCode: "chieu_sang", urgency: .normal).resolutionDue(acceptedAt: vn("2026-02-13 16:00"), calendar: office)) == "2026-02-25 16:00")
        // Thường accepted Mon 2/3 09:00: 10 working days → Mon 16/3 09:00.
        #expect(vnText(table.policy(serviceCode: nil, urgency: .normal).resolutionDue(acceptedAt: vn("2026-03-02 09:00"), calendar: office)) == "2026-03-16 09:00")
        // Phức tạp accepted Thu 23/4 10:00: 15 working days, skipping Giỗ Tổ (Mon 27/4 off) and 30/4–1/5 → Tue 19/5 10:00.
        #expect(vnText(table.policy(serviceCode: nil, urgency: .complex).resolutionDue(acceptedAt: vn("2026-04-23 10:00"), calendar: office)) == "2026-05-19 10:00")
    }

    @Test func reminderTimes() {
        let table = SLAPolicyTable.defaults
        // Thường, due Mon 16/3 09:00, reminder 8 working hours before: Mon 07–09 (2 h), Fri 13/3 13–17 (6 h),
        // 09–11 (8 h) → Fri 13/3 09:00.
        #expect(vnText(table.policy(serviceCode: nil, urgency: .normal).reminderTime(before: vn("2026-03-16 09:00"), stage: .resolution, calendar: office)) == "2026-03-13 09:00")
        // Phức tạp, due Tue 19/5 10:00, 16 h before: Tue 07–10 (3 h), Mon 18/5 (11 h), Fri 15/5 13–17 (15 h),
        // 10–11 (16 h) → Fri 15/5 10:00.
        #expect(vnText(table.policy(serviceCode: nil, urgency: .complex).reminderTime(before: vn("2026-05-19 10:00"), stage: .resolution, calendar: office)) == "2026-05-15 10:00")
        // Khẩn, due Mon 23/2 10:00, 1 h before → 09:00.
        #expect(vnText(table.policy(serviceCode: nil, urgency: .urgent).reminderTime(before: vn("2026-02-23 10:00"), stage: .resolution, calendar: office)) == "2026-02-23 09:00")
        // Acceptance due Mon 23/2 08:00, 2 h before: 07–08 (1 h), then Fri 13/2 16–17 → Fri 13/2 16:00.
        #expect(vnText(table.policy(serviceCode: nil, urgency: .normal).reminderTime(before: vn("2026-02-23 08:00"), stage: .acceptance, calendar: office)) == "2026-02-13 16:00")
        // Working-day lead: 1 working day before Wed 25/2 16:00 is Tue 24/2 16:00.
        #expect(vnText(office.subtracting(.workingDays(1), from: vn("2026-02-25 16:00"))) == "2026-02-24 16:00")
    }

    @Test func editingAndValidatingTheTable() throws {
        // setup: an agency shortens street lighting to 2 working days
        let faster = SLAPolicy(acceptanceLimit: .workingHours(4), resolutionLimit: .workingDays(2), reminderLead: .workingHours(4), source: "QĐ của UBND tỉnh (ví dụ)")
        // act
        let table = try SLAPolicyTable.defaults.setting(faster, serviceCode: "chieu_sang", urgency: .normal)
        // check
        #expect(table.policy(serviceCode: "chieu_sang", urgency: .normal) == faster)
        #expect(table.rules.count == SLAPolicyTable.defaults.rules.count)
        let data = try JSONEncoder().encode(table)
        #expect(try JSONDecoder().decode(SLAPolicyTable.self, from: data) == table)
        #expect(String(decoding: data, as: UTF8.self).contains(#"{"workingDays":2}"#))
        // A table needs a default rule per urgency, no duplicates, no negative durations.
        let fallbackOnly = SLAPolicyTable.defaults.rules.filter { $0.serviceCode == nil && $0.urgency != .complex }
        #expect(throws: SLAPolicyTable.ValidationError.missingFallback(.complex)) { try SLAPolicyTable(rules: fallbackOnly) }
        let duplicated = SLAPolicyTable.defaults.rules + [SLAPolicyTable.defaults.rules[0]]
        #expect(throws: SLAPolicyTable.ValidationError.duplicateRule(serviceCode: nil, urgency: .urgent)) { try SLAPolicyTable(rules: duplicated) }
        let negative = SLAPolicy(acceptanceLimit: .workingHours(-1), resolutionLimit: .workingDays(2), reminderLead: .workingHours(1), source: "x")
        #expect(throws: SLAPolicyTable.ValidationError.negativeDuration(serviceCode: "x", urgency: .normal)) {
            try SLAPolicyTable.defaults.setting(negative, serviceCode: "x", urgency: .normal)
        }
        #expect(WorkingDuration.workingHours(4).description == "4 working hours")
        #expect(WorkingDuration.workingDays(1).description == "1 working day")
    }
}
