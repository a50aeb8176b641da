import Foundation

/// What a holiday entry commemorates, so that all the days of one occasion (the holiday, its compensatory
/// day, the swapped days) can be listed, confirmed or switched off together.
///
/// Encoded as its raw string. The constants cover Bộ luật Lao động 2019 art. 112(1) and the pending
/// Ngày Văn hóa Việt Nam; an admin may use any other value (a one-off day off, a local occasion).
public struct HolidayOccasion: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The stored code, e.g. `tet_nguyen_dan`.
    public var rawValue: String
    /// Any code; the constants below are the known ones.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Tết Dương lịch, 1/1 (art. 112(1)(a)).
    public static let newYear = HolidayOccasion(rawValue: "tet_duong_lich")
    /// Tết Âm lịch / Tết Nguyên đán, 5 days fixed by the Prime Minister (art. 112(1)(b), 112(3)).
    public static let lunarNewYear = HolidayOccasion(rawValue: "tet_nguyen_dan")
    /// Ngày Chiến thắng, 30/4 (art. 112(1)(c)).
    public static let reunificationDay = HolidayOccasion(rawValue: "ngay_chien_thang")
    /// Ngày Quốc tế lao động, 1/5 (art. 112(1)(d)).
    public static let labourDay = HolidayOccasion(rawValue: "quoc_te_lao_dong")
    /// Quốc khánh, 2/9 and one adjacent day (art. 112(1)(đ)).
    public static let nationalDay = HolidayOccasion(rawValue: "quoc_khanh")
    /// Giỗ Tổ Hùng Vương, 10/3 lunar (art. 112(1)(e)).
    public static let hungKingsCommemoration = HolidayOccasion(rawValue: "gio_to_hung_vuong")
    /// Ngày Văn hóa Việt Nam, 24/11: pending amendment of art. 112(1) ordered by Nghị quyết 30/NQ-CP (2026);
    /// kept switchable per year (domain.md §3.4).
    public static let vietnameseCultureDay = HolidayOccasion(rawValue: "ngay_van_hoa_viet_nam")

    /// The stored code.
    public var description: String { rawValue }
}

/// One exception to the normal working week on one civil day: a day off, or a weekly rest day that is worked.
///
/// - `date`: the civil day (Asia/Ho_Chi_Minh).
/// - `role`: why the day is an exception; `kind` (off or work) follows from it.
/// - `pairedDate`: for a swapped day off, the make-up working day that pays it back, and the reverse; for a
///   compensatory day, the holiday it compensates.
/// - `legalBasis`: the rule or decision, e.g. "Bộ luật Lao động 2019, art. 112(1)(a)"; `source`: where it was read.
/// - `needsConfirmation`: the day comes from a rule whose exact application a later decision fixes (Tết days,
///   the day adjacent to 2/9: art. 112(3)) and no one has confirmed it yet.
/// - `isEnabled`: an admin can switch a day (in practice a whole occasion, see
///   `HolidayCalendarYear.settingOccasion(_:enabled:)`) off without deleting it; a disabled entry has no effect.
public struct HolidayEntry: Hashable, Sendable, Codable {
    /// Off or worked. Raw values are what `pakn calendar year` prints.
    public enum Kind: String, Hashable, Sendable, Codable {
        case dayOff = "off"
        case workingDay = "work"
    }

    /// Why the day is an exception to the normal week. Raw values are the JSON spelling.
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
        /// A paid public holiday (ngày nghỉ lễ, tết) of art. 112(1).
        case holiday
        /// Nghỉ bù: the next working day off, because a holiday fell on a weekly rest day (art. 111(3)).
        case compensatory
        /// Nghỉ hoán đổi: a working day given off and paid back by a make-up working day (`pairedDate`).
        case swappedDayOff = "swapped"
        /// A weekly rest day inside an announced block of days off (e.g. the Saturday before Tết); listed so
        /// that the block reads as announced, it changes no working time.
        case restDayInBlock = "rest_day_in_block"
        /// Làm bù: a weekly rest day that is worked, paying back a swapped day off (`pairedDate`).
        case makeUpWorkingDay = "make_up"
        /// Any other day off decided for the year (e.g. an extra day granted by the government).
        case otherDayOff = "other_off"

        /// Off for every role except `makeUpWorkingDay`.
        public var kind: Kind { self == .makeUpWorkingDay ? .workingDay : .dayOff }

