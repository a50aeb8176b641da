import Crypto
import Foundation
import PAKNDomain
import Testing
import Vapor
@testable import PAKNServer

/// A visitor who has not signed in writes no session row (issue 12 item 5): the public forms' CSRF token, the codes
/// this browser filed and those it verified live in a cookie signed under a key derived from the settings key.
@Suite("Visitors: a signed cookie, no session row")
struct VisitorCookieTests {
    static func sessionRows(_ app: Application) async throws -> Int { try await StaffSession.query(on: app.db).count() }

    @Test("a citizen's whole visit (pages, the form, its confirmation, the second factor, a rating) writes no session row",
          arguments: TestDatabase.available)
    func noRowForVisitors(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let citizen = Browser(app)
            for path in ["/", "/gui-phan-anh", "/tra-cuu", "/cong-khai", "/thong-ke", "/ban-do", "/dang-nhap"] {
                #expect(try await citizen.get(path).status == .ok, "\(path)")
            }
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            try await citizen.get("/gui-phan-anh")
            let filed = try await citizen.postMultipart("/gui-phan-anh", Fixtures.submissionFields(communeCode: commune))
            #expect(filed.status == .ok, "the confirmation, reached through the cookie's list of filed codes")
            let code = try #require(Fixtures.trackingCode(in: filed.body.string))
            // The second factor (the last 4 digits of 0912 345 678) opens the personal details, kept in the cookie.
            try await citizen.get("/tra-cuu?ma=\(code.digits)")
            #expect(try await citizen.post("/tra-cuu/\(code.digits)/xac-minh", [("factor", "5678")]).status == .seeOther)
            #expect(try await citizen.get("/tra-cuu?ma=\(code.digits)").body.string.contains("Nguyễn Thị Hoa"))
            #expect(try await Self.sessionRows(app) == 0, "no session row for a visitor")
            #expect(citizen.cookie(named: "pakn_session") == nil && citizen.cookie(named: VisitorCookie.name) != nil)

            // Another browser has neither the confirmation nor the verification.
            let other = Browser(app)
            other.followsConfirmation = false
            #expect(try await other.get("/gui-phan-anh/da-gui?ma=\(code.digits)").status == .seeOther)
            #expect(!(try await other.get("/tra-cuu?ma=\(code.digits)").body.string.contains("Nguyễn Thị Hoa")))

            // Signing in still works from a visitor's form token, and makes the one session row.
            let staff = Browser(app)
            try await staff.login("op@t.vn", TestApp.demoPassword)
            #expect(try await Self.sessionRows(app) == 1)
        }
    }

    @Test("an altered, forged or expired cookie is worth nothing: its token fails, its codes are not the browser's")
    func tampering() async throws {
        try await TestApp.with(.sqlite) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let citizen = Browser(app)
            try await citizen.get("/dang-nhap")
            let value = try #require(citizen.cookie(named: VisitorCookie.name))
            let state = try #require(app.visitorCookie.open(value))
            #expect(state.csrf == citizen.csrf && state.csrf != nil)

            // One character of the payload changed: the MAC no longer holds.
            var altered = Array(value)
            altered[3] = altered[3] == "A" ? "B" : "A"
            citizen.setCookie(VisitorCookie.name, String(altered))
            #expect(try await citizen.post("/dang-nhap", [("email", "op@t.vn"), ("password", TestApp.demoPassword)]).status == .forbidden)

            // A cookie sealed with another key (another deployment, or a guess), claiming a code verified.
            let forger = VisitorCookie(key: SymmetricKey(size: .bits256))
            var claim = VisitorState(csrf: state.csrf, verified: ["1234567890"])
            claim.expires = Int(Date().timeIntervalSince1970) + 3600
            #expect(app.visitorCookie.open(forger.seal(claim)) == nil)
            // Ours, but expired.
            claim.expires = Int(Date().timeIntervalSince1970) - 1
            #expect(app.visitorCookie.open(app.visitorCookie.seal(claim)) == nil)
            claim.expires = Int(Date().timeIntervalSince1970) + 60
            #expect(app.visitorCookie.open(app.visitorCookie.seal(claim)) == claim)
            // Garbage and oversized values.
            for junk in ["", ".", "abc", "a.b.c", String(repeating: "A", count: 5000) + ".x"] {
                #expect(app.visitorCookie.open(junk) == nil, "\(junk.prefix(20))")
            }
        }
    }

    @Test("every node with the same settings key accepts another's cookie; another key does not (HKDF-SHA256 of the settings key)")
    func nodes() throws {
        let settingsKey = SymmetricKey(size: .bits256)
        let first = VisitorCookie(key: SettingsCipher(key: settingsKey).derivedKey(for: VisitorCookie.purpose))
        let second = VisitorCookie(key: SettingsCipher(key: settingsKey).derivedKey(for: VisitorCookie.purpose))
        let stranger = VisitorCookie(key: SettingsCipher(key: SymmetricKey(size: .bits256)).derivedKey(for: VisitorCookie.purpose))
        var state = VisitorState(csrf: "t", submitted: ["0123456789"])
        state.expires = Int(Date().timeIntervalSince1970) + 600
        #expect(second.open(first.seal(state)) == state)
        #expect(stranger.open(first.seal(state)) == nil)
        // The derived key is not the settings key itself, and differs by purpose.
        let derived = SettingsCipher(key: settingsKey).derivedKey(for: VisitorCookie.purpose)
        #expect(derived.withUnsafeBytes { Data($0) } != settingsKey.withUnsafeBytes { Data($0) })
        #expect(derived.withUnsafeBytes { Data($0) } != SettingsCipher(key: settingsKey).derivedKey(for: "another purpose").withUnsafeBytes { Data($0) })
    }

    @Test("the cookie is written again once half its life has passed, so a returning visitor's token does not lapse mid-form")
    func sliding() async throws {
        try await TestApp.with(.sqlite) { app in
            func expiresSet(by response: BrowserResponse) -> Int? {
                response.headers[.setCookie].first { $0.hasPrefix(VisitorCookie.name + "=") }
                    .flatMap { $0.split(separator: ";").first }
                    .flatMap { app.visitorCookie.open(String($0.dropFirst(VisitorCookie.name.count + 1))) }?.expires
            }
            let now = Int(Date().timeIntervalSince1970)
            var state = VisitorState(csrf: "token")
            // 20 hours left of 24: not written again.
            state.expires = now + 20 * 3600
            let fresh = Browser(app)
            fresh.setCookie(VisitorCookie.name, app.visitorCookie.seal(state))
            #expect(expiresSet(by: try await fresh.get("/gui-phan-anh")) == nil)
            // One hour left: written again with a full day.
            state.expires = now + 3600
            let returning = Browser(app)
            returning.setCookie(VisitorCookie.name, app.visitorCookie.seal(state))
            let renewed = try #require(expiresSet(by: try await returning.get("/gui-phan-anh")))
            #expect(renewed >= now + 24 * 3600 - 60)
            #expect(app.visitorCookie.open(try #require(returning.cookie(named: VisitorCookie.name)))?.csrf == "token", "the same token")
        }
    }
}
