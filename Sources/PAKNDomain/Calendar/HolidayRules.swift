import Foundation

/// Legal references used by the holiday calendar, in one place so every entry cites them the same way.
public enum HolidayLaw {
    /// Tết Dương lịch, 1/1.
    public static let newYear = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm a"
    /// Tết Âm lịch, 5 days.
    public static let lunarNewYear = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b; ngày nghỉ cụ thể do Thủ tướng Chính phủ quyết định (Điều 112 khoản 3)"
    /// 30/4.
    public static let reunificationDay = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c"
    /// 1/5.
    public static let labourDay = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d"
    /// 2/9.
    public static let nationalDay = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ"
    /// The day before or after 2/9.
    public static let nationalDayAdjacent = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ; ngày liền kề do Thủ tướng Chính phủ quyết định (Điều 112 khoản 3)"
    /// 10/3 lunar.
    public static let hungKings = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e"
    /// A holiday on a weekly rest day gives the next working day off.
    public static let compensatory = "Bộ luật Lao động 2019, Điều 111 khoản 3 (cần đối chiếu văn bản)"
    /// Two holidays on the same day (the draft compensates the second).
    public static let coincidingHolidays = "Hai ngày lễ trùng nhau: nghỉ bù để giữ đủ số ngày của Điều 112 khoản 1 Bộ luật Lao động 2019 (Điều 111 khoản 3 không nói rõ: cần đối chiếu)"
    /// 24/11, pending law.
    public static let cultureDay = "Ngày Văn hóa Việt Nam: Nghị quyết 30/NQ-CP (2026) yêu cầu bổ sung vào Điều 112 khoản 1; bật hoặc tắt theo từng năm"
}

