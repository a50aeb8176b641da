import Foundation

/// Datetimes as Open311 GeoReport v2 writes them: the W3C profile of ISO 8601 ("Date and Time Formats",
/// W3C Note 1997), always with a zone designator (GeoReport v2 §"Data types": `2010-01-01T00:00:00Z`).
///
/// We write Vietnam's civil time with the `+07:00` offset and whole seconds (`2026-11-30T09:05:00+07:00`):
/// mySociety's open311-adapter validator rejects fractional seconds, and a fixed offset reads the same in every
/// client. We read every W3C form a client may send: a date (`2026-11-30`, taken as midnight in Vietnam), or a
/// date and time with minutes, seconds and optional fractions, with `Z`, `±HH:MM` or `±HHMM`; a time without a
/// zone is taken as Vietnam time (UTC+7).
public enum W3CDateTime {
    /// `date` as `YYYY-MM-DDThh:mm:ss+07:00` (fractions of a second are cut, not rounded).
    public static func format(_ date: Date) -> String {
        let seconds = Int(floor(date.timeIntervalSince1970)) + VietnamTime.secondsFromGMT
        let days = Int(floor(Double(seconds) / 86_400))
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+07:00", year, month, day,
                      secondOfDay / 3600, (secondOfDay / 60) % 60, secondOfDay % 60)
    }

    /// The instant `text` names, or `nil` when it is not a W3C datetime (or names an impossible date such as
    /// February 30, or an hour past 23).
    public static func parse(_ text: String) -> Date? {
        var scanner = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        guard !scanner.isEmpty else { return nil }
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scanner.count else { return nil }
            var value = 0
            for byte in scanner[index..<index + digits] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < scanner.count, scanner[index] == character.asciiValue! else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        var offset = VietnamTime.secondsFromGMT
        if index < scanner.count {
            guard expect("T") || expect("t") || expect(" "), let h = number(2), expect(":"), let m = number(2) else { return nil }
            hour = h; minute = m
            if expect(":") {
                guard let s = number(2) else { return nil }
                second = s
                if expect(".") {
                    let start = index
                    while index < scanner.count, scanner[index] >= 48, scanner[index] <= 57 { index += 1 }
                    guard index > start else { return nil }
                }
            }
            guard hour <= 23, minute <= 59, second <= 59 else { return nil }
            if index < scanner.count {
                if expect("Z") || expect("z") {
                    offset = 0
                } else {
                    let sign: Int
                    if expect("+") { sign = 1 } else if expect("-") { sign = -1 } else { return nil }
                    guard let oh = number(2) else { return nil }
                    _ = expect(":")
                    guard let om = number(2), oh <= 14, om <= 59 else { return nil }
                    offset = sign * (oh * 3600 + om * 60)
                }
            }
        }
        guard index == scanner.count else { return nil }
        scanner.removeAll()
        let days = self.days(fromCivil: year, month, day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(local - offset))
    }

    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    private static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
