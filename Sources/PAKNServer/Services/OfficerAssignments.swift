import Fluent
import Foundation
import PAKNDomain

/// Naming the officer who works on an agency's assignment, and handing an officer's cases over (issue 14). Rules
/// are `OfficerAssignment`; scoping is the acting user's agency, enforced in every query here. Knows nothing of HTTP.
enum OfficerAssignments {
    /// The officers and leaders of `agency` who may be named, active ones only, by name.
    static func officers(of agency: UUID, includingLocked: Bool = false, on db: Database) async throws -> [User] {
        var query = User.query(on: db).filter(\.$agencyID == agency).filter(\.$role ~~ Role.allCases.filter(OfficerAssignment.mayBeAssigned))
        if !includingLocked { query = query.filter(\.$active == true) }
        return try await query.sort(\.$fullName).all()
    }

    /// The acting user's agency's active assignment on `requestID`, or 404 (the case is not their agency's).
    private static func ownAssignment(_ requestID: UUID, acting: Acting, on db: Database) async throws -> Assignment {
        guard let agency = acting.agencyID, let assignment = try await Assignment.query(on: db).filter(\.$requestID == requestID)
            .filter(\.$agencyID == agency).filter(\.$active == true).first() else { throw AppError.notFound() }
        return assignment
    }

    /// Names `officerID` on the acting user's agency's active assignment of `requestID` and writes an internal
    /// event. Throws `AppError` 404 when the case has no active assignment of their agency, 403 when
    /// `OfficerAssignment.mayAssign` refuses (an officer naming someone else), 422 when the officer is not an active
    /// member of the agency.
    static func assign(_ requestID: UUID, to officerID: UUID?, by acting: Acting, on db: Database, now: Date = Date()) async throws {
        guard let role = acting.role, role.isAgencyScoped, let agency = acting.agencyID else { throw AppError.forbidden() }
        try await db.writeTransaction { tx in
            guard let record = try await ServiceRequestRecord.find(requestID, on: tx) else { throw AppError.notFound() }
            let assignment = try await ownAssignment(requestID, acting: acting, on: tx)
            guard let officerID, let officer = try await User.find(officerID, on: tx), officer.active, officer.agencyID == agency else {
                throw AppError.invalid("Cán bộ được giao phải thuộc cơ quan của bạn.")
            }
            guard OfficerAssignment.mayAssign(role, target: officer.role, isSelf: officerID == acting.userID) else {
                throw AppError.forbidden("Chỉ lãnh đạo đơn vị giao việc cho cán bộ khác; cán bộ có thể tự nhận xử lý.")
            }
            // An officer takes a case nobody has; taking a colleague's is the leader's decision.
            if role == .agencyOfficer, let current = assignment.officerID, current != officerID {
                throw AppError.forbidden("Phản ánh đã giao cho cán bộ khác; lãnh đạo đơn vị có thể giao lại.")
            }
            guard assignment.officerID != officerID else { return }
            assignment.officerID = officerID
            try await assignment.save(on: tx)
            let note = officerID == acting.userID ? "\(officer.fullName) nhận xử lý." : "Giao \(officer.fullName) xử lý."
            _ = try await EventLog.write(request: record, action: .officerAssigned, from: nil, to: nil, note: note,
                                         isPublic: false, acting: acting, on: tx, now: now)
        }
    }

    /// Hands every active assignment of the acting leader's agency named to `fromID` over to `toID`, with an internal
    /// event on each case. Returns how many cases moved. Throws 403 unless `OfficerAssignment.mayHandOver`, 422 when
    /// either officer is not a member of the agency (the receiver must be active) or they are the same person.
    @discardableResult
    static func handOver(from fromID: UUID?, to toID: UUID?, by acting: Acting, on db: Database, now: Date = Date()) async throws -> Int {
        guard let role = acting.role, OfficerAssignment.mayHandOver(role), let agency = acting.agencyID else { throw AppError.forbidden() }
        return try await db.writeTransaction { tx in
            guard let fromID, let toID, fromID != toID,
                  let from = try await User.find(fromID, on: tx), from.agencyID == agency,
                  let to = try await User.find(toID, on: tx), to.agencyID == agency, to.active, OfficerAssignment.mayBeAssigned(to.role) else {
                throw AppError.invalid("Chọn hai cán bộ khác nhau của cơ quan; người nhận phải đang hoạt động.")
            }
            let moving = try await Assignment.query(on: tx).filter(\.$agencyID == agency).filter(\.$active == true)
                .filter(\.$officerID == fromID).all()
            let records = try await ServiceRequestRecord.query(on: tx).filter(\.$id ~~ moving.map(\.requestID)).all()
            let byID = Dictionary(records.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
            for assignment in moving {
                assignment.officerID = toID
                try await assignment.save(on: tx)
                if let record = byID[assignment.requestID] {
                    _ = try await EventLog.write(request: record, action: .officerAssigned, from: nil, to: nil,
                                                 note: "Bàn giao từ \(from.fullName) sang \(to.fullName).", isPublic: false,
                                                 acting: acting, on: tx, now: now)
                }
            }
            return moving.count
        }
    }

    /// The running cases of each officer of `agency` (active assignments naming them), for the hand-over page.
    static func workload(of agency: UUID, on db: Database) async throws -> [UUID: Int] {
        let rows = try await Assignment.query(on: db).filter(\.$agencyID == agency).filter(\.$active == true)
            .filter(\.$officerID != nil).all()
        return rows.reduce(into: [:]) { counts, row in if let officer = row.officerID { counts[officer, default: 0] += 1 } }
    }

    /// The names of the officers named on `assignments`.
    static func names(on assignments: [Assignment], on db: Database) async throws -> [UUID: String] {
        let ids = Array(Set(assignments.compactMap(\.officerID)))
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await User.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.fullName) }, uniquingKeysWith: { a, _ in a })
    }
}
