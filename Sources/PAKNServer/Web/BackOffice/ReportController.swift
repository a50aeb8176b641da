import Foundation
import PAKNDomain
import Plot
import Vapor

/// The printable periodic report (`/quan-tri/bao-cao`, issue 13): the results of a reporting period (month, quarter,
/// six months, year; cut-off day `PAKN_REPORT_START_DAY`) for the province or one agency, with the period before
/// for comparison, laid out to print on A4 from the browser (no scripts; the menu and the form do not print).
/// Who sees which scope is the statistics page's rule (`Statistics.Scope.of(_:asked:)`).
enum ReportController {
    /// The period asked for (`ky`: thang | quy | 6-thang | nam, `nam`: year, `so`: number), else the one containing
    /// today.
    /// - Throws: 400 for a kind, year or number that is not a period.
    static func period(_ req: Request, startDay: Int, now: Date = Date()) throws -> ReportingPeriod {
        let kindText = (try? req.query.get(String.self, at: "ky")) ?? ReportingPeriod.Kind.month.rawValue
        guard let kind = ReportingPeriod.Kind(rawValue: kindText) else {
            throw AppError(.badRequest, "bad_request", "Kỳ báo cáo không hợp lệ (thang, quy, 6-thang, nam).")
        }
        let current = try ReportingPeriod.containing(now, kind: kind, startDay: startDay)
        let year = try RequestNumber.query(req, "nam", in: 2000...9999) ?? current.year
        let number = try RequestNumber.query(req, "so", in: 1...kind.perYear) ?? (year == current.year ? current.number : 1)
        do {
            return try ReportingPeriod(kind: kind, year: year, number: number, startDay: startDay)
        } catch {
            throw AppError(.badRequest, "bad_request", "Kỳ báo cáo không hợp lệ.")
        }
    }

