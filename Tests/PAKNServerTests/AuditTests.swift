import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The audit of access and administration (issue 11, privacy law): who, when, what, from where; append-only in the
/// database; an admin page that lists and filters it.
@Suite("Audit of access and administration")
struct AuditTests {
    @Test("admin changes, contact views and account security are recorded with field names but never values; the table refuses UPDATE and DELETE",
          arguments: TestDatabase.available)
    func recorded(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "of@t.vn").first())
            try await admin.get("/quan-tri/nguoi-dung")
            #expect(try await admin.post("/quan-tri/nguoi-dung/\(user.id!.uuidString.lowercased())",
                                         [("email", "of@t.vn"), ("fullName", "Cán bộ xử lý"), ("role", "agencyOfficer"),
                                          ("agencyID", agency.id!.uuidString), ("password", "mật khẩu mới rất dài"), ("active", "on")]).status == .seeOther)
            try await admin.get("/quan-tri/nguoi-dung")
            // A refused change is recorded too, with its status.
            #expect(try await admin.post("/quan-tri/nguoi-dung", [("email", "khong-hop-le"), ("fullName", "X"), ("role", "operator"), ("password", "")]).status == .unprocessableEntity)

            let record = try await WorkflowFlowTests.submit(app, content: "Đèn đường hỏng trước nhà văn hóa tổ 3.")
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            // An attempt on an admin page by someone else is recorded too, refused.
            try await op.get("/quan-tri")
            #expect(try await op.post("/quan-tri/nguoi-dung/hai-buoc", [("role_operator", "on")]).status == .forbidden)
            #expect(try await op.get("/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())/lien-he").status == .ok)

            let entries = try await AuditEntry.query(on: app.db).sort(\.$occurredAt).all()
            let change = try #require(entries.first { $0.action == .administration && $0.status == 303 })
            #expect(change.actor == TestApp.adminEmail)
            #expect(change.route == "POST /quan-tri/nguoi-dung/:id")
            #expect(change.subject == user.id!.uuidString.lowercased())
            #expect(change.fields == "email,fullName,role,agencyID,password,active")
            #expect(!change.clientAddress.isEmpty)
            #expect(entries.contains { $0.action == .administration && $0.status == 422 && $0.route == "POST /quan-tri/nguoi-dung" })
            #expect(entries.contains { $0.actor == "op@t.vn" && $0.action == .administration && $0.status == 403 })
            let view = try #require(entries.first { $0.action == .contactViewed })
            #expect(view.actor == "op@t.vn" && view.subject == record.id!.uuidString.lowercased())
            // No value of any field reached the audit.
            for entry in entries {
                for value in ["mật khẩu mới rất dài", "0912 345 678", "Nguyễn Thị Hoa"] {
                    #expect(![entry.actor, entry.route, entry.subject ?? "", entry.fields].contains { $0.contains(value) })
                }
            }

            // Append-only in the database itself.
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_log SET actor = 'someone-else'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_log").run() }
            #expect(try await AuditEntry.query(on: app.db).count() == entries.count)
        }
    }

    @Test("the admin page lists and filters the audit, pages by cursor, and is the admin's only", arguments: TestDatabase.available)
    func page(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            // 60 admin changes: two pages of 50 and 10.
            for n in 1...60 {
                try await admin.get("/quan-tri/nguoi-dung")
                try await admin.post("/quan-tri/nguoi-dung/hai-buoc", n % 2 == 0 ? [("role_provincialLeader", "on")] : [])
            }
            let record = try await WorkflowFlowTests.submit(app, content: "Cây đổ chắn đường.")
            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            try await op.get("/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())/lien-he")
            #expect(try await op.get("/quan-tri/nhat-ky").status == .forbidden)

            let first = try await admin.get("/quan-tri/nhat-ky?action=administration").body.string
            #expect(first.components(separatedBy: "<td><code>POST /quan-tri/nguoi-dung/hai-buoc</code></td>").count - 1 == 50)
            let next = try #require(first.range(of: #"href="(/quan-tri/nhat-ky\?[^"]+)" rel="next""#, options: .regularExpression))
            let link = String(first[next]).dropFirst(6).prefix { $0 != "\"" }.replacingOccurrences(of: "&amp;", with: "&")
            let second = try await admin.get(String(link)).body.string
            #expect(second.components(separatedBy: "<td><code>POST /quan-tri/nguoi-dung/hai-buoc</code></td>").count - 1 == 10)
            #expect(!second.contains(#"rel="next""#))
            let views = try await admin.get("/quan-tri/nhat-ky?action=contactViewed&actor=op@t.vn").body.string
            #expect(views.contains("Xem thông tin liên hệ") && views.contains(record.id!.uuidString.lowercased()))
            #expect(!views.contains("hai-buoc"))
        }
    }
}
