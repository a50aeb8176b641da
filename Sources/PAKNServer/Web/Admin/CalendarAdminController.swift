import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// The holiday calendar, working hours and SLA policies, kept by an admin (issue 3 §2–3). Every change moves
/// the running due dates that depend on it (`DueDates.recomputeAll`).
enum CalendarAdminController {
    static func register(_ admin: any RoutesBuilder) {
        admin.get(SiteURL.adminCalendar, use: years)
        admin.get(SiteURL.adminCalendarJSON, use: exportJSON)
        admin.get(SiteURL.adminCalendarICS, use: exportICalendar)
        admin.on(.POST, SiteURL.adminCalendarImport, body: .collect(maxSize: "2mb"), use: importJSON)
        admin.get(SiteURL.adminCalendarYear(.key), use: year)
        admin.post(SiteURL.adminCalendarFromRules(.key), use: createFromDraft)
        admin.post(SiteURL.adminCalendarAdd(.key), use: addEntry)
        admin.post(SiteURL.adminCalendarEdit(.key), use: changeEntry)
        admin.post(SiteURL.adminCalendarConfirm(.key), use: confirmYear)
        admin.get(SiteURL.adminDeadlines, use: policies)
        admin.post(SiteURL.adminDeadlines, use: savePolicy)
        admin.post(SiteURL.adminWorkingHours, use: saveWorkingHours)
    }

    /// The kinds of day, in the order the form offers them.
    static let roles: [(HolidayEntry.Role, String)] = [HolidayEntry.Role.holiday, .compensatory, .swappedDayOff, .makeUpWorkingDay,
                                                       .otherDayOff, .restDayInBlock].map { ($0, $0.label) }

    static func label(_ role: HolidayEntry.Role) -> String { role.label }

    static func yearParameter(_ req: Request) throws -> Int {
        guard let year = req.parameters.get("year", as: Int.self), (1900...2100).contains(year) else {
            throw AppError.invalid("Năm phải từ 1900 đến 2100.")
        }
        return year
    }

    // MARK: Years

    static func years(_ req: Request) async throws -> Response {
        let stored = try await DeadlineStore.storedYears(on: req.db)
        let storedSet = Set(stored.map(\.year))
        let current = SolarDay(Date(), in: VietnamTime.timeZone).year
        let draftable = (current...(current + 3)).filter { !storedSet.contains($0) }
        return Layout.response(Layout.render(title: "Lịch nghỉ lễ", for: req, body: .div(
            .h1(.text("Lịch nghỉ lễ, nghỉ bù, làm bù")),
            .p(.class("muted"), .text("Năm chưa lưu được tính theo dự thảo từ Bộ luật Lao động 2019, điều 112; ngày Tết cần Thủ tướng quyết định nên được đánh dấu cần xác nhận.")),
            .ul(.id("years"), .forEach(stored) { y in
                .li(.a(.href(SiteURL.adminCalendarYear(y.year).path), .text("Năm \(y.year)")), .text(" – \(y.status == .official ? "chính thức" : "dự thảo") – \(y.entries.count) ngày"))
            }),
            .forEach(draftable) { y in
                .form(.method(.post), .action(SiteURL.adminCalendarFromRules(y).path), .style("display:inline"), Layout.csrfField(req),
                      .button(.type(.submit), .class("secondary"), .text("Tạo năm \(y) từ quy tắc")))
            },
            .h2(.text("Xuất, nhập")),
            .p(.a(.href(SiteURL.adminCalendarJSON.path), .text("Tải JSON")), .text(" · "), .a(.href(SiteURL.adminCalendarICS.path), .text("Tải iCalendar (.ics)"))),
            .form(.method(.post), .action(SiteURL.adminCalendarImport.path), .class("card"), Layout.csrfField(req),
                FormFields.textarea("json", label: "Nhập lịch (JSON, định dạng pakn-holiday-calendar)", value: nil, required: true),
                .button(.type(.submit), .text("Nhập"))),
            .h2(.text("Giờ làm việc và thời hạn")),
            .p(.a(.href(SiteURL.adminDeadlines.path), .text("Giờ làm việc, giờ tiếp nhận và thời hạn theo lĩnh vực × mức độ")))
        )))
    }

    static func createFromDraft(_ req: Request) async throws -> Response {
        let year = try yearParameter(req)
        guard try await DeadlineStore.year(year, on: req.db) == nil else { throw AppError.conflict("Năm \(year) đã có lịch.") }
        guard let draft = HolidayRules.draft(year: year) else { throw AppError.invalid("Không tạo được dự thảo cho năm \(year).") }
        try await DeadlineStore.save(draft, on: req.db)
        return req.redirect(to: SiteURL.adminCalendarYear(year).path)
    }

