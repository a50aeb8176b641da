import Foundation

/// How the public site names itself (issue 14, "The province's own face"): the service, the authority running it,
/// the hotline and its hours, the logo and the favicon. From the environment, with Gia Lai's values as defaults.
public struct SiteIdentity: Sendable, Equatable {
    /// `PAKN_SITE_NAME`: the service's name (default "Hệ thống thông tin dịch vụ công 1022").
    public var siteName = "Hệ thống thông tin dịch vụ công 1022"
    /// `PAKN_AUTHORITY`: who runs it (default "UBND tỉnh Gia Lai").
    public var authority = "UBND tỉnh Gia Lai"
    /// `PAKN_HOTLINE`: the number citizens call (default "1022"), shown and linked as `tel:`.
    public var hotline = "1022"
    /// `PAKN_HOTLINE_HOURS`: when the switchboard answers, as people read it (default "7:00–23:00 các ngày làm việc").
    public var hotlineHours = "7:00–23:00 các ngày làm việc"
    /// `PAKN_LOGO_FILE`: a PNG, JPEG or SVG file of at most 512 KiB served at `/logo` and shown in the header;
    /// absent: the shipped `/static/logo-1022.svg`.
    public var logoFile: URL?
    /// `PAKN_FAVICON_FILE`: a PNG, ICO or SVG file of at most 512 KiB served at `/favicon.ico`; absent: the shipped
    /// `/static/favicon-1022.svg`.
    public var faviconFile: URL?

    /// `PAKN_SITE_NAME_EN`, `PAKN_AUTHORITY_EN`, `PAKN_HOTLINE_HOURS_EN`: the three above in English, for the
    /// English pages (issue 14, "English"); absent: the shipped catalogue's English of the defaults, or the
    /// Vietnamese (a province's own name reads the same in both).
    public var englishNames: [String: String] = [:]

    public init() {}

    /// The largest logo or favicon file read (bytes).
    public static let maximumImageBytes = 512 * 1024

    /// Reads the variables above; empty values keep the defaults. `cwd` resolves relative file paths.
    public static func fromEnvironment(_ env: [String: String], cwd: URL) -> SiteIdentity {
        var identity = SiteIdentity()
        func text(_ name: String) -> String? { env[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } }
        if let value = text("PAKN_SITE_NAME") { identity.siteName = value }
        if let value = text("PAKN_AUTHORITY") { identity.authority = value }
        if let value = text("PAKN_HOTLINE") { identity.hotline = value }
        if let value = text("PAKN_HOTLINE_HOURS") { identity.hotlineHours = value }
        for (name, vietnamese) in [("PAKN_SITE_NAME_EN", identity.siteName), ("PAKN_AUTHORITY_EN", identity.authority),
                                   ("PAKN_HOTLINE_HOURS_EN", identity.hotlineHours)] {
            if let english = text(name) { identity.englishNames[vietnamese] = english }
        }
        identity.logoFile = text("PAKN_LOGO_FILE").map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
        identity.faviconFile = text("PAKN_FAVICON_FILE").map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
        return identity
    }

    /// The hotline as a `tel:` address: its digits and a leading `+`.
    public var hotlineLink: String { "tel:" + hotline.filter { $0.isNumber || $0 == "+" } }

    /// The content type of an image file by its first bytes (PNG, JPEG, ICO, SVG), or `nil` for anything else:
    /// the file is the admin's, but its type is read from what it holds, not from its name.
    public static func imageType(of data: Data) -> String? {
        let bytes = [UInt8](data.prefix(512))
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x00, 0x00, 0x01, 0x00]) { return "image/x-icon" }
        let head = String(decoding: bytes, as: UTF8.self).lowercased()
        if head.contains("<svg") { return "image/svg+xml" }
        return nil
    }
}
