import Foundation
import PAKNDomain
import Plot
import Vapor

/// The shared page frame: Vietnamese (English when the request's ``Request/language`` is English), mobile-first
/// (360 px), no scripts needed, one small inline stylesheet.
enum Layout {
    static let css = """
    *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#f6f7f9}
    header.site{background:#a51c1c;color:#fff;padding:.6rem 1rem}header.site a{color:#fff;text-decoration:none;margin-right:1rem}
    header.site .brand{font-weight:700;font-size:1.15rem;display:inline-flex;align-items:center;gap:.3rem}header.site .brand img{border-radius:6px}header.site .brand .authority{font-weight:400;font-size:.8rem;opacity:.9;margin-left:.3rem}nav{display:flex;flex-wrap:wrap;gap:.3rem 0;align-items:center}
    main{max-width:60rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.4rem 0 1rem}h2{font-size:1.15rem;margin-top:1.5rem}
    label{display:block;font-weight:600;margin:.8rem 0 .2rem}input[type=text],input[type=email],input[type=tel],input[type=password],input[type=number],input[type=search],input[type=date],select,textarea{width:100%;padding:.55rem;border:1px solid #8a8f98;border-radius:4px;font:inherit;background:#fff}
    textarea{min-height:8rem}.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{margin-top:.3rem}
    button,.button{display:inline-block;background:#a51c1c;color:#fff;border:0;border-radius:4px;padding:.6rem 1.1rem;font:inherit;font-weight:600;cursor:pointer;text-decoration:none;margin:.3rem .3rem .3rem 0}
    button.secondary{background:#4a5361}.error{color:#b00020;font-weight:600}.errors{border:2px solid #b00020;background:#fff0f0;padding:.5rem 1rem;border-radius:4px}
    .card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:1rem;margin:.8rem 0}.muted{color:#5a6270;font-size:.92rem}.hint{background:#f1f6fd;border-left:4px solid #1f5fa8;padding:.4rem .7rem;margin:.4rem 0 .8rem}.hint p{margin:.2rem 0}
    .code{font:700 1.6rem/1.2 ui-monospace,Consolas,monospace;letter-spacing:.05em;white-space:nowrap}
    mark.masked{background:#fff3bf;padding:0 .15em}details.secondary{margin:.8rem 0}details.secondary summary{cursor:pointer;font-weight:600;color:#4a5361}.status{display:inline-block;padding:.1rem .5rem;border-radius:3px;background:#e8eef7;font-size:.9rem}
    table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #dde1e6;padding:.45rem;text-align:left;vertical-align:top}
    .table-wrap{overflow-x:auto}.table-wrap table{min-width:48rem}td.nowrap,td.nowrap a{white-space:nowrap}ol.timeline{padding-left:1.2rem}ol.timeline li{margin:.5rem 0}.filters{display:flex;flex-wrap:wrap;gap:.5rem}.filters div{flex:1 1 10rem}
    .masked{background:#fff3bf}footer{max-width:60rem;margin:2rem auto;padding:1rem;color:#5a6270;font-size:.9rem}.urgent{color:#b00020;font-weight:700}
    fieldset{border:1px solid #dde1e6;border-radius:6px;margin:1rem 0;padding:.5rem 1rem 1rem;background:#fff}legend{font-weight:700}
    .setting .value,.setting code,.health li,ul.jobs p{overflow-wrap:anywhere}ul.jobs{padding-left:0;list-style:none}
    .doc-header{display:flex;justify-content:space-between;gap:1rem;text-align:center;margin-bottom:1rem}.doc-header p{margin:.1rem 0}.doc-header .underlined{text-decoration:underline}.doc-header .place-date{margin-top:.6rem}
    .report h1{text-align:center;text-transform:uppercase;font-size:1.2rem}.report .period{text-align:center}.report table{min-width:0}.report th,.report td{border:1px solid #8a8f98}
    .screen-pop{position:sticky;top:0;z-index:10;max-width:60rem;margin:0 auto;padding:.5rem 1rem;background:#fff8e1;border-bottom:3px solid #b26a00;box-shadow:0 2px 6px rgba(0,0,0,.2)}.screen-pop .call-card{margin:.3rem 0;background:transparent;border:0;padding:0}.screen-pop .close{float:right}
    .tile-map{height:20rem;margin:.5rem 0;border:1px solid #dde1e6;border-radius:6px}.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0;list-style:none}.legend .swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:50%;margin-right:.3rem;vertical-align:-.1rem}
    @media(min-width:1280px){main.office{max-width:min(112rem,96vw)}.case-layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:0 2rem;align-items:start}.case-side{position:sticky;top:0;max-height:100vh;overflow-y:auto;padding-right:.3rem}}
    @media print{@page{size:A4;margin:15mm}.tile-map{display:none}header.site,footer,.no-print{display:none}body{background:#fff;font-size:12pt}main{max-width:none;padding:0}.card{border:0;padding:0;margin:.5rem 0}.table-wrap{overflow:visible}.table-wrap table{min-width:0}tr{break-inside:avoid}}
    """

