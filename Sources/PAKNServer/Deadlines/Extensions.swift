import Fluent
import Foundation
import PAKNDomain

/// Extensions (gia hạn): the lead agency asks before the due instant with a reason and a proposed due instant;
/// the coordinator approves or refuses; the citizen sees the new date. Both due instants are kept (issue 3 §3;
/// domain.md requirement 9).
enum Extensions {
    /// The agency asks for more time on the running resolution clock.
    /// - Throws: 403 unless the actor belongs to the lead agency; 409 when the case is not being handled,
    ///   the due instant has passed, a request is pending, or `proposedDue` is not later than the due instant;
    ///   422 without a reason.
    static func request(requestID: UUID, reason: String?, proposedDue: Date?, by acting: Acting, on db: Database, now: Date = Date()) async throws {
        let text = VietnameseText.sanitizedText(reason ?? "")
        guard !text.isEmpty, !Intake.containsMarkup(text) else { throw AppError.invalid("Vui lòng ghi rõ lý do xin gia hạn.") }
        guard let proposedDue else { throw AppError.invalid("Vui lòng chọn hạn đề xuất.") }
        try await db.writeTransaction { tx in
            guard let record = try await ServiceRequestRecord.find(requestID, on: tx) else { throw AppError.notFound() }
            guard record.status == .accepted, let agency = acting.agencyID, acting.role?.isAgencyScoped == true,
                  let lead = try await Assignment.query(on: tx).filter(\.$requestID == requestID).filter(\.$active == true)
                      .filter(\.$role == .lead).filter(\.$agencyID == agency).first(),
                  var clock = lead.resolution else {
                throw AppError.conflict("Chỉ cơ quan chủ trì đang xử lý mới xin gia hạn được.")
            }
            let calendar = try await DeadlineStore.load(on: tx).calendar(for: lead.agencyID)
            do throws(DeadlineClockError) {
                try clock.requestExtension(at: now, reason: text, proposedDue: proposedDue, calendar: calendar)
            } catch {
                throw AppError.conflict(message(for: error))
            }
            lead.resolution = clock
            try await lead.save(on: tx)
            try await EventLog.write(request: record, action: .extensionRequested, from: nil, to: nil,
                                     note: "Đề xuất hạn mới \(VietnamTime.dateTimeText(proposedDue)). Lý do: \(text)", isPublic: false, acting: acting, on: tx, now: now)
            try await StaffNotices.notify(kind: .extensionRequested, key: "extension:\(lead.id!.uuidString):\(clock.extensionRequests.count)",
                                          request: record, role: .coordinator, agencyID: nil,
                                          text: "Cơ quan xin gia hạn phản ánh đến \(VietnamTime.dateTimeText(proposedDue)).", on: tx)
        }
    }

    /// The coordinator approves or refuses the pending request. An approval moves `dueAt` and tells the citizen.
    /// `config`: when given, an approved extension (a new due instant the public sees) is also queued for the
    /// national portal (`Outbox.enqueueNationalSync`).
    static func decide(requestID: UUID, approve: Bool, reason: String?, by acting: Acting, config: AppConfiguration? = nil,
                       on db: Database, now: Date = Date()) async throws {
        guard acting.role == .coordinator else { throw AppError.forbidden("Chỉ điều phối viên mới duyệt gia hạn.") }
        let text = VietnameseText.sanitizedText(reason ?? "")
        if !approve, text.isEmpty { throw AppError.invalid("Vui lòng ghi rõ lý do từ chối gia hạn.") }
        guard !Intake.containsMarkup(text) else { throw AppError.invalid("Nội dung không được chứa mã HTML hoặc script.") }
        try await db.writeTransaction { tx in
            guard let record = try await ServiceRequestRecord.find(requestID, on: tx),
                  let lead = try await Assignment.query(on: tx).filter(\.$requestID == requestID).filter(\.$active == true).filter(\.$role == .lead).first(),
                  var clock = lead.resolution else { throw AppError.conflict("Không có đề nghị gia hạn nào đang chờ duyệt.") }
            do throws(DeadlineClockError) {
                try clock.decideExtension(at: now, approve: approve, reason: text)
            } catch {
                throw AppError.conflict(message(for: error))
            }
            lead.resolution = clock
            let calendar = try await DeadlineStore.load(on: tx).calendar(for: lead.agencyID)
            lead.refreshDueDates(in: calendar)
            try await lead.save(on: tx)
            if approve {
                record.dueAt = lead.dueAt
                try await record.save(on: tx)
                let event = try await EventLog.write(request: record, action: .extensionApproved, from: nil, to: nil,
                                                     note: "Gia hạn xử lý đến \(lead.dueAt.map(VietnamTime.dateTimeText) ?? "—").", isPublic: true, acting: acting, on: tx, now: now)
                try await Outbox.enqueueNotification(for: record, event: event, on: tx, now: now)
                if let config { try await Outbox.enqueueNationalSync(for: record, event: event, config: config, on: tx, now: now) }
            } else {
                try await EventLog.write(request: record, action: .extensionRefused, from: nil, to: nil,
                                         note: "Không đồng ý gia hạn. \(text)", isPublic: false, acting: acting, on: tx, now: now)
            }
        }
    }

    static func message(for error: DeadlineClockError) -> String {
        switch error {
        case .afterDue: "Đã quá hạn xử lý: phải xin gia hạn trước khi đến hạn."
        case .notLater: "Hạn đề xuất phải sau hạn hiện tại."
        case .pendingExtension: "Đã có một đề nghị gia hạn đang chờ duyệt."
        case .noPendingExtension: "Không có đề nghị gia hạn nào đang chờ duyệt."
        case .alreadyPaused, .notPaused, .stopped, .outOfOrder, .notCompleted: "Không thể gia hạn ở giai đoạn xử lý này."
        }
    }
}