    static func year(_ req: Request) async throws -> Response {
        let number = try yearParameter(req)
        guard let year = try await DeadlineStore.year(number, on: req.db) else {
            throw AppError.notFound("Năm \(number) chưa có lịch lưu trong hệ thống.")
        }
        let culture = year.isOccasionEnabled(.vietnameseCultureDay)
        return Layout.response(Layout.render(title: "Lịch năm \(number)", for: req, body: .div(
            .h1(.text("Lịch năm \(number) (\(year.status == .official ? "chính thức" : "dự thảo"))")),
            .if(year.status == .draft, .form(.method(.post), .action(SiteURL.adminCalendarConfirm(number).path), Layout.csrfField(req),
                .button(.type(.submit), .text("Xác nhận lịch chính thức (sau khi đã đối chiếu quyết định của Thủ tướng)")))),
            .div(.class("table-wrap"), .table(.id("entries"),
                .thead(.tr(.th(.text("Ngày")), .th(.text("Loại")), .th(.text("Tên")), .th(.text("Căn cứ")), .th(.text("Trạng thái")), .th())),
                .tbody(.forEach(Array(year.entries.enumerated())) { index, entry in
                    .tr(.td(.text(entry.date.isoString)), .td(.text(label(entry.role))), .td(.text(entry.name)), .td(.text(entry.legalBasis)),
                        .td(.text((entry.isEnabled ? "áp dụng" : "không áp dụng") + (entry.needsConfirmation ? ", cần xác nhận" : ""))),
                        .td(.form(.method(.post), .action(SiteURL.adminCalendarEdit(number).path), Layout.csrfField(req),
                                  .input(.type(.hidden), .name("index"), .value(String(index))),
                                  .button(.type(.submit), .class("secondary"), .attribute(named: "name", value: "op"), .attribute(named: "value", value: "toggle"),
                                          .text(entry.isEnabled ? "Bỏ áp dụng" : "Áp dụng")),
                                  .button(.type(.submit), .class("secondary"), .attribute(named: "name", value: "op"), .attribute(named: "value", value: "delete"), .text("Xóa")))))
                }))),
            .unwrap(culture) { enabled in
                .form(.method(.post), .action(SiteURL.adminCalendarEdit(number).path), Layout.csrfField(req),
                      .input(.type(.hidden), .name("op"), .value(enabled ? "culture-off" : "culture-on")),
                      .button(.type(.submit), .text(enabled ? "Tắt ngày nghỉ 24/11 (Ngày Văn hóa Việt Nam)" : "Bật ngày nghỉ 24/11 (Ngày Văn hóa Việt Nam)")))
            },
            .h2(.text("Thêm ngày")),
            .form(.method(.post), .action(SiteURL.adminCalendarAdd(number).path), .class("card"), Layout.csrfField(req),
                FormFields.text("date", label: "Ngày (yyyy-mm-dd)", value: nil, type: .text, required: true),
                FormFields.select("role", label: "Loại", options: roles.map { ($0.0.rawValue, $0.1) }, selected: HolidayEntry.Role.holiday.rawValue),
                FormFields.text("name", label: "Tên", value: nil, required: true, maxLength: 200),
                FormFields.text("legalBasis", label: "Căn cứ pháp lý", value: nil, required: true, maxLength: 300),
                .button(.type(.submit), .text("Thêm"))),
            .p(.a(.href(SiteURL.adminCalendar.path), .text("← Các năm")))
        )))
    }

    struct EntryForm: Content { var date: String?; var role: String?; var name: String?; var legalBasis: String?; var index: Int?; var op: String? }

    static func addEntry(_ req: Request) async throws -> Response {
        let number = try yearParameter(req)
        guard var year = try await DeadlineStore.year(number, on: req.db) else { throw AppError.notFound() }
        let form = try req.content.decode(EntryForm.self)
        guard let date = form.date.flatMap({ SolarDay(isoString: $0.trimmingCharacters(in: .whitespaces)) }), date.year == number else {
            throw AppError.invalid("Ngày không hợp lệ hoặc không thuộc năm \(number) (định dạng yyyy-mm-dd).")
        }
        guard let role = form.role.flatMap(HolidayEntry.Role.init(rawValue:)) else { throw AppError.invalid("Loại ngày không hợp lệ.") }
        let name = VietnameseText.sanitizedLine(form.name ?? "")
        let basis = VietnameseText.sanitizedLine(form.legalBasis ?? "")
        guard !name.isEmpty, !basis.isEmpty, !Intake.containsMarkup(name + basis) else { throw AppError.invalid("Cần tên và căn cứ pháp lý, không chứa mã HTML.") }
        year.entries.append(HolidayEntry(date: date, role: role, occasion: HolidayOccasion(rawValue: "admin"), name: name, legalBasis: basis))
        let problems = year.validationProblems()
        guard problems.isEmpty else { throw AppError.invalid(problems.joined(separator: " ")) }
        try await DeadlineStore.save(year, on: req.db)
        return req.redirect(to: SiteURL.adminCalendarYear(number).path)
    }

