import Foundation

/// The public-sector holiday calendars as the government announced them, seeded exactly as domain.md §3.4
/// lists them. They are the initial data an admin starts from; the database copy is the one in force.
public enum OfficialCalendars {
    /// 2025, cross-checked in domain.md §3.4 with the Python `holidays` package 0.108:
    /// 1/1; Tết Sat 25/1–Sun 2/2 (statutory Mon 27/1–Fri 31/1); Giỗ Tổ Mon 7/4; Wed 30/4–Sun 4/5 with
    /// Fri 2/5 off, worked back on Sat 26/4; Quốc khánh Sat 30/8–Tue 2/9 (Mon 1/9 the adjacent day).
    public static let vietnam2025: HolidayCalendarYear = {
        let tet = "Tết Nguyên đán Ất Tỵ"
        let listed = "Lịch nghỉ khu vực công năm 2025 (đối chiếu thư viện Python holidays 0.108)"
        let swap = "Hoán đổi ngày làm việc theo thông báo của Chính phủ cho khu vực công"
        var entries: [HolidayEntry] = []
        entries.append(entry(2025, 1, 1, .holiday, .newYear, "Tết Dương lịch", HolidayLaw.newYear, listed))
        entries += [
            entry(2025, 1, 25, .restDayInBlock, .lunarNewYear, "\(tet) (26 tháng Chạp)", HolidayLaw.lunarNewYear, listed),
            entry(2025, 1, 26, .restDayInBlock, .lunarNewYear, "\(tet) (27 tháng Chạp)", HolidayLaw.lunarNewYear, listed),
            entry(2025, 1, 27, .holiday, .lunarNewYear, "\(tet) (28 tháng Chạp)", HolidayLaw.lunarNewYear, listed),
            entry(2025, 1, 28, .holiday, .lunarNewYear, "\(tet) (29 tháng Chạp)", HolidayLaw.lunarNewYear, listed),
            entry(2025, 1, 29, .holiday, .lunarNewYear, "\(tet) (mùng 1 Tết)", HolidayLaw.lunarNewYear, listed),
            entry(2025, 1, 30, .holiday, .lunarNewYear, "\(tet) (mùng 2 Tết)", HolidayLaw.lunarNewYear, listed),
            entry(2025, 1, 31, .holiday, .lunarNewYear, "\(tet) (mùng 3 Tết)", HolidayLaw.lunarNewYear, listed),
            entry(2025, 2, 1, .restDayInBlock, .lunarNewYear, "\(tet) (mùng 4 Tết)", HolidayLaw.lunarNewYear, listed),
            entry(2025, 2, 2, .restDayInBlock, .lunarNewYear, "\(tet) (mùng 5 Tết)", HolidayLaw.lunarNewYear, listed),
        ]
        entries.append(entry(2025, 4, 7, .holiday, .hungKingsCommemoration, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", HolidayLaw.hungKings, listed))
        entries += [
            entry(2025, 4, 26, .makeUpWorkingDay, .labourDay, "Làm bù cho thứ Sáu 2/5", swap, listed, paired: (2025, 5, 2)),
            entry(2025, 4, 30, .holiday, .reunificationDay, "Ngày Chiến thắng (30/4)", HolidayLaw.reunificationDay, listed),
            entry(2025, 5, 1, .holiday, .labourDay, "Ngày Quốc tế lao động (1/5)", HolidayLaw.labourDay, listed),
            entry(2025, 5, 2, .swappedDayOff, .labourDay, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4)", swap, listed, paired: (2025, 4, 26)),
            entry(2025, 5, 3, .restDayInBlock, .labourDay, "Nghỉ lễ 30/4–1/5 (thứ Bảy)", HolidayLaw.labourDay, listed),
            entry(2025, 5, 4, .restDayInBlock, .labourDay, "Nghỉ lễ 30/4–1/5 (Chủ nhật)", HolidayLaw.labourDay, listed),
        ]
        entries += [
            entry(2025, 8, 30, .restDayInBlock, .nationalDay, "Nghỉ Quốc khánh (thứ Bảy)", HolidayLaw.nationalDay, listed),
            entry(2025, 8, 31, .restDayInBlock, .nationalDay, "Nghỉ Quốc khánh (Chủ nhật)", HolidayLaw.nationalDay, listed),
            entry(2025, 9, 1, .holiday, .nationalDay, "Quốc khánh (ngày liền kề)", HolidayLaw.nationalDayAdjacent, listed),
            entry(2025, 9, 2, .holiday, .nationalDay, "Quốc khánh (2/9)", HolidayLaw.nationalDay, listed),
        ]
        return HolidayCalendarYear(year: 2025, status: .official, entries: entries,
                                   note: "Khu vực công, theo lịch nghỉ đã công bố.")
    }()

    /// 2026, confirmed in domain.md §3.4:
    /// Thu 1/1–Sun 4/1 off, Fri 2/1 swapped with Sat 10/1 (worked); Tết Bính Ngọ Sat 14/2–Sun 22/2 (statutory
    /// Mon 16/2–Fri 20/2); Giỗ Tổ Sun 26/4 with Mon 27/4 off; Thu 30/4 and Fri 1/5; Quốc khánh Sat 29/8–Wed 2/9
    /// (Tue 1/9 the adjacent day, Mon 31/8 swapped with Sat 22/8, worked); Ngày Văn hóa Việt Nam Tue 24/11,
    /// switchable, on.
    public static let vietnam2026: HolidayCalendarYear = {
        let newYearSource = "https://www.24h.com.vn/tin-tuc-trong-ngay/ai-duoc-hoan-doi-de-nghi-tet-duong-lich-4-ngay-c46a1724830.html"
        let tetSource = "https://tienphong.vn/thu-tuong-dong-y-nghi-9-ngay-tet-nguyen-dan-binh-ngo-post1786865.tpo"
        let aprilSource = "https://thanhnien.vn/gio-to-hung-vuong-304-15-quoc-khanh-29-nam-2026-duoc-nghi-may-ngay-185260223083506397.htm"
        let septemberSource = "https://kienthuc.net.vn/chot-phuong-an-nghi-tet-am-lich-binh-ngo-va-quoc-khanh-nam-2026-post1576857.html"
        let cultureSource = "https://vneconomy.vn/bo-sung-ngay-van-hoa-viet-nam-2411-vao-danh-muc-ngay-nghi-huong-nguyen-luong.htm"
        let swap = "Hoán đổi ngày làm việc theo thông báo của Chính phủ cho khu vực công"
        let tet = "Tết Nguyên đán Bính Ngọ"
        var entries: [HolidayEntry] = [
            entry(2026, 1, 1, .holiday, .newYear, "Tết Dương lịch", HolidayLaw.newYear, newYearSource),
            entry(2026, 1, 2, .swappedDayOff, .newYear, "Nghỉ hoán đổi (làm bù thứ Bảy 10/1)", swap, newYearSource, paired: (2026, 1, 10)),
            entry(2026, 1, 3, .restDayInBlock, .newYear, "Nghỉ Tết Dương lịch (thứ Bảy)", HolidayLaw.newYear, newYearSource),
            entry(2026, 1, 4, .restDayInBlock, .newYear, "Nghỉ Tết Dương lịch (Chủ nhật)", HolidayLaw.newYear, newYearSource),
            entry(2026, 1, 10, .makeUpWorkingDay, .newYear, "Làm bù cho thứ Sáu 2/1", swap, newYearSource, paired: (2026, 1, 2)),
        ]
        entries += [
            entry(2026, 2, 14, .restDayInBlock, .lunarNewYear, "\(tet) (27 tháng Chạp)", HolidayLaw.lunarNewYear, tetSource),
            entry(2026, 2, 15, .restDayInBlock, .lunarNewYear, "\(tet) (28 tháng Chạp)", HolidayLaw.lunarNewYear, tetSource),
            entry(2026, 2, 16, .holiday, .lunarNewYear, "\(tet) (29 tháng Chạp)", HolidayLaw.lunarNewYear, tetSource),
            entry(2026, 2, 17, .holiday, .lunarNewYear, "\(tet) (mùng 1 Tết)", HolidayLaw.lunarNewYear, tetSource),
            entry(2026, 2, 18, .holiday, .lunarNewYear, "\(tet) (mùng 2 Tết)", HolidayLaw.lunarNewYear, tetSource),
            entry(2026, 2, 19, .holiday, .lunarNewYear, "\(tet) (mùng 3 Tết)", HolidayLaw.lunarNewYear, tetSource),
            entry(2026, 2, 20, .holiday, .lunarNewYear, "\(tet) (mùng 4 Tết)", HolidayLaw.lunarNewYear, tetSource),
            entry(2026, 2, 21, .restDayInBlock, .lunarNewYear, "\(tet) (mùng 5 Tết)", HolidayLaw.lunarNewYear, tetSource),
            entry(2026, 2, 22, .restDayInBlock, .lunarNewYear, "\(tet) (mùng 6 Tết)", HolidayLaw.lunarNewYear, tetSource),
        ]
        entries += [
            entry(2026, 4, 26, .holiday, .hungKingsCommemoration, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", HolidayLaw.hungKings, aprilSource),
            entry(2026, 4, 27, .compensatory, .hungKingsCommemoration, "Nghỉ bù Giỗ Tổ Hùng Vương", HolidayLaw.compensatory, aprilSource, paired: (2026, 4, 26)),
            entry(2026, 4, 30, .holiday, .reunificationDay, "Ngày Chiến thắng (30/4)", HolidayLaw.reunificationDay, aprilSource),
            entry(2026, 5, 1, .holiday, .labourDay, "Ngày Quốc tế lao động (1/5)", HolidayLaw.labourDay, aprilSource),
        ]
        entries += [
            entry(2026, 8, 22, .makeUpWorkingDay, .nationalDay, "Làm bù cho thứ Hai 31/8", swap, septemberSource, paired: (2026, 8, 31)),
            entry(2026, 8, 29, .restDayInBlock, .nationalDay, "Nghỉ Quốc khánh (thứ Bảy)", HolidayLaw.nationalDay, septemberSource),
            entry(2026, 8, 30, .restDayInBlock, .nationalDay, "Nghỉ Quốc khánh (Chủ nhật)", HolidayLaw.nationalDay, septemberSource),
            entry(2026, 8, 31, .swappedDayOff, .nationalDay, "Nghỉ hoán đổi (làm bù thứ Bảy 22/8)", swap, septemberSource, paired: (2026, 8, 22)),
            entry(2026, 9, 1, .holiday, .nationalDay, "Quốc khánh (ngày liền kề)", HolidayLaw.nationalDayAdjacent, septemberSource),
            entry(2026, 9, 2, .holiday, .nationalDay, "Quốc khánh (2/9)", HolidayLaw.nationalDay, septemberSource),
        ]
        entries.append(entry(2026, 11, 24, .holiday, .vietnameseCultureDay, "Ngày Văn hóa Việt Nam (24/11)", HolidayLaw.cultureDay, cultureSource))
        return HolidayCalendarYear(year: 2026, status: .official, entries: entries,
                                   note: "Khu vực công, theo lịch nghỉ đã công bố. Ngày Văn hóa Việt Nam bật hoặc tắt được.")
    }()

    /// All seeded years, oldest first.
    public static let all: [HolidayCalendarYear] = [vietnam2025, vietnam2026]

    private static func entry(_ year: Int, _ month: Int, _ day: Int, _ role: HolidayEntry.Role, _ occasion: HolidayOccasion,
                              _ name: String, _ legalBasis: String, _ source: String,
                              paired: (Int, Int, Int)? = nil) -> HolidayEntry {
        HolidayEntry(date: SolarDay(uncheckedYear: year, month: month, day: day), role: role, occasion: occasion,
                     name: name, legalBasis: legalBasis, source: source,
                     pairedDate: paired.map { SolarDay(uncheckedYear: $0.0, month: $0.1, day: $0.2) })
    }
}
