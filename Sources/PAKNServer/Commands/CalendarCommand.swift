import Fluent
import Foundation
import PAKNDomain
import Vapor

/// `pakn calendar …`: lunar dates, the year's exceptions to the normal week, and due instants (issue 3 §5).
/// Only the answer goes to standard output; bad input prints one line on standard error and exits 1.
struct CalendarCommand: AsyncCommandGroup {
    var help: String { "Âm lịch, lịch nghỉ lễ, tính hạn / Lunar dates, holiday calendar, due dates." }
    var commands: [String: any AnyAsyncCommand] {
        ["lunar": LunarCommand(), "solar": SolarCommand(), "year": YearCommand(), "due": DueCommand()]
    }

    /// One line on standard error, exit status 1.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(1)
    }

    /// Migrations and reference data, quietly (no admin login printed): the calendar lives in the database.
    static func prepareDatabase(_ app: Application) async throws {
        try await Migrations.withStartupLock(on: app) {
            try await app.autoMigrate()
            try await ReferenceSeeder.seed(on: app.db, logger: app.logger)
            try await DeadlineStore.seedIfEmpty(on: app.db)
        }
    }

    /// `pakn calendar lunar YYYY-MM-DD` → `D/M/YYYY`, with ` nhuận` for a leap month.
    struct LunarCommand: AsyncCommand {
        struct Signature: CommandSignature { @Argument(name: "date", help: "YYYY-MM-DD") var date: String }
        var help: String { "Ngày âm lịch của một ngày dương lịch (UTC+7)." }
        func run(using context: CommandContext, signature: Signature) async throws {
            guard let day = SolarDay(isoString: signature.date) else { CalendarCommand.fail("Ngày không hợp lệ: \(signature.date) (định dạng YYYY-MM-DD).") }
            guard (1900...2100).contains(day.year), let lunar = LunarCalendar.lunarDate(for: day) else {
                CalendarCommand.fail("Năm ngoài khoảng 1900–2100: \(signature.date).")
            }
            StandardOutput.line(lunar.description)
        }
    }

    /// `pakn calendar solar D/M/YYYY [--leap]` → `YYYY-MM-DD`.
    struct SolarCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "date", help: "D/M/YYYY (âm lịch)") var date: String
            @Flag(name: "leap", help: "Tháng nhuận") var leap: Bool
        }
        var help: String { "Ngày dương lịch của một ngày âm lịch (UTC+7)." }
        func run(using context: CommandContext, signature: Signature) async throws {
            let parts = signature.date.split(separator: "/").map { Int($0) }
            guard parts.count == 3, let d = parts[0], let m = parts[1], let y = parts[2] else {
                CalendarCommand.fail("Ngày âm lịch không hợp lệ: \(signature.date) (định dạng D/M/YYYY).")
            }
            guard (1900...2100).contains(y) else { CalendarCommand.fail("Năm ngoài khoảng 1900–2100: \(y).") }
            guard let solar = LunarCalendar.solarDay(for: LunarDate(day: d, month: m, year: y, isLeapMonth: signature.leap)) else {
                CalendarCommand.fail("Không có ngày \(signature.date)\(signature.leap ? " nhuận" : "") trong âm lịch.")
            }
            StandardOutput.line(solar.isoString)
        }
    }

    /// `pakn calendar year YYYY` → `YYYY-MM-DD<TAB>off|work<TAB>name[<TAB>unconfirmed]` per exception.
    struct YearCommand: AsyncCommand {
        struct Signature: CommandSignature { @Argument(name: "year", help: "YYYY") var year: String }
        var help: String { "Các ngày nghỉ, làm bù của một năm (từ cơ sở dữ liệu, hoặc dự thảo theo quy tắc)." }
        func run(using context: CommandContext, signature: Signature) async throws {
            guard let number = Int(signature.year), (1900...2100).contains(number) else {
                CalendarCommand.fail("Năm không hợp lệ hoặc ngoài khoảng 1900–2100: \(signature.year).")
            }
            let app = context.application
            try await CalendarCommand.prepareDatabase(app)
            let year: HolidayCalendarYear
            if let stored = try await DeadlineStore.year(number, on: app.db) {
                year = stored
            } else if let draft = HolidayRules.draft(year: number) {
                year = draft
            } else {
                CalendarCommand.fail("Không tính được lịch năm \(number).")
            }
            for entry in year.exceptions() {
                StandardOutput.line("\(entry.date.isoString)\t\(entry.kind.rawValue)\t\(entry.name)\(entry.needsConfirmation ? "\tunconfirmed" : "")")
            }
        }
    }

    /// `pakn calendar due --from ISO8601 (--hours N | --days N) [--agency ID]` → the due instant, +07:00.
    struct DueCommand: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "from", help: "ISO 8601, e.g. 2026-02-13T16:00:00+07:00") var from: String?
            @Option(name: "hours", help: "working hours") var hours: String?
            @Option(name: "days", help: "working days") var days: String?
            @Option(name: "agency", help: "the agency's id or exact name (its own working hours)") var agency: String?
        }
        var help: String { "Hạn xử lý tính theo giờ, ngày làm việc." }
        func run(using context: CommandContext, signature: Signature) async throws {
            let parser = ISO8601DateFormatter()
            guard let text = signature.from, let from = parser.date(from: text) else {
                CalendarCommand.fail("Thiếu hoặc sai --from (ISO 8601, ví dụ 2026-02-13T16:00:00+07:00).")
            }
            let duration: WorkingDuration
            switch (signature.hours, signature.days) {
            case (let h?, nil):
                guard let n = Double(h), n >= 0, n.isFinite else { CalendarCommand.fail("--hours phải là số không âm: \(h).") }
                duration = .workingHours(n)
            case (nil, let d?):
                guard let n = Int(d), n >= 0 else { CalendarCommand.fail("--days phải là số nguyên không âm: \(d).") }
                duration = .workingDays(n)
            default:
                CalendarCommand.fail("Cần đúng một trong --hours hoặc --days.")
            }
            guard (1900...2100).contains(SolarDay(from, in: VietnamTime.timeZone).year) else { CalendarCommand.fail("Năm ngoài khoảng 1900–2100.") }
            let app = context.application
            try await CalendarCommand.prepareDatabase(app)
            var agencyID: UUID?
            if let key = signature.agency {
                let agency: Agency?
                if let id = UUID(uuidString: key) { agency = try await Agency.find(id, on: app.db) }
                else { agency = try await Agency.query(on: app.db).filter(\.$name == key).first() }
                guard let agency else { CalendarCommand.fail("Không tìm thấy cơ quan: \(key).") }
                agencyID = agency.id
            }
            let calendar = try await DeadlineStore.load(on: app.db).calendar(for: agencyID)
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = VietnamTime.timeZone
            StandardOutput.line(formatter.string(from: calendar.adding(duration, to: from)))
        }
    }
}
