import Fluent
import Foundation
import PAKNDomain

/// Co-handling agencies (cơ quan phối hợp) send their input to the lead agency; the case's status does not
/// change (domain.md §2 step 4, requirement 8: co-handlers add input, the lead drafts the answer).
enum CoHandling {
    /// The acting agency's active co-handler assignment on the case, if any.
    static func assignment(of requestID: UUID, for acting: Acting, on db: Database) async throws -> Assignment? {
        guard acting.role?.isAgencyScoped == true, let agency = acting.agencyID else { return nil }
        return try await Assignment.query(on: db).filter(\.$requestID == requestID).filter(\.$agencyID == agency)
            .filter(\.$role == .coHandler).filter(\.$active == true).first()
    }

    /// Records the co-handler's input (internal event) and marks its assignment answered.
    /// - Throws: 403 when the actor's agency is not an active co-handler; 422 for empty or HTML input.
    static func submitInput(_ text: String?, requestID: UUID, by acting: Acting, on db: Database, now: Date = Date()) async throws {
        let input = VietnameseText.sanitizedText(text ?? "")
        guard !input.isEmpty, input.count <= 5000, !Intake.containsMarkup(input) else {
            throw AppError.invalid("Ý kiến phối hợp cần từ 1 đến 5000 ký tự, không chứa mã HTML.")
        }
        try await db.writeTransaction { tx in
            guard let record = try await ServiceRequestRecord.find(requestID, on: tx),
                  let assignment = try await assignment(of: requestID, for: acting, on: tx) else {
                throw AppError.forbidden("Chỉ cơ quan phối hợp đang được giao mới gửi được ý kiến phối hợp.")
            }
            assignment.status = .answered; assignment.answer = input; assignment.answeredAt = now
            try await assignment.save(on: tx)
            try await EventLog.write(request: record, action: .coHandlerInput, from: nil, to: nil, note: input,
                                     isPublic: false, acting: acting, on: tx, now: now)
        }
    }
}
