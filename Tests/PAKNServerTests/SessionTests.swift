import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Sessions end on the server (idle and absolute timeouts), end everywhere when a password changes or an account is
/// deactivated, and are purged; passwords follow the policy (issue 11 item 8).
@Suite("Sessions and passwords")
struct SessionTests {
    static func sessionRows(_ app: Application) async throws -> Int { try await StaffSession.query(on: app.db).count() }

    static func sql(_ app: Application, _ text: String) async throws {
        try await (app.db as! any SQLDatabase).raw(SQLQueryString(text)).run()
    }

    /// Moves every session of `email` back in time by `seconds` (seen_at, or signed_in_at).
    static func age(_ app: Application, _ email: String, column: String, by seconds: TimeInterval) async throws {
        let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
        for session in try await StaffSession.query(on: app.db).filter(\.$userID == user.id).all() {
            if column == "seen_at" { session.seenAt = session.seenAt.addingTimeInterval(-seconds) }
            else { session.signedInAt = session.signedInAt?.addingTimeInterval(-seconds) }
            try await session.update(on: app.db)
        }
    }

    static func signedOut(_ browser: Browser) async throws -> Bool {
        let queue = try await browser.get("/quan-tri")
        return queue.status == .seeOther && queue.headers.first(name: .location) == "/dang-nhap"
    }

