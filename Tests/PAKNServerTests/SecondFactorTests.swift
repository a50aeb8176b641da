import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// TOTP against the test vectors of RFC 6238 Appendix B, and the second factor through the pages and the API
/// (issue 11 item 8).
@Suite("Second factor (TOTP)")
struct SecondFactorTests {
    /// RFC 6238 Appendix B, SHA-1 rows: the seed is the ASCII of "12345678901234567890", 8 digits, X = 30 s.
    @Test("RFC 6238 Appendix B, SHA-1, 8 digits", arguments: [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ] as [(Int, String)])
    func rfcVectors(_ time: Int, _ expected: String) {
        var totp = TOTPKey(secret: Array("12345678901234567890".utf8))
        totp.digits = .eight
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(time))) == expected)
        // Six digits are the same number modulo 10^6 (RFC 4226 §5.3: Snum mod 10^Digit).
        #expect(TOTPKey(secret: totp.secret).code(at: Date(timeIntervalSince1970: TimeInterval(time))) == String(expected.suffix(6)))
    }

    @Test("Base32 of the RFC seed (RFC 4648 §6), the otpauth URI, one step of drift either way, each code once")
    func base32AndWindow() throws {
        let totp = TOTPKey(secret: Array("12345678901234567890".utf8))
        #expect(totp.base32Secret == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(TOTPKey(base32: "gezd gnbv gy3t qojq gezd gnbv gy3t qojq")?.secret == totp.secret)
        #expect(TOTPKey(base32: "not base32!") == nil)
        #expect(totp.provisioningURI(account: "co@t.vn", issuer: "1022")
            == "otpauth://totp/1022:co@t.vn?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=1022&algorithm=SHA1&digits=6&period=30")
        let now = Date(timeIntervalSince1970: 1_111_111_111)   // step 37037037
        let step = totp.step(at: now)
        #expect(step == 37_037_037)
        #expect(totp.matchingStep(of: "050471", at: now, after: nil) == step)
        #expect(totp.matchingStep(of: totp.code(step: step - 1), at: now, after: nil) == step - 1)
        #expect(totp.matchingStep(of: totp.code(step: step + 1), at: now, after: nil) == step + 1)
        #expect(totp.matchingStep(of: totp.code(step: step + 2), at: now, after: nil) == nil)
        #expect(totp.matchingStep(of: "050471", at: now, after: step) == nil)          // used already
        #expect(totp.matchingStep(of: "05047", at: now, after: nil) == nil)
        #expect(totp.matchingStep(of: "٠٥٠٤٧١", at: now, after: nil) == nil)            // Arabic-Indic digits are not ASCII
    }

    static func secret(in html: String) throws -> TOTPKey {
        let range = try #require(html.range(of: #"class="totp-secret">([A-Z2-7 ]+)<"#, options: .regularExpression))
        let key = html[range].dropFirst(#"class="totp-secret">"#.count).dropLast()
        return try #require(TOTPKey(base32: String(key)))
    }

    static func recoveryCodes(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>"#)
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    static func tokenStatus(_ app: Application, _ email: String, code: String?) async throws -> (HTTPStatus, String) {
        var headers = HTTPHeaders(); headers.contentType = .json
        var body: [String: String] = ["email": email, "password": TestApp.demoPassword]
        body["code"] = code
        let response = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers,
                                                            body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
        return (response.status, response.body.string)
    }

    @Test("enrol on the account page; then sign-in, the API and a lost phone all ask for or clear the second factor",
          arguments: TestDatabase.available)
    func enrolAndSignIn(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let desk = Browser(app)
            try await desk.login("co@t.vn", TestApp.demoPassword)
            try await desk.get("/quan-tri/tai-khoan")
            // The password again, first: a session alone does not bind a phone.
            #expect(try await desk.post("/quan-tri/tai-khoan/hai-buoc/bat-dau", [("password", "sai-mat-khau-roi")]).status == .forbidden)
            try await desk.get("/quan-tri/tai-khoan")
            let begun = try await desk.post("/quan-tri/tai-khoan/hai-buoc/bat-dau", [("password", TestApp.demoPassword)])
            #expect(begun.status == .ok)
            let totp = try Self.secret(in: begun.body.string)
            #expect(begun.body.string.contains("otpauth://totp/1022:co@t.vn?secret=\(totp.base32Secret)"))
            // The secret is stored sealed, not as Base32.
            let stored = try #require(try await User.query(on: app.db).filter(\.$email == "co@t.vn").first())
            #expect(stored.totpSecret?.hasPrefix(SettingsCipher.prefix) == true)
            #expect(stored.totpSecret?.contains(totp.base32Secret) == false)

            let wrong = try await desk.post("/quan-tri/tai-khoan/hai-buoc/xac-nhan", [("code", "000000" == totp.code(at: Date()) ? "111111" : "000000")])
            #expect(wrong.status == .unauthorized)
            let confirmed = try await desk.post("/quan-tri/tai-khoan/hai-buoc/xac-nhan", [("code", totp.code(at: Date()))])
            #expect(confirmed.status == .ok)
            let codes = Self.recoveryCodes(in: confirmed.body.string)
            #expect(codes.count == 10 && Set(codes).count == 10)

            // Sign-in: the password alone signs nobody in.
            let laptop = Browser(app)
            try await laptop.get("/dang-nhap")
            let first = try await laptop.post("/dang-nhap", [("email", "co@t.vn"), ("password", TestApp.demoPassword)])
            #expect(first.status == .seeOther && first.headers.first(name: .location) == "/dang-nhap/ma-xac-thuc")
            #expect(try await SessionTests.signedOut(laptop))
            try await laptop.get("/dang-nhap/ma-xac-thuc")
            #expect(try await laptop.post("/dang-nhap/ma-xac-thuc", [("code", "12345")]).status == .unauthorized)
            // The code used to confirm cannot be used again; the next step's code (one step of drift) can.
            let next = totp.code(step: totp.step(at: Date()) + 1)
            try await laptop.get("/dang-nhap/ma-xac-thuc")
            let signed = try await laptop.post("/dang-nhap/ma-xac-thuc", [("code", next)])
            #expect(signed.status == .seeOther && signed.headers.first(name: .location) == "/quan-tri")
            #expect(!(try await SessionTests.signedOut(laptop)))

            // A recovery code works once, written as typed (upper case, spaces).
            let phone = Browser(app)
            try await phone.get("/dang-nhap")
            try await phone.post("/dang-nhap", [("email", "co@t.vn"), ("password", TestApp.demoPassword)])
            try await phone.get("/dang-nhap/ma-xac-thuc")
            #expect(try await phone.post("/dang-nhap/ma-xac-thuc", [("code", codes[0].uppercased().replacingOccurrences(of: "-", with: " "))]).status == .seeOther)
            let replay = Browser(app)
            try await replay.get("/dang-nhap")
            try await replay.post("/dang-nhap", [("email", "co@t.vn"), ("password", TestApp.demoPassword)])
            try await replay.get("/dang-nhap/ma-xac-thuc")
            #expect(try await replay.post("/dang-nhap/ma-xac-thuc", [("code", codes[0])]).status == .unauthorized)

            // The API asks for the code too.
            let (noCode, noCodeBody) = try await Self.tokenStatus(app, "co@t.vn", code: nil)
            #expect(noCode == .unauthorized && noCodeBody.contains("second_factor_required"))
            #expect(try await Self.tokenStatus(app, "co@t.vn", code: "000000").0 == .unauthorized)
            #expect(try await Self.tokenStatus(app, "co@t.vn", code: codes[1]).0 == .ok)

            // A lost phone: the admin clears the second factor; every session of the user ends; the password alone works again.
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            try await admin.get("/quan-tri/nguoi-dung")
            #expect(try await admin.post("/quan-tri/nguoi-dung/\(stored.id!.uuidString.lowercased())",
                                         [("email", "co@t.vn"), ("fullName", "Điều phối viên"), ("role", "coordinator"), ("password", ""),
                                          ("active", "on"), ("clearSecondFactor", "on")]).status == .seeOther)
            #expect(try await SessionTests.signedOut(laptop))
            #expect(try await SessionTests.signedOut(desk))
            let again = Browser(app)
            try await again.login("co@t.vn", TestApp.demoPassword)
            #expect(!(try await SessionTests.signedOut(again)))
        }
    }

    @Test("an admin requires the second factor of a role: its members can open only their account page, and get no API token, until they set it up",
          arguments: TestDatabase.available)
    func requiredByRole(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let earlierToken = try await FailClosedTests.token(app, "op@t.vn")
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            try await admin.get("/quan-tri/nguoi-dung")
            #expect(try await admin.post("/quan-tri/nguoi-dung/hai-buoc", [("role_operator", "on"), ("role_admin", "on")]).status == .seeOther)
            #expect(try await SecondFactorService(db: app.db, cipher: nil).requiredRoles() == [.operator, .admin])

            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            let queue = try await op.get("/quan-tri")
            // A token issued before the requirement works no more until the factor is set up.
            #expect(try await FailClosedTests.get(app, "/api/v1/staff/requests", token: earlierToken).status == .forbidden)
            #expect(queue.status == .seeOther && queue.headers.first(name: .location) == "/quan-tri/tai-khoan")
            let intake = try await op.get("/quan-tri/tiep-nhan")
            #expect(intake.status == .seeOther && intake.headers.first(name: .location) == "/quan-tri/tai-khoan")
            let account = try await op.get("/quan-tri/tai-khoan")
            #expect(account.status == .ok && account.body.string.contains("bắt buộc xác thực hai bước"))
            let (status, body) = try await Self.tokenStatus(app, "op@t.vn", code: nil)
            #expect(status == .forbidden && body.contains("second_factor_enrolment_required"))
            // Other roles are not affected.
            #expect(try await Self.tokenStatus(app, "co@t.vn", code: nil).0 == .ok)

            // Set up: then the back office opens, and the factor cannot be turned off while the role requires it.
            let begun = try await op.post("/quan-tri/tai-khoan/hai-buoc/bat-dau", [("password", TestApp.demoPassword)])
            let totp = try Self.secret(in: begun.body.string)
            #expect(try await op.post("/quan-tri/tai-khoan/hai-buoc/xac-nhan", [("code", totp.code(at: Date()))]).status == .ok)
            #expect(try await op.get("/quan-tri").status == .ok)
            try await op.get("/quan-tri/tai-khoan")
            #expect(try await op.post("/quan-tri/tai-khoan/hai-buoc/tat", [("password", TestApp.demoPassword), ("code", totp.code(step: totp.step(at: Date()) + 1))]).status == .forbidden)
        }
    }

    @Test("a waiting sign-in ends when the password is reset; five wrong codes send the person back to the password; a code is taken once even by two requests at once",
          arguments: TestDatabase.available)
    func guessingAndReset(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let desk = Browser(app)
            try await desk.login("co@t.vn", TestApp.demoPassword)
            try await desk.get("/quan-tri/tai-khoan")
            let totp = try Self.secret(in: try await desk.post("/quan-tri/tai-khoan/hai-buoc/bat-dau", [("password", TestApp.demoPassword)]).body.string)
            #expect(try await desk.post("/quan-tri/tai-khoan/hai-buoc/xac-nhan", [("code", totp.code(at: Date()))]).status == .ok)

            // The password is reset while someone waits at the code step: that sign-in is over.
            let thief = Browser(app)
            try await thief.get("/dang-nhap")
            try await thief.post("/dang-nhap", [("email", "co@t.vn"), ("password", TestApp.demoPassword)])
            _ = try await AccountService(db: app.db, hasher: app.password.async).resetPassword(email: "co@t.vn", to: "một mật khẩu mới khác hẳn")
            let after = try await thief.get("/dang-nhap/ma-xac-thuc")
            #expect(after.status == .seeOther && after.headers.first(name: .location) == "/dang-nhap")

            // Five wrong codes, then the code step is closed (even to the right code) until the password is given again.
            let guesser = Browser(app)
            try await guesser.get("/dang-nhap")
            try await guesser.post("/dang-nhap", [("email", "co@t.vn"), ("password", "một mật khẩu mới khác hẳn")])
            let right = totp.code(step: totp.step(at: Date()) + 1)
            let wrong = right == "000000" ? "111111" : "000000"
            for _ in 0..<SecondFactorService.maximumFailures {
                try await guesser.get("/dang-nhap/ma-xac-thuc")
                #expect(try await guesser.post("/dang-nhap/ma-xac-thuc", [("code", wrong)]).status == .unauthorized)
            }
            try await guesser.get("/dang-nhap/ma-xac-thuc")
            #expect(try await guesser.post("/dang-nhap/ma-xac-thuc", [("code", right)]).status == .tooManyRequests)
            #expect(try await SessionTests.signedOut(guesser))

            // One code, two requests at once: one wins.
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "co@t.vn").first())
            let service = SecondFactorService(db: app.db, cipher: app.paknConfiguration.channels.settingsCipher)
            let code = totp.code(step: totp.step(at: Date()) + 1)
            async let a = service.verify(try #require(try await User.find(user.id, on: app.db)), input: code)
            async let b = service.verify(try #require(try await User.find(user.id, on: app.db)), input: code)
            let results = try await [a, b]
            #expect(results.filter { $0 }.count == 1)
        }
    }
}