    static func changeEntry(_ req: Request) async throws -> Response {
        let number = try yearParameter(req)
        guard var year = try await DeadlineStore.year(number, on: req.db) else { throw AppError.notFound() }
        let form = try req.content.decode(EntryForm.self)
        switch form.op {
        case "culture-on": year = year.settingOccasion(.vietnameseCultureDay, enabled: true)
        case "culture-off": year = year.settingOccasion(.vietnameseCultureDay, enabled: false)
        case "toggle", "delete":
            guard let index = form.index, year.entries.indices.contains(index) else { throw AppError.invalid("Ngày không tồn tại.") }
            if form.op == "delete" { year.entries.remove(at: index) } else { year.entries[index].isEnabled.toggle() }
        default: throw AppError.invalid("Thao tác không hợp lệ.")
        }
        try await DeadlineStore.save(year, on: req.db)
        return req.redirect(to: SiteURL.adminCalendarYear(number).path)
    }

    static func confirmYear(_ req: Request) async throws -> Response {
        let number = try yearParameter(req)
        guard var year = try await DeadlineStore.year(number, on: req.db) else { throw AppError.notFound() }
        year.status = .official
        for index in year.entries.indices { year.entries[index].needsConfirmation = false }
        try await DeadlineStore.save(year, on: req.db)
        return req.redirect(to: SiteURL.adminCalendarYear(number).path)
    }