    @Test("pages without a form make no session row; a login makes one, tied to the user, and its key is stored hashed",
          arguments: TestDatabase.available)
    func noRowForReaders(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let before = try await Self.sessionRows(app)
            let reader = Browser(app)
            for path in ["/", "/cong-khai", "/tra-cuu", "/healthz"] { _ = try await reader.get(path) }
            #expect(try await Self.sessionRows(app) == before)
            #expect(reader.cookie == nil)

            let staff = Browser(app)
            try await staff.login("op@t.vn", TestApp.demoPassword)
            let op = try #require(try await User.query(on: app.db).filter(\.$email == "op@t.vn").first())
            let rows = try await StaffSession.query(on: app.db).filter(\.$userID == op.id).all()
            #expect(rows.count == 1)
            let key = try #require(staff.cookie(named: "pakn_session"))
            #expect(rows.first?.keyHash == StaffSessionDriver.hash(SessionID(string: key)))
            #expect(rows.first?.keyHash != key)
        }
    }

    @Test("a signed-in session ends after the idle timeout and after the absolute timeout, each on its own",
          arguments: TestDatabase.available)
    func timeouts(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let policy = SessionPolicy()
            #expect(policy.idle == 3600 && policy.absolute == 36_000)

            let idle = Browser(app)
            try await idle.login("op@t.vn", TestApp.demoPassword)
            #expect(!(try await Self.signedOut(idle)))
            // 59 minutes without a request: still signed in (and the request renews it).
            try await Self.age(app, "op@t.vn", column: "seen_at", by: 59 * 60)
            #expect(!(try await Self.signedOut(idle)))
            // 61 minutes: signed out.
            try await Self.age(app, "op@t.vn", column: "seen_at", by: 61 * 60)
            #expect(try await Self.signedOut(idle))

            // Active all along, but signed in 10 hours and 1 minute ago: signed out.
            let long = Browser(app)
            try await long.login("co@t.vn", TestApp.demoPassword)
            try await Self.age(app, "co@t.vn", column: "signed_in_at", by: 9 * 3600 + 59 * 60)
            #expect(!(try await Self.signedOut(long)))
            try await Self.age(app, "co@t.vn", column: "signed_in_at", by: 2 * 60)
            #expect(try await Self.signedOut(long))
        }
    }

    @Test("an admin's password reset, a deactivation or a role change ends the user's sessions and API tokens",
          arguments: TestDatabase.available)
    func revocationByAdmin(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)

            for change in ["password", "deactivate", "role"] {
                let officer = Browser(app), laptop = Browser(app)
                try await officer.login("of@t.vn", TestApp.demoPassword)
                try await laptop.login("of@t.vn", TestApp.demoPassword)
                let token = try await FailClosedTests.token(app, "of@t.vn")
                #expect(try await FailClosedTests.get(app, "/api/v1/staff/requests", token: token).status == .ok)
                // The other staff member's session must survive.
                let bystander = Browser(app)
                try await bystander.login("le@t.vn", TestApp.demoPassword)

                let user = try #require(try await User.query(on: app.db).filter(\.$email == "of@t.vn").first())
                try await admin.get("/quan-tri/nguoi-dung")
                var fields = [("email", "of@t.vn"), ("fullName", "Cán bộ xử lý"), ("agencyID", agency.id!.uuidString),
                              ("role", change == "role" ? "agencyLeader" : "agencyOfficer"), ("password", "")]
                if change == "password" { fields[4] = ("password", "một cụm từ mới dài hơn") }
                if change != "deactivate" { fields.append(("active", "on")) }
                let saved = try await admin.post("/quan-tri/nguoi-dung/\(user.id!.uuidString.lowercased())", fields)
                #expect(saved.status == .seeOther, "\(change): \(saved.body.string.prefix(300))")

                #expect(try await Self.signedOut(officer), "\(change)")
                #expect(try await Self.signedOut(laptop), "\(change)")
                #expect(try await FailClosedTests.get(app, "/api/v1/staff/requests", token: token).status == .unauthorized, "\(change)")
                #expect(!(try await Self.signedOut(bystander)), "\(change)")

                // Back to an active officer with the demo password for the next round.
                let restored = try #require(try await User.find(user.id, on: app.db))
                restored.role = .agencyOfficer; restored.active = true
                restored.passwordHash = try app.password.hash(TestApp.demoPassword)
                try await restored.update(on: app.db)
            }
        }
    }

    @Test("changing one's own password ends the other sessions and tokens and keeps this one; the policy applies",
          arguments: TestDatabase.available)
    func ownPasswordChange(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let desk = Browser(app), phone = Browser(app)
            try await desk.login("op@t.vn", TestApp.demoPassword)
            try await phone.login("op@t.vn", TestApp.demoPassword)
            let token = try await FailClosedTests.token(app, "op@t.vn")

            try await desk.get("/quan-tri/tai-khoan")
            // Wrong current password, a common password, a short one, two different entries: refused, nothing ends.
            let wrong = try await desk.post("/quan-tri/tai-khoan/mat-khau", [("current", "sai-mat-khau-roi"), ("new", "một cụm từ mới dài hơn"), ("repeated", "một cụm từ mới dài hơn")])
            #expect(wrong.status == .forbidden && wrong.body.string.contains("Mật khẩu hiện tại không đúng."))
            for (new, message) in [("password123", "quá phổ biến"), ("qwertyuiop", "quá phổ biến"), ("Matkhau123", "quá phổ biến"),
                                   ("ngắn-quá", "ít nhất 10 ký tự")] {
                try await desk.get("/quan-tri/tai-khoan")
                let refused = try await desk.post("/quan-tri/tai-khoan/mat-khau", [("current", TestApp.demoPassword), ("new", new), ("repeated", new)])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(new)")
            }
            try await desk.get("/quan-tri/tai-khoan")
            let mismatch = try await desk.post("/quan-tri/tai-khoan/mat-khau", [("current", TestApp.demoPassword), ("new", "một cụm từ mới dài hơn"), ("repeated", "một cụm từ khác")])
            #expect(mismatch.status == .unprocessableEntity)
            #expect(!(try await Self.signedOut(phone)))

            try await desk.get("/quan-tri/tai-khoan")
            let changed = try await desk.post("/quan-tri/tai-khoan/mat-khau", [("current", TestApp.demoPassword), ("new", "một cụm từ mới dài hơn"), ("repeated", "một cụm từ mới dài hơn")])
            #expect(changed.status == .seeOther)
            #expect(!(try await Self.signedOut(desk)))
            #expect(try await Self.signedOut(phone))
            #expect(try await FailClosedTests.get(app, "/api/v1/staff/requests", token: token).status == .unauthorized)
            // The new password signs in; the old one does not.
            let again = Browser(app)
            try await again.login("op@t.vn", "một cụm từ mới dài hơn")
            let old = Browser(app)
            try await old.get("/dang-nhap")
            #expect(try await old.post("/dang-nhap", [("email", "op@t.vn"), ("password", TestApp.demoPassword)]).status == .unauthorized)
        }
    }

    @Test("the purge removes sessions past their timeouts and keeps the live ones", arguments: TestDatabase.available)
    func purge(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            for email in ["op@t.vn", "co@t.vn", "of@t.vn"] { try await Browser(app).login(email, TestApp.demoPassword) }
            // A session without a user: a sign-in waiting for its second factor (a visitor's form token is in the
            // visitor's cookie, never in a row).
            let pending = StaffSession()
            pending.keyHash = StaffSessionDriver.hash(SessionID(string: "pending-second-factor"))
            pending.data = SessionData(initialData: ["pending": UUID().uuidString])
            pending.userID = nil
            pending.createdAt = Date(); pending.seenAt = Date()
            try await pending.create(on: app.db)
            try await Self.age(app, "op@t.vn", column: "seen_at", by: 2 * 3600)            // idle
            try await Self.age(app, "co@t.vn", column: "signed_in_at", by: 11 * 3600)      // absolute
            let total = try await Self.sessionRows(app)
            let report = try await Purge.run(retention: Retention(), sessions: SessionPolicy(), on: app.db)
            #expect(report.sessions == 2)
            #expect(try await Self.sessionRows(app) == total - 2)
            // A session without a user lasts 24 hours after its last request.
            try await Self.sql(app, "UPDATE staff_sessions SET seen_at = created_at WHERE user_id IS NULL")
            let later = Date().addingTimeInterval(24 * 3600 + 120)
            let afterADay = try await Purge.run(retention: Retention(), sessions: SessionPolicy(), on: app.db, now: later)
            #expect(afterADay.sessions == total - 2)   // every remaining one: the pending one, and the officer idle by then
        }
    }

    @Test("the password list ships, and the policy counts characters, not bytes")
    func policy() throws {
        #expect(PasswordPolicy.common.count == 30_000)
        #expect(PasswordPolicy.problem(with: "1234567890") != nil)
        #expect(PasswordPolicy.problem(with: "QWERTYUIOP") != nil)
        // Ten Vietnamese letters are ten characters (NFC), more than ten bytes.
        #expect(PasswordPolicy.problem(with: "đường hoa") != nil)          // 9 characters
        #expect(PasswordPolicy.problem(with: "đường hoaa") == nil)         // 10 characters
        #expect(PasswordPolicy.problem(with: String(repeating: "ư", count: 40)) != nil)  // 80 bytes > bcrypt's 72
    }
}
