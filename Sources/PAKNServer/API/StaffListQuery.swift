import Foundation
import PAKNDomain
import Vapor

/// The query of `GET /api/v1/staff/requests`: pagination and filters, validated.
///
/// `status` (a `RequestStatus`, `active` (default) or `all`), `channel`, `service_code`, `commune_code`,
/// `agency_id` (lead agency, UUID), `urgency`, `q` (free text or a tracking code), `from` and `to` (days
/// `YYYY-MM-DD` in Vietnam time, both included, on the received date), `page` (from 1), `page_size` (1–100,
/// default 50).
enum StaffListQuery {
    static let maximumPageSize = 100

    /// - Throws: `AppError` 400 `bad_request` naming the first malformed parameter.
    static func filter(_ req: Request) throws -> QueueQuery.Filter {
        func text(_ name: String) -> String? {
            (try? req.query.get(String.self, at: name)).flatMap { $0.isEmpty ? nil : $0 }
        }
        func bad(_ name: String, _ rule: String) -> AppError {
            AppError(.badRequest, "bad_request", "Tham số \(name) không hợp lệ: \(rule).")
        }
        var filter = QueueQuery.Filter()
        if let status = text("status") {
            guard status == "active" || status == "all" || RequestStatus(rawValue: status) != nil else {
                throw bad("status", "một trạng thái, active hoặc all")
            }
            filter.status = status
        }
        if let channel = text("channel") {
            guard PAKNDomain.Channel(rawValue: channel) != nil else { throw bad("channel", "một kênh tiếp nhận") }
            filter.channel = channel
        }
        filter.serviceCode = text("service_code")
        filter.communeCode = text("commune_code")
        if let urgency = text("urgency") {
            guard Urgency(rawValue: urgency) != nil else { throw bad("urgency", "khan, thuong hoặc phuc_tap") }
            filter.urgency = urgency
        }
        filter.q = text("q")
        if let raw = text("agency_id") {
            guard let id = UUID(uuidString: raw) else { throw bad("agency_id", "một UUID") }
            filter.agencyID = id
        }
        if let raw = text("from") {
            guard let day = day(raw) else { throw bad("from", "ngày dạng YYYY-MM-DD") }
            filter.receivedFrom = day
        }
        if let raw = text("to") {
            guard let day = day(raw) else { throw bad("to", "ngày dạng YYYY-MM-DD") }
            filter.receivedTo = day.addingTimeInterval(86_400)
        }
        return filter
    }

    /// `page` (1–100,000) and `page_size` (1–100, default 50).
    /// - Throws: `AppError` 400 `bad_request` naming the malformed parameter.
    static func paging(_ req: Request) throws -> Paging {
        try Paging.read(req, page: "page", size: "page_size", defaultSize: QueueQuery.perPage, maximumSize: maximumPageSize)
    }

    /// Midnight in Vietnam of a `YYYY-MM-DD` day; `nil` for anything else.
    static func day(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        return W3CDateTime.parse(text)
    }
}