    static func report(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let scope = try Statistics.Scope.of(acting, asked: try? req.query.get(String.self, at: "co-quan"))
        let period = try period(req, startDay: req.paknConfiguration.reportStartDay)
        let report = try await Statistics.report(from: period.start, to: period.end, scope: scope, on: req.db)
        let before = period.previous
        var previousTotal: Int?
        if let before { previousTotal = try await Statistics.report(from: before.start, to: before.end, scope: scope, on: req.db).total }
        let agencies = acting.role?.isAgencyScoped == true ? [] : try await ReferenceQueries.agencies(on: req.db)
        let overdue = try await Statistics.overdueCases(scope: scope, on: req.db)
        let province = try await ReferenceQueries.provinceName(req.paknConfiguration.provinceCode, on: req.db) ?? "Gia Lai"
        let lastDay = period.end.addingTimeInterval(-1)
        let day = VietnamTime.dayText
        let change: String = {
            guard let before, let previousTotal else { return "kỳ trước: —" }
            guard previousTotal > 0 else { return "kỳ trước: 0" }
            let percent = Int((Double(report.total - previousTotal) / Double(previousTotal) * 100).rounded())
            return "kỳ trước (\(before.name)): \(previousTotal); \(percent >= 0 ? "tăng" : "giảm") \(abs(percent))%"
        }()
        func counts(_ title: String, _ id: String, _ rows: [Statistics.Row]) -> Node<HTML.BodyContext> {
            .div(.class("card"), .h2(.text(title)), .table(.id(id),
                .thead(.tr(.th(.text("")), .th(.text("Số lượng")), .th(.text("Tỷ lệ")))),
                .tbody(.forEach(rows) { row in
                    .tr(.td(.text(row.label)), .td(.text("\(row.count)")),
                        .td(.text(report.total > 0 ? "\(Int((Double(row.count) / Double(report.total) * 100).rounded()))%" : "—")))
                })))
        }
        func days(_ value: Double?) -> String { value.map(Layout.decimal) ?? "—" }
        func timeliness(_ title: String, _ id: String, _ rows: [Statistics.Performance]) -> Node<HTML.BodyContext> {
            .div(.class("card"), .h2(.text(title)),
                 .if(!rows.isEmpty, Charts.timeliness(id: "chart-\(id)", title: title, rows: rows)),
                 .table(.id(id),
                .thead(.tr(.th(.text("")), .th(.text("Đã trả lời")), .th(.text("Đúng hạn")), .th(.text("Trễ hạn")), .th(.text("Tỷ lệ đúng hạn")),
                           .th(.text("Đang quá hạn")), .th(.text("TB ngày làm việc")))),
                .tbody(.forEach(rows) { r in
                    .tr(.td(.text(r.label)), .td(.text("\(r.answered)")), .td(.text("\(r.onTime)")), .td(.text("\(r.late)")),
                        .td(.text(r.onTimeRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—")), .td(.text("\(r.overdueNow)")),
                        .td(.text(days(r.averageWorkingDays))))
                })))
        }
        let kinds = ReportingPeriod.Kind.allCases.map { ($0.rawValue, $0.vietnameseName.prefix(1).uppercased() + $0.vietnameseName.dropFirst()) }
        return Layout.response(Layout.render(title: "Báo cáo \(period.name)", for: req, body: .div(.class("report"),
            .form(.method(.get), .action(SiteURL.report.path), .class("card no-print"),
                .div(.class("filters"),
                     .div(FormFields.select("ky", label: "Kỳ", options: kinds, selected: period.kind.rawValue)),
                     .div(FormFields.text("nam", label: "Năm", value: "\(period.year)", type: .number)),
                     .div(FormFields.text("so", label: "Số (tháng, quý, nửa năm)", value: "\(period.number)", type: .number)),
                     .if(!agencies.isEmpty, .div(FormFields.select("co-quan", label: "Cơ quan",
                                                                   options: agencies.map { ($0.id!.uuidString.lowercased(), $0.name) },
                                                                   selected: scope.agencyID?.uuidString.lowercased(), emptyLabel: "Toàn tỉnh")))),
                .button(.type(.submit), .text("Xem")),
                .p(.class("muted"), .text("In báo cáo bằng lệnh In của trình duyệt (Ctrl+P): thanh công cụ và biểu mẫu này không được in."))),
            // The administrative header of a report (Nghị định 30/2020/NĐ-CP, Phụ lục I): the issuing body on the
            // left, the national title and motto on the right, then the place and the date.
            .div(.class("doc-header"), .id("doc-header"),
                 .div(.p(.text("UBND TỈNH \(province.uppercased())")), .p(.class("underlined"), .strong(.text("HỆ THỐNG THÔNG TIN 1022")))),
                 .div(.p(.strong(.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))), .p(.class("underlined"), .strong(.text("Độc lập - Tự do - Hạnh phúc"))),
                      .p(.class("place-date"), .em(.text("\(province), \(VietnamTime.longDateText(Date()))"))))),
            .h1(.text("Báo cáo kết quả tiếp nhận, xử lý phản ánh, kiến nghị \(period.name)")),
            .p(.class("period"), .id("period"), .text("Từ ngày \(day(period.start)) đến ngày \(day(lastDay)) · Phạm vi: \(report.scope)")),
            .div(.class("card"), .h2(.text("I. Tổng hợp")), .table(.id("summary"), .tbody(
                .tr(.th(.text("Phản ánh, kiến nghị tiếp nhận trong kỳ")), .td(.text("\(report.total) (\(change))"))),
                .tr(.th(.text("Được chuyển đến cơ quan chủ trì")), .td(.text("\(report.flow.received)"))),
                .tr(.th(.text("Đã tiếp nhận")), .td(.text("\(report.flow.accepted)"))),
                .tr(.th(.text("Trả lại (không thuộc thẩm quyền)")), .td(.text("\(report.flow.returned)"))),
                .tr(.th(.text("Đã trả lời trong kỳ")), .td(.text("\(report.flow.answered)"))),
                .tr(.th(.text("Đang quá hạn (tại thời điểm lập báo cáo)")), .td(.text("\(report.overdue)")))))),
            timeliness("II. Kết quả trả lời theo cơ quan chủ trì", "report-agencies", report.performanceByAgency),
            timeliness("III. Kết quả trả lời theo lĩnh vực", "report-services", report.performanceByService),
            counts("IV. Tiếp nhận theo kênh", "report-channels", report.byChannel),
            counts("V. Tiếp nhận theo xã, phường", "report-communes", report.byCommune),
            .div(.class("card"), .h2(.text("VI. Phản ánh đang quá hạn (tại thời điểm lập báo cáo)")),
                 .p(.class("muted"), .text(overdue.total > overdue.cases.count
                    ? "\(overdue.total) phản ánh đang quá hạn; danh sách gồm \(overdue.cases.count) phản ánh quá hạn lâu nhất."
                    : "\(overdue.total) phản ánh đang quá hạn.")),
                 .if(!overdue.cases.isEmpty, .table(.id("report-overdue"),
                    .thead(.tr(.th(.text("Mã tra cứu")), .th(.text("Cơ quan chủ trì")), .th(.text("Lĩnh vực")), .th(.text("Xã, phường")), .th(.text("Hạn xử lý")))),
                    .tbody(.forEach(overdue.cases) { c in
                        .tr(.td(.class("nowrap"), .text(c.trackingCode)), .td(.text(c.agency)), .td(.text(c.service)), .td(.text(c.commune)),
                            .td(.text(Layout.date(c.due))))
                    })))),
            .p(.class("muted"), .text("Lập lúc \(Layout.date(Date())) từ Hệ thống 1022. Thời gian trả lời tính theo ngày làm việc (8 giờ), theo lịch làm việc của từng cơ quan."))
        )))
    }
}
