import Fluent
import Foundation
import PAKNDomain

/// Agency and role scoping, enforced in queries (domain `CaseScope`).
enum CaseAccess {
    /// The cases `acting` may see, as a query to refine. Citizens and the system see every case here:
    /// public paths use `PublicQueries`, which show only masked public copies.
    static func visibleCases(to acting: Acting, on db: Database) -> QueryBuilder<ServiceRequestRecord> {
        let query = ServiceRequestRecord.query(on: db)
        guard acting.role != nil else { return query.filter(\.$restricted == false) }
        switch acting.scope {
        case .allUnrestricted:
            return query.filter(\.$restricted == false)
        case .restrictedOnly:
            return query.filter(\.$restricted == true)
        case .agency(let agency):
            let agencyID = UUID(uuidString: agency)!
            return query.filter(\.$restricted == false)
                .join(Assignment.self, on: \ServiceRequestRecord.$id == \Assignment.$requestID)
                .filter(Assignment.self, \.$agencyID == agencyID)
                .filter(Assignment.self, \.$active == true)
        case nil:
            return query.filter(\.$id == UUID()).filter(\.$restricted == true).filter(\.$restricted == false)
        }
    }

    /// Throws 404 unless `acting` may see the case (404, not 403, so the existence of a case is not revealed).
    static func requireVisible(_ record: ServiceRequestRecord, to acting: Acting, on db: Database) async throws {
        guard acting.role != nil else {
            if record.restricted { throw AppError.notFound() }
            return
        }
        let id = try record.requireID()
        let visible = try await visibleCases(to: acting, on: db).filter(\.$id == id).count() > 0
        if !visible { throw AppError.notFound() }
    }
}