        /// Vietnamese label, as the admin's calendar page shows it.
        public var label: String {
            switch self {
            case .holiday: "Ngày lễ, Tết"
            case .compensatory: "Nghỉ bù"
            case .swappedDayOff: "Nghỉ hoán đổi"
            case .restDayInBlock: "Ngày nghỉ hằng tuần trong đợt nghỉ"
            case .makeUpWorkingDay: "Làm bù"
            case .otherDayOff: "Ngày nghỉ khác"
            }
        }
    }

    /// The civil day (Asia/Ho_Chi_Minh).
    public var date: SolarDay
    /// Why this day is an exception.
    public var role: Role
    /// The occasion the day belongs to (switched and confirmed together).
    public var occasion: HolidayOccasion
    /// Vietnamese name as shown to citizens and staff, e.g. "Nghỉ bù Giỗ Tổ Hùng Vương".
    public var name: String
    /// The rule or decision, e.g. "Bộ luật Lao động 2019, art. 112(1)(a)".
    public var legalBasis: String
    /// Where the day was read (an address), if any.
    public var source: String?
    /// The swapped-with day, or the holiday a compensatory day makes up for.
    public var pairedDate: SolarDay?
    /// True until someone confirms a day that depends on a later decision (art. 112(3)).
    public var needsConfirmation: Bool
    /// False when an admin switched the day off; the entry then has no effect.
    public var isEnabled: Bool

    /// Off or worked, from `role`.
    public var kind: Kind { role.kind }

    /// An entry; enabled and confirmed unless stated.
    public init(date: SolarDay, role: Role, occasion: HolidayOccasion, name: String, legalBasis: String,
                source: String? = nil, pairedDate: SolarDay? = nil, needsConfirmation: Bool = false, isEnabled: Bool = true) {
        self.date = date
        self.role = role
        self.occasion = occasion
        self.name = name
        self.legalBasis = legalBasis
        self.source = source
        self.pairedDate = pairedDate
        self.needsConfirmation = needsConfirmation
        self.isEnabled = isEnabled
    }

    private enum CodingKeys: String, CodingKey {
        case date, role, occasion, name, legalBasis, source, pairedDate, needsConfirmation, isEnabled
    }

    /// Decodes the JSON written by `encode(to:)`; `needsConfirmation` and `isEnabled` may be omitted
    /// (false and true).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        date = try c.decode(SolarDay.self, forKey: .date)
        role = try c.decode(Role.self, forKey: .role)
        occasion = try c.decode(HolidayOccasion.self, forKey: .occasion)
        name = try c.decode(String.self, forKey: .name)
        legalBasis = try c.decode(String.self, forKey: .legalBasis)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        pairedDate = try c.decodeIfPresent(SolarDay.self, forKey: .pairedDate)
        needsConfirmation = try c.decodeIfPresent(Bool.self, forKey: .needsConfirmation) ?? false
        isEnabled = try c.decodeIfPresent(Bool.self, forKey: .isEnabled) ?? true
    }
}

/// The holiday calendar of one Gregorian year: every day off and every make-up working day, as data that an
/// admin keeps (domain.md §3.4: the government swaps days and adds make-up Saturdays each year).
///
/// - `status`: `.draft` when generated by `HolidayRules.draft(year:)`, `.official` once it follows the
///   government's announcements (seeded, or confirmed by an admin).
/// - `entries`: kept sorted by date. A compensatory or swapped day may fall in the next January; it stays
///   with the year of its occasion.
/// - All dates are civil days in Asia/Ho_Chi_Minh.
public struct HolidayCalendarYear: Hashable, Sendable, Codable {
    /// Where the year's data comes from.
    public enum Status: String, Hashable, Sendable, Codable {
        case draft
        case official
    }

    /// The Gregorian year.
    public var year: Int
    /// Draft (from the rules) or official.
    public var status: Status
    /// The exceptions, sorted by date (re-sorted on every change).
    public var entries: [HolidayEntry] {
        didSet { entries.sort(by: HolidayCalendarYear.entryOrder) }
    }
    /// Free text for admins.
    public var note: String?

    /// A year; `entries` are sorted by date.
    public init(year: Int, status: Status, entries: [HolidayEntry], note: String? = nil) {
        self.year = year
        self.status = status
        self.entries = entries.sorted(by: HolidayCalendarYear.entryOrder)
        self.note = note
    }

    /// The enabled entries on `day`.
    public func entries(on day: SolarDay) -> [HolidayEntry] {
        entries.filter { $0.isEnabled && $0.date == day }
    }

    /// True if an enabled entry gives `day` off (whatever the weekday).
    public func isDayOff(_ day: SolarDay) -> Bool {
        entries.contains { $0.isEnabled && $0.date == day && $0.kind == .dayOff }
    }

    /// True if an enabled entry makes `day` a working day and none gives it off.
    public func isMakeUpWorkingDay(_ day: SolarDay) -> Bool {
        !isDayOff(day) && entries.contains { $0.isEnabled && $0.date == day && $0.kind == .workingDay }
    }