    /// Renders a full page. `staff` switches the header to the back-office menu. The page is written in Vietnamese;
    /// for a request in English its texts are rendered through the English catalogue (``PageTranslation``).
    /// `titleIsPeoplesWords`: the title is someone's words (an article's title), kept as written in English too.
    static func render(title: String, titleIsPeoplesWords: Bool = false, for request: Request, body: Node<HTML.BodyContext>) -> String {
        let staff = request.staff
        // Plot evaluates both branches of `.if`, so the menu is chosen here.
        let menu: [Node<HTML.BodyContext>]
        if let staff {
            menu = staffMenu(staff, request: request)
        } else {
            menu = [
                .a(.href(SiteURL.submit.path), .text("Gửi phản ánh")),
                .a(.href(SiteURL.lookup.path), .text("Tra cứu")),
                .a(.href(SiteURL.published.path), .text("Kết quả trả lời")),
                .a(.href(SiteURL.publicStatistics.path), .text("Thống kê")),
                .a(.href(SiteURL.publicFAQ.path), .text("Hỏi đáp")),
                .a(.href(SiteURL.login.path), .text("Cán bộ")),
            ]
        }
        let identity = request.paknConfiguration.identity
        let language = request.language
        let other: DisplayLanguage = language == .english ? .vietnamese : .english
        let html = HTML(
            .lang(language == .english ? .english : .vietnamese),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot also copies the title into meta `content` attributes; its text escaping keeps entities as they are.
                titleIsPeoplesWords
                    ? .element(named: "title", nodes: [.attribute(named: "translate", value: "no"),
                                                       .text("\(title) – \(request.localized(identity.siteName))")])
                    : .title(attribute("\(request.localized(title)) – \(request.localized(identity.siteName))")),
                .link(.rel(.icon), .href(SiteImages.faviconPath(identity))),
                .element(named: "style", text: css)
            ),
            .body(
                .header(.class("site"), .nav(
                    .a(.class("brand"), .href(staff == nil ? SiteURL.home.path : SiteURL.queue.path),
                       .raw("<img src=\"\(attribute(SiteImages.logoPath(identity)))\" alt=\"\" width=\"32\" height=\"32\">"),
                       .text(" 1022"), .span(.class("authority"), .text(identity.authority))),
                    .group(menu),
                    languageSwitch(to: other, request: request)
                )),
                // The screen pop: operators' pages listen to the live call channel (`pakn-calls.js`).
                .if(staff?.role == .operator || staff?.role == .coordinator,
                    .raw("<script src=\"/static/pakn-calls.js\" defer data-events=\"\(SiteURL.callEvents.path)\"></script>")),
                // Staff pages ask before leaving a changed form (`pakn-forms.js`, forms marked `data-warn-unsaved`).
                .if(staff != nil, .raw("<script src=\"/static/pakn-forms.js\" defer></script>")),
                .main(.class(staff == nil ? "public" : "office"), body),
                .footer(.p(.strong(.text(request.localized(identity.siteName)), .text(" — "), .text(identity.authority)),
                           .text(". Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp.")),
                        .p(.text("Tổng đài: "), .a(.id("hotline"), .href(identity.hotlineLink), .text(identity.hotline)),
                           .text(" (\(identity.hotlineHours)). ")),
                        .a(.id("help-link"), .href(staff.map { SiteURL.helpTopic(HelpPage.topic(for: $0.role)).path } ?? SiteURL.help.path),
                           .text("Hướng dẫn sử dụng")), .text(" · "), languageSwitch(to: other, request: request))
            )
        )
        let page = html.render()
        return language == .english ? PageTranslation(catalogue: request.application.englishCatalogue).english(page) : page
    }

    /// The link to this page in the other language, named in that language and marked as such (`lang`, `hreflang`),
    /// so a reader of either finds it.
    static func languageSwitch(to language: DisplayLanguage, request: Request) -> Node<HTML.BodyContext> {
        .a(.class("language-switch"), .href(attribute(request.address(in: language))), .attribute(named: "lang", value: language.tag),
           .attribute(named: "hreflang", value: language.tag), .text(language.nativeName))
    }

    static func staffMenu(_ user: User, request: Request) -> [Node<HTML.BodyContext>] {
        let role = user.role
        var items: [Node<HTML.BodyContext>] = [.a(.href(SiteURL.queue.path), .text("Hàng đợi"))]
        if role.isAgencyScoped { items.append(.a(.id("my-cases"), .href(SiteURL.myCases.path), .text("Việc của tôi"))) }
        if role == .agencyLeader { items.append(.a(.href(SiteURL.handOver.path), .text("Bàn giao"))) }
        items.append(.a(.href(SiteURL.staffMap.path), .text("Bản đồ")))
        if role == .operator || role == .coordinator { items += [.a(.href(SiteURL.phoneIntake.path), .text("Tiếp nhận cuộc gọi")),
                                                                          .a(.href(SiteURL.channelInbox.path), .text("Tin nhắn đến")),
                                                                          .a(.href(SiteURL.calls.path), .text("Cuộc gọi")),
                                                                          .a(.href(SiteURL.dataSubjectRequests.path), .text("Dữ liệu cá nhân"))] }
        if role != .complaintOfficer { items.append(.a(.href(SiteURL.dashboard.path), .text("Thống kê"))) }
        if role == .admin || role == .coordinator || role == .agencyLeader { items.append(.a(.href(SiteURL.answerTemplates.path), .text("Mẫu trả lời"))) }
        items.append(.a(.href(SiteURL.knowledge.path), .text("Kiến thức")))
        if role != .admin { items.append(.a(.href(SiteURL.notifications.path), .text("Thông báo"))) }
        if role == .admin {
            items += [.a(.href(SiteURL.adminAgencies.path), .text("Cơ quan")), .a(.href(SiteURL.adminUsers.path), .text("Người dùng")),
                      .a(.href(SiteURL.adminServices.path), .text("Lĩnh vực")), .a(.href(SiteURL.adminRules.path), .text("Quy tắc chuyển")),
                      .a(.href(SiteURL.adminCalendar.path), .text("Lịch nghỉ lễ")), .a(.href(SiteURL.adminBlocklist.path), .text("Số bị chặn")), .a(.href(SiteURL.adminDeadlines.path), .text("Thời hạn")),
                      .a(.href(SiteURL.adminAPIKeys.path), .text("Khóa API")), .a(.href(SiteURL.adminChannels.path), .text("Kênh kết nối")),
                      .a(.href(SiteURL.adminAudit.path), .text("Nhật ký"))]
        }
        items.append(.a(.href(SiteURL.account.path), .text("Tài khoản")))
        items.append(.form(.method(.post), .action(SiteURL.logout.path), .style("display:inline"),
                           csrfField(request), .button(.type(.submit), .class("secondary"), .text("Đăng xuất \(user.fullName)"))))
        return items
    }

    /// The hidden CSRF field every form carries.
    static func csrfField(_ request: Request) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name(CSRF.field), .value(CSRF.token(for: request)))
    }

    /// Builds an HTML response with the given status.
    static func response(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: html))
        response.headers.contentType = .html
        return response
    }

    /// A number for people, Vietnamese style: a decimal comma, one decimal at most, none for a whole number
    /// ("12", "12,5", "-0,5").
    static func decimal(_ value: Double) -> String { VietnameseText.decimal(value) }

    /// A file size for people: "850 B", "12,5 KB", "3,2 MB".
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let kb = Double(bytes) / 1024
        let (value, unit) = kb < 1024 ? (kb, "KB") : (kb / 1024, "MB")
        return String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",") + " " + unit
    }

    /// `value` escaped for a double-quoted HTML attribute (`&`, `"`, `'`, `<`, `>`; OWASP XSS Prevention rule 2).
    /// Plot writes attribute values exactly as given, so every value that did not come from our own code goes
    /// through this (form values, links from outside, labels from the database).
    static func attribute(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    /// "dd/MM/yyyy HH:mm" in Asia/Ho_Chi_Minh.
    static func date(_ date: Date?) -> String {
        guard let date else { return "—" }
        return VietnamTime.dateTimeText(date)
    }
}

extension Node {
    /// Marks an element as people's words (a report's title and content, a note, an answer, an article): HTML's
    /// `translate="no"`, so an English page leaves it as written (``PageTranslation``), and so do browsers' own
    /// translators.
    static var peoplesWords: Node { .attribute(named: "translate", value: "no") }
}

/// A page for errors, in Vietnamese.
struct ErrorPage {
    let status: HTTPResponseStatus
    let message: String

    func render(for request: Request) -> String {
        Layout.render(title: "Lỗi \(status.code)", for: request, body: .div(
            .h1(.text(status == .notFound ? "Không tìm thấy" : "Không thực hiện được")),
            .p(.class("errors"), .text(message)),
            .p(.class("muted"), .text("Mã tham chiếu (đọc cho tổng đài viên nếu cần hỗ trợ): "), .code(.id("request-id"), .text(request.id))),
            .p(.a(.href(SiteURL.home.path), .text("Về trang chủ")))
        ))
    }
}
