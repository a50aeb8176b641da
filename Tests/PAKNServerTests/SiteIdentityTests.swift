import Foundation
@testable import PAKNServer
import Testing
import VaporTesting

/// The province's own face (issue 14): the service's name, the authority, the hotline and its hours on every public
/// page; the logo and favicon from configured files, checked by content.
@Suite("Site identity")
struct SiteIdentityTests {
    @Test("the environment names the service, the authority, the hotline and the files; empty values keep the defaults")
    func fromEnvironment() {
        let cwd = URL(fileURLWithPath: "/srv/pakn", isDirectory: true)
        let set = SiteIdentity.fromEnvironment(["PAKN_SITE_NAME": "Cổng phản ánh 1022 Bình Định", "PAKN_AUTHORITY": "UBND tỉnh Bình Định",
                                                "PAKN_HOTLINE": "(0256) 1022", "PAKN_HOTLINE_HOURS": "24/7", "PAKN_LOGO_FILE": "branding/logo.png"], cwd: cwd)
        #expect(set.siteName == "Cổng phản ánh 1022 Bình Định" && set.authority == "UBND tỉnh Bình Định" && set.hotlineHours == "24/7")
        #expect(set.hotlineLink == "tel:02561022")
        #expect(set.logoFile?.path == "/srv/pakn/branding/logo.png" && set.faviconFile == nil)
        let defaults = SiteIdentity.fromEnvironment(["PAKN_SITE_NAME": "  ", "PAKN_HOTLINE": ""], cwd: cwd)
        #expect(defaults == SiteIdentity())
        #expect(defaults.siteName == "Hệ thống thông tin dịch vụ công 1022" && defaults.authority == "UBND tỉnh Gia Lai")
    }

    @Test("pages name the configured service, authority and hotline; the logo is served when it is an image, not otherwise")
    func pagesAndFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data(repeating: 0, count: 64)
        try png.write(to: folder.appendingPathComponent("logo.png"))
        try Data("<script>alert(1)</script>".utf8).write(to: folder.appendingPathComponent("favicon.png"))
        try await TestApp.with(.sqlite, modify: { config in
            config.identity.siteName = "Cổng phản ánh 1022 Bình Định"
            config.identity.authority = "UBND tỉnh Bình Định"
            config.identity.hotline = "(0256) 1022"
            config.identity.hotlineHours = "24/7"
            config.identity.logoFile = folder.appendingPathComponent("logo.png")
            config.identity.faviconFile = folder.appendingPathComponent("favicon.png")
        }) { app in
            let home = try await app.testing().sendRequest(.GET, "/").body.string
            #expect(home.contains("<title>Trang chủ – Cổng phản ánh 1022 Bình Định</title>"))
            #expect(home.contains("UBND tỉnh Bình Định") && home.contains("href=\"tel:02561022\"") && home.contains("(24/7)"))
            #expect(home.contains("<img src=\"/logo\" alt=\"\"") && home.contains("<link rel=\"icon\" href=\"/favicon.ico\""))
            let logo = try await app.testing().sendRequest(.GET, "/logo")
            #expect(logo.status == .ok && logo.headers.contentType?.description == "image/png" && logo.body.readableBytes == png.count)
            #expect(logo.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true)
            // Not an image whatever its name says: nothing served.
            #expect(try await app.testing().sendRequest(.GET, "/favicon.ico").status == .notFound)
        }
        // Without files: the shipped ones.
        try await TestApp.with(.sqlite) { app in
            let home = try await app.testing().sendRequest(.GET, "/").body.string
            #expect(home.contains("Hệ thống thông tin dịch vụ công 1022") && home.contains("UBND tỉnh Gia Lai") && home.contains("href=\"tel:1022\""))
            #expect(home.contains("<img src=\"/static/logo-1022.svg\" alt=\"\""))
            let shipped = try await app.testing().sendRequest(.GET, "/static/logo-1022.svg")
            #expect(shipped.status == .ok && shipped.body.string.contains("<svg"))
            #expect(try await app.testing().sendRequest(.GET, "/logo").status == .seeOther)
        }
    }
}
