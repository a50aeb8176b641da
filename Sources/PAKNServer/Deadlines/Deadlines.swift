import Fluent
import Foundation
import PAKNDomain

/// Everything deadline arithmetic needs, read from the database: the holiday calendar (stored years, and the
/// draft of Bộ luật Lao động 2019 art. 112 for years not stored), the deployment's and agencies' working hours,
/// intake hours and the SLA policy table. Loaded per use, so an admin's edit applies at once in every process.
struct DeadlineContext: Sendable {
    let holidays: [HolidayCalendarYear]
    let workingHours: WorkingHours
    let intakeHours: WorkingHours
    let policies: SLAPolicyTable
    let agencyHours: [UUID: WorkingHours]

    /// The working calendar of an agency (its own hours if it keeps them), Asia/Ho_Chi_Minh.
    func calendar(for agencyID: UUID?) -> WorkingCalendar {
        WorkingCalendar(hours: agencyID.flatMap { agencyHours[$0] } ?? workingHours, holidays: holidays)
    }

    /// Intake hours (Gia Lai's pilot: 07:00–23:00 on working days) on the same holiday calendar.
    var intakeCalendar: WorkingCalendar { WorkingCalendar(hours: intakeHours, holidays: holidays) }

    func policy(serviceCode: String?, urgency: Urgency?) -> SLAPolicy {
        // A case not yet classified counts as "thường" (domain.md §3).
        policies.policy(serviceCode: serviceCode, urgency: urgency ?? .normal)
    }
}

/// Reads and writes the deadline settings.
enum DeadlineStore {
    static let workingHoursKey = "working_hours"
    static let intakeHoursKey = "intake_hours"
    static let policiesKey = "sla_policies"
    /// Years for which a draft is generated when no calendar is stored.
    static let draftYears = 2024...2040
    /// The rule-based drafts depend only on the year: computed once per process.
    static let drafts: [Int: HolidayCalendarYear] = Dictionary(
        draftYears.compactMap { year in HolidayRules.draft(year: year).map { (year, $0) } }, uniquingKeysWith: { a, _ in a })

    static func load(on db: Database) async throws -> DeadlineContext {
        let decoder = JSONDecoder()
        var holidays = try await HolidayYearRecord.query(on: db).all().map {
            try decoder.decode(HolidayCalendarYear.self, from: Data($0.data.utf8))
        }
        let stored = Set(holidays.map(\.year))
        holidays += draftYears.filter { !stored.contains($0) }.compactMap { drafts[$0] }
        let settings = Dictionary(try await Setting.query(on: db).all().map { ($0.id ?? "", $0.value) }, uniquingKeysWith: { a, _ in a })
        func setting<T: Decodable>(_ key: String, default value: T) throws -> T {
            guard let json = settings[key] else { return value }
            return try decoder.decode(T.self, from: Data(json.utf8))
        }
        var agencyHours: [UUID: WorkingHours] = [:]
        for agency in try await Agency.query(on: db).filter(\.$workingHours != nil).all() {
            if let json = agency.workingHours, let id = agency.id {
                agencyHours[id] = try decoder.decode(WorkingHours.self, from: Data(json.utf8))
            }
        }
        return DeadlineContext(
            holidays: holidays,
            workingHours: try setting(workingHoursKey, default: WorkingHours.standard),
            intakeHours: try setting(intakeHoursKey, default: WorkingHours.giaLaiIntake),
            policies: try setting(policiesKey, default: SLAPolicyTable.defaults),
            agencyHours: agencyHours)
    }

    /// Seeds the official 2025 and 2026 public-sector calendars (domain.md §3.4) when no year is stored.
    /// Every stored year of the holiday calendar, oldest first.
    static func storedYears(on db: Database) async throws -> [HolidayCalendarYear] {
        try await HolidayYearRecord.query(on: db).sort(\.$id).all().map {
            try JSONDecoder().decode(HolidayCalendarYear.self, from: Data($0.data.utf8))
        }
    }

    /// The stored calendar of one year, or `nil`.
    static func year(_ year: Int, on db: Database) async throws -> HolidayCalendarYear? {
        guard let record = try await HolidayYearRecord.find(year, on: db) else { return nil }
        return try JSONDecoder().decode(HolidayCalendarYear.self, from: Data(record.data.utf8))
    }

    /// Sets the deadline policy of a field (`nil`: every field) at an urgency and stores the table. Throws
    /// `AppError` 422 for an unknown field or a policy the table refuses (`SLAPolicyTable.setting`).
    static func setPolicy(_ policy: SLAPolicy, serviceCode: String?, urgency: Urgency, on db: Database) async throws {
        if let code = serviceCode, try await Service.find(code, on: db) == nil { throw AppError.invalid("Lĩnh vực không hợp lệ.") }
        let context = try await load(on: db)
        let table: SLAPolicyTable
        do { table = try context.policies.setting(policy, serviceCode: serviceCode, urgency: urgency) } catch {
            throw AppError.invalid("Thời hạn không hợp lệ: \(error)")
        }
        try await saveSetting(policiesKey, table, on: db)
    }

    static func seedIfEmpty(on db: Database) async throws {
        guard try await HolidayYearRecord.query(on: db).count() == 0 else { return }
        for year in OfficialCalendars.all { try await save(year, on: db, recompute: false) }
    }

    /// Stores a year (replacing it) and, unless told not to, moves every running due date that depends on it.
    static func save(_ year: HolidayCalendarYear, on db: Database, recompute: Bool = true) async throws {
        let json = String(decoding: try JSONEncoder().encode(year), as: UTF8.self)
        if let existing = try await HolidayYearRecord.find(year.year, on: db) {
            existing.data = json
            try await existing.save(on: db)
        } else {
            try await HolidayYearRecord(year: year.year, data: json).create(on: db)
        }
        if recompute { try await DueDates.recomputeAll(on: db) }
    }

    /// Stores a JSON setting and moves the running due dates.
    static func saveSetting<T: Encodable>(_ key: String, _ value: T, on db: Database) async throws {
        let json = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        if let existing = try await Setting.find(key, on: db) {
            existing.value = json
            try await existing.save(on: db)
        } else {
            try await Setting(key: key, value: json).create(on: db)
        }
        try await DueDates.recomputeAll(on: db)
    }
}
