import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Writes and reads the audit of access and administration (`AuditEntry`): who, when, what, from where.
enum AuditLog {
    /// Entries newest first (then by id, descending), at most `limit`: of one kind, by one actor (an e-mail, lower
    /// case), in `[from, to)` (UTC instants), and after `before` — a keyset cursor, so every page costs the same.
    static func entries(action: AuditAction?, actor: String?, from: Date?, to: Date?, before: Cursor?, limit: Int,
                        on db: Database) async throws -> [AuditEntry] {
        var query = AuditEntry.query(on: db)
        if let action { query = query.filter(\.$action == action) }
        if let actor { query = query.filter(\.$actor == actor) }
        if let from { query = query.filter(\.$occurredAt >= from) }
        if let to { query = query.filter(\.$occurredAt < to) }
        if let before {
            query = query.group(.or) { or in
                or.filter(\.$occurredAt < before.at)
                or.group(.and) { and in and.filter(\.$occurredAt == before.at).filter(\.$id < before.id) }
            }
        }
        return try await query.sort(\.$occurredAt, .descending).sort(\.$id, .descending).limit(limit).all()
    }

    /// A position in the list: an entry's time (to the millisecond) and id.
    struct Cursor: CustomStringConvertible {
        let at: Date
        let id: UUID

        /// `at` to the nearest millisecond: entries are written in whole milliseconds, and a value read back from
        /// the database may be a hair under (microseconds, binary fractions).
        init(at: Date, id: UUID) {
            self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
            self.id = id
        }

        init?(_ text: String) {
            let parts = text.split(separator: "_")
            guard parts.count == 2, let ms = Int64(parts[0]), ms >= 0, ms < 100_000_000_000_000,
                  let id = UUID(uuidString: String(parts[1])) else { return nil }
            self.init(at: Date(timeIntervalSince1970: Double(ms) / 1000), id: id)
        }

        var description: String { "\(Int64((at.timeIntervalSince1970 * 1000).rounded()))_\(id.uuidString.lowercased())" }
    }

    /// Records one entry for `request`'s staff member and client address. `fields` are names, never values.
    static func write(_ action: AuditAction, request: Request, route: String, subject: String?, fields: [String],
                      status: HTTPResponseStatus, on db: (any Database)? = nil) async throws {
        try await write(action, userID: request.staff?.id, actor: request.staff?.email ?? "—", address: request.clientKey,
                        route: route, subject: subject, fields: fields, status: status, on: db ?? request.db)
    }

    /// Records one entry made by the system itself (a job), not by a request.
    static func write(_ action: AuditAction, actor: String, route: String, subject: String?, fields: [String],
                      status: HTTPResponseStatus, on db: any Database) async throws {
        try await write(action, userID: nil, actor: actor, address: "—", route: route, subject: subject, fields: fields,
                        status: status, on: db)
    }

    private static func write(_ action: AuditAction, userID: UUID?, actor: String, address: String, route: String,
                              subject: String?, fields: [String], status: HTTPResponseStatus, on db: any Database) async throws {
        let entry = AuditEntry()
        // Whole milliseconds: the admin page pages by (time, id), and a cursor carries milliseconds.
        entry.occurredAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        entry.userID = userID
        entry.actor = actor
        entry.clientAddress = address
        entry.action = action
        entry.route = route
        entry.subject = subject
        entry.fields = fields.joined(separator: ",")
        entry.status = Int(status.code)
        try await entry.create(on: db)
    }

    /// The route template of a request ("POST /quan-tri/nguoi-dung/:id"), from the matched route.
    static func template(of request: Request) -> String {
        let path = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? request.url.path
        return "\(request.method.rawValue) \(path)"
    }

    /// The names of the fields of a url-encoded or streamed multipart form, without the CSRF token; values are never
    /// read into the audit (a field may hold a password or a secret).
    static func fieldNames(of request: Request) -> [String] {
        var names: [String] = []
        if let form = request.uploadForm {
            names = form.fields.map(\.name)
        } else if request.headers.contentType == .urlEncodedForm, let body = request.body.string {
            names = body.split(separator: "&").compactMap { pair in
                pair.split(separator: "=", maxSplits: 1).first.flatMap { String($0).removingPercentEncoding }
            }
        }
        var seen = Set<String>()
        return names.filter { $0 != CSRF.field && seen.insert($0).inserted }
    }
}

/// Records every POST of the routes it guards, once answered (refusals too, with their status), as `action`.
/// `when` narrows it (publication: only the `publish` move).
struct AuditMiddleware: AsyncMiddleware {
    let action: AuditAction
    var when: @Sendable (Request) -> Bool = { _ in true }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard request.method == .POST, when(request) else { return try await next.respond(to: request) }
        let subject = request.parameters.getCatchall().isEmpty
            ? ["id", "code", "name"].lazy.compactMap { request.parameters.get($0) }.first
            : nil
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            let status = (error as? any AbortError)?.status ?? .internalServerError
            try? await AuditLog.write(action, request: request, route: AuditLog.template(of: request), subject: subject,
                                      fields: AuditLog.fieldNames(of: request), status: status)
            throw error
        }
        // The change is made: a failed audit write must not turn it into an error answer; it is logged loudly instead.
        do {
            try await AuditLog.write(action, request: request, route: AuditLog.template(of: request), subject: subject,
                                     fields: AuditLog.fieldNames(of: request), status: response.status)
        } catch {
            request.logger.critical("audit write failed after \(AuditLog.template(of: request)): \(error)")
        }
        return response
    }
}

extension AuditMiddleware {
    /// Records the `publish` move of a case (pages and API).
    static let publication = AuditMiddleware(action: .publication) { $0.parameters.get("action") == WorkflowAction.publish.rawValue }
}

/// The admin's pages: admins only, every change audited.
enum AdminArea {
    /// `office` narrowed to admins, with every POST recorded as `administration` — a refused attempt by someone
    /// else too (the audit comes before the role check).
    static func routes(_ office: any RoutesBuilder) -> any RoutesBuilder {
        office.grouped(AuditMiddleware(action: .administration), RequireRoleMiddleware(roles: [.admin]))
    }
}
