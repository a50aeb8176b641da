import Foundation

/// Import and export of holiday calendars: a JSON document (lossless, for backup and for moving a year
/// between deployments) and iCalendar (RFC 5545, for people's calendar programs). Pure: bytes and strings in
/// and out, no files.
public enum HolidayCalendarExchange {
    /// The value of `format` in every exported JSON document.
    public static let jsonFormat = "pakn-holiday-calendar"
    /// The version of the JSON layout this code writes and reads.
    public static let jsonVersion = 1

    /// Why a JSON document could not be imported.
    public enum ImportError: Error, Equatable, CustomStringConvertible {
        /// Not JSON, or a field has the wrong shape; the message says where.
        case malformed(String)
        /// `format` is not `pakn-holiday-calendar` or `version` is newer than this code.
        case unsupported(format: String, version: Int)
        /// The same year appears twice.
        case duplicateYear(Int)

        /// One line for logs and admin messages.
        public var description: String {
            switch self {
            case .malformed(let message): "Malformed holiday calendar JSON: \(message)"
            case .unsupported(let format, let version): "Unsupported holiday calendar document \(format) v\(version)"
            case .duplicateYear(let year): "The year \(year) appears twice"
            }
        }
    }

    private struct Document: Codable {
        var format: String
        var version: Int
        var years: [HolidayCalendarYear]
    }

    /// Encodes years as a JSON document `{"format":"pakn-holiday-calendar","version":1,"years":[…]}`,
    /// pretty-printed with sorted keys (stable diffs). Dates are `"YYYY-MM-DD"`.
    public static func exportJSON(_ years: [HolidayCalendarYear]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(format: jsonFormat, version: jsonVersion, years: years.sorted { $0.year < $1.year }))
    }

    /// Decodes a document written by `exportJSON`. Throws `ImportError`. Entries are re-sorted by date; use
    /// `HolidayCalendarYear.validationProblems()` to check the content before saving it.
    public static func importJSON(_ data: Data) throws(ImportError) -> [HolidayCalendarYear] {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw .malformed(describe(error))
        } catch {
            throw .malformed(String(describing: error))
        }
        guard document.format == jsonFormat, document.version <= jsonVersion else {
            throw .unsupported(format: document.format, version: document.version)
        }
        var seen: Set<Int> = []
        for year in document.years where !seen.insert(year.year).inserted {
            throw .duplicateYear(year.year)
        }
        return document.years.sorted { $0.year < $1.year }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }

    // MARK: - iCalendar

    /// An iCalendar (RFC 5545) text with one all-day VEVENT per enabled entry of the given years.
    ///
    /// - Each event: `DTSTART;VALUE=DATE` the day, `DTEND;VALUE=DATE` the next day (exclusive end), `SUMMARY`
    ///   the name prefixed with "Nghỉ:" or "Làm bù:", `DESCRIPTION` the legal basis and source, `STATUS`
    ///   TENTATIVE when the entry needs confirmation, else CONFIRMED, `TRANSP:TRANSPARENT`, a stable `UID`.
    /// - `generatedAt` becomes every `DTSTAMP` (UTC), so the output is reproducible.
    /// - Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1);
    ///   TEXT values escape backslash, semicolon, comma and newline (§3.3.11).
    public static func iCalendar(_ years: [HolidayCalendarYear], generatedAt: Date,
                                 calendarName: String = "Lịch nghỉ lễ, làm bù (khu vực công)",
                                 uidDomain: String = "pakn-1022") -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//1022 PAKN//Holiday calendar//VI",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escapeText(calendarName))",
            "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
        ]
        let stamp = utcTimestamp(generatedAt)
        for year in years.sorted(by: { $0.year < $1.year }) {
            for entry in year.entries where entry.isEnabled {
                let prefix = entry.kind == .dayOff ? "Nghỉ" : "Làm bù"
                var description = entry.legalBasis
                if let source = entry.source { description += "\n" + source }
                if entry.needsConfirmation { description += "\nChưa xác nhận (needs confirmation)" }
                lines += [
                    "BEGIN:VEVENT",
                    "UID:\(entry.date.isoString)-\(entry.kind.rawValue)-\(entry.occasion.rawValue)@\(uidDomain)",
                    "DTSTAMP:\(stamp)",
                    "DTSTART;VALUE=DATE:\(compact(entry.date))",
                    "DTEND;VALUE=DATE:\(compact(entry.date.adding(days: 1)))",
                    "SUMMARY:\(escapeText("\(prefix): \(entry.name)"))",
                    "DESCRIPTION:\(escapeText(description))",
                    "CATEGORIES:\(entry.kind == .dayOff ? "NGAY-NGHI" : "LAM-BU")",
                    "STATUS:\(entry.needsConfirmation ? "TENTATIVE" : "CONFIRMED")",
                    "TRANSP:TRANSPARENT",
                    "END:VEVENT",
                ]
            }
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 5545 §3.3.11 TEXT escaping.
    static func escapeText(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// RFC 5545 §3.1 folding: lines longer than 75 octets are split, each continuation starting with one
    /// space; splits fall between Unicode scalars so a UTF-8 sequence is never cut.
    static func fold(_ line: String) -> String {
        var result = ""
        var octetsInLine = 0
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            if octetsInLine + width > 75 {
                result += "\r\n "
                octetsInLine = 1
            }
            result.unicodeScalars.append(scalar)
            octetsInLine += width
        }
        return result
    }

    private static func compact(_ day: SolarDay) -> String {
        day.isoString.replacingOccurrences(of: "-", with: "")
    }

    private static func utcTimestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = SolarDay(julianDayNumber: Int((Double(seconds) / 86_400).rounded(.down)) + SolarDay.unixEpochJulianDayNumber)
        let secondOfDay = seconds - (day.julianDayNumber - SolarDay.unixEpochJulianDayNumber) * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(compact(day))T\(two(secondOfDay / 3600))\(two(secondOfDay / 60 % 60))\(two(secondOfDay % 60))Z"
    }
}