/// Generates a first draft of a year's holiday calendar from the rules of Bộ luật Lao động 2019 art. 112,
/// for an admin to check against the government's announcement (domain.md §3.4).
///
/// The draft contains, for the public sector's Monday–Friday week (configurable):
/// - 1/1; Giỗ Tổ Hùng Vương on 10/3 lunar (from `LunarCalendar`); 30/4; 1/5; 2/9;
/// - Tết: the last day of the lunar year and mùng 1–4 (5 days, art. 112(1)(b)). The Prime Minister fixes the
///   actual days each year (art. 112(3)) and usually adds weekends and swaps, so these are `needsConfirmation`;
/// - the day adjacent to 2/9, chosen as in recent years to join a weekend (`needsConfirmation`);
/// - Ngày Văn hóa Việt Nam, 24/11, when `includeCultureDay` (by default from 2026), `needsConfirmation` until
///   the amendment of art. 112(1) is confirmed;
/// - for every holiday on a weekly rest day, a compensatory day off on the next working day that is not
///   already off (art. 111(3)).
/// It never invents swapped days or make-up working Saturdays: only the government decides those.
public enum HolidayRules {
    /// The draft for Gregorian `year` (1900…2100, the lunar calendar's range; `nil` outside).
    /// - Parameters:
    ///   - includeCultureDay: add 24/11; `nil` means "from 2026 on".
    ///   - weeklyRestDays: the days that are not worked in a normal week (default Saturday and Sunday).
    public static func draft(year: Int, includeCultureDay: Bool? = nil,
                             weeklyRestDays: Set<Weekday> = Weekday.publicSectorRestDays) -> HolidayCalendarYear? {
        guard (1900...2100).contains(year),
              let tet = LunarCalendar.newYearsDay(ofLunarYear: year),
              let hungKings = LunarCalendar.solarDay(for: LunarDate(day: 10, month: 3, year: year)) else { return nil }
        func day(_ month: Int, _ dayOfMonth: Int) -> SolarDay { SolarDay(uncheckedYear: year, month: month, day: dayOfMonth) }
        let tetName = "Tết Nguyên đán \(LunarDate.sexagenaryName(ofLunarYear: year))"

        var holidays: [HolidayEntry] = []
        holidays.append(HolidayEntry(date: day(1, 1), role: .holiday, occasion: .newYear,
                                     name: "Tết Dương lịch", legalBasis: HolidayLaw.newYear))
        // Tết: the eve (29 or 30 tháng Chạp, the last day of the old year) and mùng 1–4.
        for offset in -1...3 {
            let date = tet.adding(days: offset)
            let label = offset < 0 ? "\(LunarCalendar.lunarDate(for: date)?.day ?? 30) tháng Chạp" : "mùng \(offset + 1) Tết"
            holidays.append(HolidayEntry(date: date, role: .holiday, occasion: .lunarNewYear, name: "\(tetName) (\(label))",
                                         legalBasis: HolidayLaw.lunarNewYear, needsConfirmation: true))
        }
        holidays.append(HolidayEntry(date: hungKings, role: .holiday, occasion: .hungKingsCommemoration,
                                     name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)", legalBasis: HolidayLaw.hungKings))
        holidays.append(HolidayEntry(date: day(4, 30), role: .holiday, occasion: .reunificationDay,
                                     name: "Ngày Chiến thắng (30/4)", legalBasis: HolidayLaw.reunificationDay))
        holidays.append(HolidayEntry(date: day(5, 1), role: .holiday, occasion: .labourDay,
                                     name: "Ngày Quốc tế lao động (1/5)", legalBasis: HolidayLaw.labourDay))
        let nationalDay = day(9, 2)
        holidays.append(HolidayEntry(date: nationalDay, role: .holiday, occasion: .nationalDay,
                                     name: "Quốc khánh (2/9)", legalBasis: HolidayLaw.nationalDay))
        holidays.append(HolidayEntry(date: adjacentNationalDay(for: nationalDay), role: .holiday, occasion: .nationalDay,
                                     name: "Quốc khánh (ngày liền kề)", legalBasis: HolidayLaw.nationalDayAdjacent,
                                     needsConfirmation: true))
        if includeCultureDay ?? (year >= 2026) {
            holidays.append(HolidayEntry(date: day(11, 24), role: .holiday, occasion: .vietnameseCultureDay,
                                         name: "Ngày Văn hóa Việt Nam (24/11)", legalBasis: HolidayLaw.cultureDay,
                                         needsConfirmation: true))
        }

        holidays.sort { $0.date < $1.date }
        return HolidayCalendarYear(year: year, status: .draft,
                                   entries: holidays + compensatoryDays(for: holidays, weeklyRestDays: weeklyRestDays),
                                   note: "Dự thảo lập từ Điều 112 Bộ luật Lao động 2019; cần đối chiếu với quyết định của Thủ tướng Chính phủ.")
    }

    /// Art. 111(3): each holiday falling on a weekly rest day gives the next working day off, skipping days
    /// that are already off (holidays and earlier compensatory days). Processed in date order.
    ///
    /// Two holidays on the same day (Giỗ Tổ fell on 30/4 in 1947) are not addressed by art. 111(3); the draft
    /// compensates the second one the same way, to keep the 11 days of art. 112(1), and marks that day as
    /// needing confirmation.
    static func compensatoryDays(for holidays: [HolidayEntry], weeklyRestDays: Set<Weekday>) -> [HolidayEntry] {
        var daysOff = Set(holidays.map(\.date))
        var seenHolidayDates: Set<SolarDay> = []
        var result: [HolidayEntry] = []
        for holiday in holidays.sorted(by: { $0.date < $1.date }) {
            let coincides = !seenHolidayDates.insert(holiday.date).inserted
            guard coincides || weeklyRestDays.contains(holiday.date.weekday) else { continue }
            var candidate = holiday.date.adding(days: 1)
            while weeklyRestDays.contains(candidate.weekday) || daysOff.contains(candidate) {
                candidate = candidate.adding(days: 1)
            }
            daysOff.insert(candidate)
            result.append(HolidayEntry(date: candidate, role: .compensatory, occasion: holiday.occasion,
                                       name: "Nghỉ bù \(holiday.name)",
                                       legalBasis: coincides ? HolidayLaw.coincidingHolidays : HolidayLaw.compensatory,
                                       pairedDate: holiday.date, needsConfirmation: holiday.needsConfirmation || coincides))
        }
        return result
    }

    /// The day adjacent to 2/9 (before or after, art. 112(1)(đ)) the draft proposes, chosen to join a weekend
    /// as the government did in recent years: 2/9 on a Monday → Tuesday 3/9 (2024); Tuesday → Monday 1/9
    /// (2025); Wednesday → Tuesday 1/9 (2026); Thursday → Friday 3/9 (2021); Friday → Thursday 1/9 (2022);
    /// Saturday → Friday 1/9 (2023); Sunday → Monday 3/9 (then 2/9's compensatory day is Tuesday 4/9).
    static func adjacentNationalDay(for nationalDay: SolarDay) -> SolarDay {
        switch nationalDay.weekday {
        case .monday, .thursday, .sunday: nationalDay.adding(days: 1)
        case .tuesday, .wednesday, .friday, .saturday: nationalDay.adding(days: -1)
        }
    }
}
