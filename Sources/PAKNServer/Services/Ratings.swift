import Fluent
import Foundation
import PAKNDomain

/// Satisfaction ratings: 1–5 stars and a comment, once per case, only on a published answer. The public look-up
/// page and `POST /api/v1/requests/{code}/rating` call the same function.
enum Ratings {
    /// Records the requester's rating and a public `rated` event in one transaction. Throws `AppError` 409 when
    /// the answer is not public yet (`Workflow.ratableStatuses`) or the case was already rated, 422 for stars
    /// outside 1–5, a comment over 1,000 characters or one with markup. With `config`, the national portal's record is
    /// queued too (`Outbox.enqueueNationalSync`: the stars, never the comment).
    static func rate(_ record: ServiceRequestRecord, stars: Int?, comment: String?, config: AppConfiguration? = nil,
                     on db: Database) async throws {
        guard Workflow.ratableStatuses.contains(record.status), record.publishedAt != nil else {
            throw AppError.conflict("Chỉ đánh giá được khi đã có trả lời công khai.")
        }
        guard let stars, (1...5).contains(stars) else { throw AppError.invalid("Vui lòng chọn từ 1 đến 5 sao.") }
        let text = VietnameseText.sanitizedText(comment ?? "")
        guard text.count <= 1000 else { throw AppError.invalid("Nhận xét tối đa 1000 ký tự.") }
        guard !Intake.containsMarkup(text) else { throw AppError.invalid("Nhận xét không được chứa mã HTML hoặc script.") }
        let id = try record.requireID()
        try await db.writeTransaction { tx in
            if try await Rating.query(on: tx).filter(\.$requestID == id).count() > 0 {
                throw AppError.conflict("Phản ánh này đã được đánh giá.")
            }
            let rating = Rating()
            rating.requestID = id; rating.stars = stars; rating.comment = text
            try await rating.create(on: tx)
            let event = try await EventLog.write(request: record, action: .rated, from: nil, to: nil,
                                                 note: "Người gửi đánh giá \(stars)/5.", isPublic: true, acting: .citizen, on: tx)
            if let config { try await Outbox.enqueueNationalSync(for: record, event: event, config: config, on: tx, now: event.occurredAt) }
        }
    }
}