    /// The occasions present in this year.
    public var occasions: [HolidayOccasion] {
        var seen: [HolidayOccasion] = []
        for entry in entries where !seen.contains(entry.occasion) { seen.append(entry.occasion) }
        return seen
    }

    /// Whether any entry of `occasion` is enabled (`nil` if the year has none).
    public func isOccasionEnabled(_ occasion: HolidayOccasion) -> Bool? {
        let matching = entries.filter { $0.occasion == occasion }
        return matching.isEmpty ? nil : matching.contains(where: \.isEnabled)
    }

    /// A copy with every entry of `occasion` (the holiday, its compensatory day, swapped and make-up days)
    /// switched on or off, e.g. Ngày Văn hóa Việt Nam for a year in which it is not (yet) a holiday.
    public func settingOccasion(_ occasion: HolidayOccasion, enabled: Bool) -> HolidayCalendarYear {
        var copy = self
        copy.entries = entries.map { entry in
            var entry = entry
            if entry.occasion == occasion { entry.isEnabled = enabled }
            return entry
        }
        return copy
    }

    /// The enabled entries that change the normal week: days off on days that would be worked and worked days
    /// on weekly rest days. This is what `pakn calendar year` lists.
    public func exceptions(weeklyRestDays: Set<Weekday> = Weekday.publicSectorRestDays) -> [HolidayEntry] {
        entries.filter { entry in
            guard entry.isEnabled else { return false }
            let isRestDay = weeklyRestDays.contains(entry.date.weekday)
            switch entry.kind {
            case .dayOff: return !isRestDay
            case .workingDay: return isRestDay && !isDayOff(entry.date)
            }
        }
    }

    /// Problems an admin should fix before the year is used, in Vietnamese (empty when consistent):
    /// a date far from the year, a day both off and worked, a make-up day on a normal working day,
    /// a pairing that does not point back, a compensatory day on a rest day.
    public func validationProblems(weeklyRestDays: Set<Weekday> = Weekday.publicSectorRestDays) -> [String] {
        var problems: [String] = []
        for entry in entries {
            if abs(entry.date.year - year) > 1 {
                problems.append("\(entry.date): nằm ngoài năm \(year)")
            }
            if entry.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append("\(entry.date): chưa có tên ngày")
            }
            guard entry.isEnabled else { continue }
            let isRestDay = weeklyRestDays.contains(entry.date.weekday)
            switch entry.role {
            case .makeUpWorkingDay:
                if !isRestDay { problems.append("\(entry.date): ngày làm bù rơi vào \(entry.date.weekday.vietnameseName), vốn đã là ngày làm việc") }
                if isDayOff(entry.date) { problems.append("\(entry.date): vừa là ngày nghỉ vừa là ngày làm bù") }
            case .compensatory, .swappedDayOff:
                if isRestDay { problems.append("\(entry.date): ngày \(entry.role.label.lowercased()) rơi vào ngày nghỉ hằng tuần (\(entry.date.weekday.vietnameseName))") }
            case .holiday, .restDayInBlock, .otherDayOff:
                break
            }
            if entry.role == .swappedDayOff || entry.role == .makeUpWorkingDay {
                guard let paired = entry.pairedDate else {
                    problems.append("\(entry.date): ngày \(entry.role.label.lowercased()) chưa có ngày hoán đổi tương ứng")
                    continue
                }
                let expectedRole: HolidayEntry.Role = entry.role == .swappedDayOff ? .makeUpWorkingDay : .swappedDayOff
                if !entries.contains(where: { $0.isEnabled && $0.date == paired && $0.role == expectedRole && $0.pairedDate == entry.date }) {
                    problems.append("\(entry.date): hoán đổi với \(paired), nhưng ngày đó không có mục \(expectedRole.label.lowercased()) tương ứng")
                }
            }
        }
        return problems
    }

    static func entryOrder(_ a: HolidayEntry, _ b: HolidayEntry) -> Bool {
        (a.date, a.kind.rawValue, a.occasion.rawValue) < (b.date, b.kind.rawValue, b.occasion.rawValue)
    }

    private enum CodingKeys: String, CodingKey { case year, status, entries, note }

    /// JSON: `{"year":2026,"status":"official","entries":[…],"note":…}`; entries are sorted on decoding.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(year: try c.decode(Int.self, forKey: .year),
                  status: try c.decode(Status.self, forKey: .status),
                  entries: try c.decode([HolidayEntry].self, forKey: .entries),
                  note: try c.decodeIfPresent(String.self, forKey: .note))
    }

    /// Writes the JSON read by `init(from:)`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(year, forKey: .year)
        try c.encode(status, forKey: .status)
        try c.encode(entries, forKey: .entries)
        try c.encodeIfPresent(note, forKey: .note)
    }
}
