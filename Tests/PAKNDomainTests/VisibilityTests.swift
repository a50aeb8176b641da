import Testing
@testable import PAKNDomain

// Which cases a staff member sees (issue 2 "Roles" and "Rules that hold everywhere"):
// - provincial leaders read everything, except khiếu nại/tố cáo, which only complaint officers see;
// - operators and coordinators work on every (non-restricted) case; the admin sees no case (data minimisation);
// - agency officers and leaders see only their own agency's cases; without an agency they see nothing;
// - the complaint officer sees only the restricted (khiếu nại/tố cáo) store.

@Suite struct VisibilityTests {
    /// The expected scope of each role, with and without an agency, written out per role.
    static let expected: [(Role, agency: String?, scope: CaseScope?)] = [
        (.operator, nil, .allUnrestricted),
        (.operator, "so-xay-dung", .allUnrestricted),
        (.coordinator, nil, .allUnrestricted),
        (.coordinator, "so-xay-dung", .allUnrestricted),
        (.provincialLeader, nil, .allUnrestricted),
        (.provincialLeader, "ubnd-tinh", .allUnrestricted),
        (.admin, nil, nil),
        (.admin, "so-khcn", nil),
        (.complaintOfficer, nil, .restrictedOnly),
        (.complaintOfficer, "thanh-tra-tinh", .restrictedOnly),
        (.agencyOfficer, "so-xay-dung", .agency("so-xay-dung")),
        (.agencyOfficer, nil, nil),
        (.agencyLeader, "ubnd-phuong-quy-nhon-bac", .agency("ubnd-phuong-quy-nhon-bac")),
        (.agencyLeader, nil, nil),
    ]

    @Test func scopeOfEveryRole() {
        for (role, agency, scope) in Self.expected {
            // act
            let actual = CaseScope.of(role, agencyID: agency)
            // check
            #expect(actual == scope, "\(role) with agency \(String(describing: agency))")
        }
    }

    @Test func tableCoversEveryRoleWithAndWithoutAgency() {
        for role in Role.allCases {
            #expect(Self.expected.contains { $0.0 == role && $0.agency == nil }, "\(role) without agency")
            #expect(Self.expected.contains { $0.0 == role && $0.agency != nil }, "\(role) with agency")
        }
    }

    @Test(arguments: Role.allCases)
    func onlyComplaintOfficersSeeRestrictedCases(role: Role) {
        for agency: String? in [nil, "so-xay-dung"] {
            // act
            let scope = CaseScope.of(role, agencyID: agency)
            // check
            if role == .complaintOfficer {
                #expect(scope == .restrictedOnly)
            } else {
                #expect(scope != .restrictedOnly, "\(role)")
            }
        }
    }

    @Test(arguments: [Role.agencyOfficer, .agencyLeader])
    func agencyRolesSeeOnlyTheirOwnAgency(role: Role) {
        // act
        let a = CaseScope.of(role, agencyID: "agency-a")
        let b = CaseScope.of(role, agencyID: "agency-b")
        // check
        #expect(a == .agency("agency-a"))
        #expect(b == .agency("agency-b"))
        #expect(a != b)
        #expect(a != .allUnrestricted)
    }

    @Test func agencyScopedFlag() {
        for role in Role.allCases {
            #expect(role.isAgencyScoped == (role == .agencyOfficer || role == .agencyLeader), "\(role)")
        }
    }

    @Test("who receives a requester's identity: those who talk to the requester; the agency unless asked not to; never leaders, the admin or non-staff")
    func contactAccess() {
        for role in [Role.operator, .coordinator, .complaintOfficer] {
            #expect(!ContactAccess.identityHidden(from: role, requesterAskedToHideFromAgency: true), "\(role)")
        }
        for role in [Role.agencyOfficer, .agencyLeader] {
            #expect(!ContactAccess.identityHidden(from: role, requesterAskedToHideFromAgency: false), "\(role)")
            #expect(ContactAccess.identityHidden(from: role, requesterAskedToHideFromAgency: true), "\(role)")
        }
        for role in [Role.provincialLeader, .admin, nil] {
            #expect(ContactAccess.identityHidden(from: role, requesterAskedToHideFromAgency: false), "\(String(describing: role))")
        }
    }
}