    static func exportJSON(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: try HolidayCalendarExchange.exportJSON(try await DeadlineStore.storedYears(on: req.db))))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"lich-nghi-le.json\"")
        return response
    }

    static func exportICalendar(_ req: Request) async throws -> Response {
        let text = HolidayCalendarExchange.iCalendar(try await DeadlineStore.storedYears(on: req.db), generatedAt: Date())
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"lich-nghi-le.ics\"")
        return response
    }

    struct ImportForm: Content { var json: String? }

    static func importJSON(_ req: Request) async throws -> Response {
        let text = try req.content.decode(ImportForm.self).json ?? ""
        let years: [HolidayCalendarYear]
        do {
            years = try HolidayCalendarExchange.importJSON(Data(text.utf8))
        } catch {
            throw AppError.invalid("Tệp lịch không hợp lệ: \(error)")
        }
        for year in years { try await DeadlineStore.save(year, on: req.db, recompute: false) }
        try await DueDates.recomputeAll(on: req.db)
        return req.redirect(to: SiteURL.adminCalendar.path)
    }

    // MARK: Working hours and SLA policies

    static func policies(_ req: Request) async throws -> Response {
        let context = try await DeadlineStore.load(on: req.db)
        let services = try await ReferenceQueries.services(activeOnly: false, on: req.db)
        let names = Dictionary(services.map { ($0.id ?? "", $0.name) }, uniquingKeysWith: { a, _ in a })
        return Layout.response(Layout.render(title: "Thời hạn xử lý", for: req, body: .div(
            .h1(.text("Giờ làm việc và thời hạn")),
            .form(.method(.post), .action(SiteURL.adminWorkingHours.path), .class("card"), Layout.csrfField(req),
                .h2(.text("Giờ làm việc (thứ Hai – thứ Sáu, và ngày làm bù)")),
                FormFields.text("periods", label: "Các ca, ví dụ 07:00-11:00, 13:00-17:00", value: context.workingHours.periods(on: .monday).map(\.description).joined(separator: ", ").replacingOccurrences(of: "–", with: "-"), required: true),
                .input(.type(.hidden), .name("kind"), .value("working")),
                .button(.type(.submit), .text("Lưu giờ làm việc"))),
            .form(.method(.post), .action(SiteURL.adminWorkingHours.path), .class("card"), Layout.csrfField(req),
                .h2(.text("Giờ tiếp nhận (phản ánh đến ngoài giờ được tính từ lần mở cửa kế tiếp)")),
                FormFields.text("periods", label: "Các ca, ví dụ 07:00-23:00", value: context.intakeHours.periods(on: .monday).map(\.description).joined(separator: ", ").replacingOccurrences(of: "–", with: "-"), required: true),
                .input(.type(.hidden), .name("kind"), .value("intake")),
                .button(.type(.submit), .text("Lưu giờ tiếp nhận"))),
            .h2(.text("Thời hạn theo lĩnh vực × mức độ")),
            .div(.class("table-wrap"), .table(.id("policies"),
                .thead(.tr(.th(.text("Lĩnh vực")), .th(.text("Mức độ")), .th(.text("Tiếp nhận")), .th(.text("Giải quyết")), .th(.text("Nhắc trước")), .th(.text("Nguồn")))),
                .tbody(.forEach(context.policies.rules) { rule in
                    .tr(.td(.text(rule.serviceCode.map { names[$0] ?? $0 } ?? "Mọi lĩnh vực")), .td(.text(UrgencyLabel.of(rule.urgency))),
                        .td(.text(rule.policy.acceptanceLimit.vietnameseText)), .td(.text(rule.policy.resolutionLimit.vietnameseText)),
                        .td(.text(rule.policy.reminderLead.vietnameseText)), .td(.text(rule.policy.source)))
                }))),
            .form(.method(.post), .action(SiteURL.adminDeadlines.path), .class("card"), Layout.csrfField(req),
                .h2(.text("Đặt thời hạn")),
                FormFields.groupedSelect("serviceCode", label: "Lĩnh vực", groups: ReferenceQueries.serviceGroups(services), selected: nil, emptyLabel: "Mọi lĩnh vực"),
                FormFields.select("urgency", label: "Mức độ", options: Urgency.allCases.map { ($0.rawValue, UrgencyLabel.of($0)) }, selected: "thuong"),
                FormFields.text("acceptanceHours", label: "Tiếp nhận trong (giờ làm việc)", value: "8", required: true),
                FormFields.text("resolution", label: "Giải quyết trong (ví dụ 4h hoặc 10d: giờ hoặc ngày làm việc)", value: "10d", required: true),
                FormFields.text("reminderHours", label: "Nhắc trước hạn (giờ làm việc)", value: "8", required: true),
                FormFields.text("source", label: "Nguồn, căn cứ", value: nil, required: true, maxLength: 300),
                .button(.type(.submit), .text("Lưu thời hạn")))
        )))
    }

    struct PolicyForm: Content { var serviceCode: String?; var urgency: String?; var acceptanceHours: String?; var resolution: String?; var reminderHours: String?; var source: String? }

    /// "4h" → 4 working hours, "10d" → 10 working days.
    static func parseDuration(_ text: String?) -> WorkingDuration? {
        guard var t = text?.trimmingCharacters(in: .whitespaces).lowercased(), t.count >= 2 else { return nil }
        let unit = t.removeLast()
        guard let n = Double(t.replacingOccurrences(of: ",", with: ".")), n > 0, n <= 10_000 else { return nil }
        switch unit {
        case "h", "g": return .workingHours(n)
        case "d", "n": return n == n.rounded() ? .workingDays(Int(n)) : nil
        default: return nil
        }
    }

    static func savePolicy(_ req: Request) async throws -> Response {
        let form = try req.content.decode(PolicyForm.self)
        guard let urgency = form.urgency.flatMap(Urgency.init(rawValue:)) else { throw AppError.invalid("Mức độ không hợp lệ.") }
        guard let acceptance = form.acceptanceHours.flatMap({ Double($0.replacingOccurrences(of: ",", with: ".")) }), acceptance > 0,
              let resolution = parseDuration(form.resolution),
              let reminder = form.reminderHours.flatMap({ Double($0.replacingOccurrences(of: ",", with: ".")) }), reminder >= 0 else {
            throw AppError.invalid("Thời hạn không hợp lệ (ví dụ tiếp nhận 8, giải quyết 4h hoặc 10d, nhắc 8).")
        }
        let source = VietnameseText.sanitizedLine(form.source ?? "")
        guard !source.isEmpty, !Intake.containsMarkup(source) else { throw AppError.invalid("Vui lòng ghi nguồn, căn cứ của thời hạn.") }
        let policy = SLAPolicy(acceptanceLimit: .workingHours(acceptance), resolutionLimit: resolution, reminderLead: .workingHours(reminder), source: source)
        try await DeadlineStore.setPolicy(policy, serviceCode: form.serviceCode.flatMap { $0.isEmpty ? nil : $0 }, urgency: urgency, on: req.db)
        return req.redirect(to: SiteURL.adminDeadlines.path)
    }

    struct HoursForm: Content { var periods: String?; var kind: String? }

    static func saveWorkingHours(_ req: Request) async throws -> Response {
        let form = try req.content.decode(HoursForm.self)
        guard let periods = WorkingPeriod.list(parsing: form.periods ?? "") else { throw AppError.invalid("Giờ không hợp lệ (ví dụ 07:00-11:00, 13:00-17:00).") }
        let hours: WorkingHours
        do { hours = try WorkingHours(periods, on: [.monday, .tuesday, .wednesday, .thursday, .friday]) } catch {
            throw AppError.invalid("Giờ không hợp lệ: \(error)")
        }
        try await DeadlineStore.saveSetting(form.kind == "intake" ? DeadlineStore.intakeHoursKey : DeadlineStore.workingHoursKey, hours, on: req.db)
        return req.redirect(to: SiteURL.adminDeadlines.path)
    }
}
