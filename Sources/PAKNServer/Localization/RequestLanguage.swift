import Foundation
import PAKNDomain
import Vapor

extension Application {
    private struct EnglishCatalogueKey: StorageKey { typealias Value = TranslationCatalogue }

    /// The English catalogue this application renders with: the shipped one, with the site's own names in English
    /// from configuration (`PAKN_SITE_NAME_EN`, `PAKN_AUTHORITY_EN`, `PAKN_HOTLINE_HOURS_EN`) laid over it.
    /// Set once in `configure`, before any request.
    var englishCatalogue: TranslationCatalogue {
        get { storage[EnglishCatalogueKey.self] ?? .shippedEnglish }
        set { storage[EnglishCatalogueKey.self] = newValue }
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = DisplayLanguage }

    /// The cookie that keeps the language chosen with the switch (`vi` or `en`), for a year.
    static let languageCookie = "pakn_lang"
    /// The query parameter of the switch (`?lang=en`), on any page.
    static let languageParameter = "lang"

    /// The language this request's page speaks, in this order: the switch in the address (`?lang=en`), the
    /// switch's cookie, the signed-in staff member's choice on the account page, the browser's `Accept-Language`
    /// (RFC 9110 §12.5.4), Vietnamese. Read once a staff member is known (pages render after the session is read).
    var language: DisplayLanguage {
        if let known = storage[LanguageKey.self] { return known }
        let chosen = (try? query.get(String.self, at: Self.languageParameter)).flatMap(DisplayLanguage.init(tag:))
            ?? cookies[Self.languageCookie].flatMap { DisplayLanguage(tag: $0.string) }
            ?? staff?.language.flatMap(DisplayLanguage.init(tag:))
            ?? headers.first(name: .acceptLanguage).flatMap(DisplayLanguage.preferred(acceptLanguage:))
            ?? .vietnamese
        if staff != nil { storage[LanguageKey.self] = chosen }
        return chosen
    }

    /// `vietnamese` in the page's language: itself, or its English from the catalogue (itself when it has none).
    /// For texts put together before they reach the page (a title with the site's name); the page's other texts
    /// are translated as a whole when it is rendered (``PageTranslation``).
    func localized(_ vietnamese: String) -> String {
        guard language == .english else { return vietnamese }
        return application.englishCatalogue.english(vietnamese) ?? vietnamese
    }

    /// The address of this page in `language`: the same path and query, with `lang` set.
    func address(in language: DisplayLanguage) -> String {
        var components = URLComponents()
        components.path = url.path
        var items = (URLComponents(string: url.string)?.queryItems ?? []).filter { $0.name != Self.languageParameter }
        items.append(URLQueryItem(name: Self.languageParameter, value: language.tag))
        components.queryItems = items
        return components.string ?? "\(url.path)?\(Self.languageParameter)=\(language.tag)"
    }
}

/// Keeps the language switch (`?lang=` on any page) in a cookie, and says which language each page is in
/// (`Content-Language`; `Vary: Accept-Language, Cookie` so a shared cache never serves one language for the other).
struct LanguageMiddleware: AsyncMiddleware {
    let secureCookies: Bool

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if let tag = try? request.query.get(String.self, at: Request.languageParameter),
           let language = DisplayLanguage(tag: tag) {
            response.cookies[Request.languageCookie] = Self.cookie(language, secure: secureCookies)
        }
        if response.headers.contentType == .html {
            response.headers.replaceOrAdd(name: .contentLanguage, value: request.language.tag)
            let vary = response.headers[.vary].joined(separator: ", ")
            response.headers.replaceOrAdd(name: .vary, value: vary.isEmpty ? "Accept-Language, Cookie" : "\(vary), Accept-Language, Cookie")
        }
        return response
    }

    /// The switch's cookie: a year, the whole site, not readable by scripts, sent on top-level navigation.
    static func cookie(_ language: DisplayLanguage, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: language.tag, expires: nil, maxAge: 365 * 24 * 3600, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}
