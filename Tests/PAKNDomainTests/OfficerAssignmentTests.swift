import PAKNDomain
import Testing

/// Who names the officer of an agency's assignment (issue 14): the agency's leader anyone of the agency, an officer
/// only themselves; nobody outside the agency; only the leader hands cases over.
@Suite("Named officers")
struct OfficerAssignmentTests {
    @Test("a leader names any officer or leader of the agency; an officer only takes a case; other roles name nobody")
    func whoNamesWhom() {
        #expect(OfficerAssignment.mayAssign(.agencyLeader, target: .agencyOfficer, isSelf: false))
        #expect(OfficerAssignment.mayAssign(.agencyLeader, target: .agencyLeader, isSelf: true))
        #expect(OfficerAssignment.mayAssign(.agencyOfficer, target: .agencyOfficer, isSelf: true))
        #expect(!OfficerAssignment.mayAssign(.agencyOfficer, target: .agencyOfficer, isSelf: false))
        #expect(!OfficerAssignment.mayAssign(.agencyLeader, target: .coordinator, isSelf: false), "only agency staff can be named")
        for role in [Role.operator, .coordinator, .provincialLeader, .complaintOfficer, .admin] {
            #expect(!OfficerAssignment.mayAssign(role, target: .agencyOfficer, isSelf: false), "\(role)")
            #expect(!OfficerAssignment.mayHandOver(role), "\(role)")
        }
        #expect(OfficerAssignment.mayHandOver(.agencyLeader) && !OfficerAssignment.mayHandOver(.agencyOfficer))
    }
}
