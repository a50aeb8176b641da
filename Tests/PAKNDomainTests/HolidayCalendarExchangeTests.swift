import Foundation
import Testing
@testable import PAKNDomain

@Suite("Holiday calendar import and export")
struct HolidayCalendarExchangeTests {
    @Test func jsonRoundTrip() throws {
        // setup
        let years = [OfficialCalendars.vietnam2026.settingOccasion(.vietnameseCultureDay, enabled: false), OfficialCalendars.vietnam2025]
        // act
        let data = try HolidayCalendarExchange.exportJSON(years)
        let imported = try HolidayCalendarExchange.importJSON(data)
        // check
        #expect(imported == [years[1], years[0]])  // sorted by year
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""format" : "pakn-holiday-calendar""#))
        #expect(text.contains(#""date" : "2026-01-10""#))
        #expect(text.contains(#""role" : "make_up""#))
    }

    @Test func jsonImportErrors() {
        func document(_ years: String, format: String = "pakn-holiday-calendar", version: Int = 1) -> Data {
            Data(#"{"format":"\#(format)","version":\#(version),"years":\#(years)}"#.utf8)
        }
        let entry = #"{"date":"2027-02-30","role":"holiday","occasion":"x","name":"n","legalBasis":"b"}"#
        #expect(throws: HolidayCalendarExchange.ImportError.unsupported(format: "other", version: 1)) {
            try HolidayCalendarExchange.importJSON(document("[]", format: "other"))
        }
        #expect(throws: HolidayCalendarExchange.ImportError.unsupported(format: "pakn-holiday-calendar", version: 2)) {
            try HolidayCalendarExchange.importJSON(document("[]", version: 2))
        }
        #expect(throws: HolidayCalendarExchange.ImportError.duplicateYear(2027)) {
            try HolidayCalendarExchange.importJSON(document(#"[{"year":2027,"status":"draft","entries":[]},{"year":2027,"status":"official","entries":[]}]"#))
        }
        do {
            _ = try HolidayCalendarExchange.importJSON(document(#"[{"year":2027,"status":"draft","entries":[\#(entry)]}]"#))
            Issue.record("an impossible date was accepted")
        } catch {
            guard case .malformed(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("2027-02-30"))
        }
        // Optional fields default: needsConfirmation false, isEnabled true.
        let minimal = #"{"date":"2027-02-06","role":"holiday","occasion":"tet_nguyen_dan","name":"Tết","legalBasis":"b"}"#
        let imported = try? HolidayCalendarExchange.importJSON(document(#"[{"year":2027,"status":"draft","entries":[\#(minimal)]}]"#))
        #expect(imported?.first?.entries.first?.isEnabled == true)
        #expect(imported?.first?.entries.first?.needsConfirmation == false)
    }

    @Test func iCalendarExport() throws {
        // setup: 2026 with 24/11 switched off, and a draft (tentative days)
        let official = OfficialCalendars.vietnam2026.settingOccasion(.vietnameseCultureDay, enabled: false)
        let draft = try #require(HolidayRules.draft(year: 2027))
        let stamp = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
        // act
        let text = HolidayCalendarExchange.iCalendar([official, draft], generatedAt: stamp)
        // check: CRLF everywhere, no bare LF, lines ≤ 75 octets
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        let physicalLines = text.components(separatedBy: "\r\n").dropLast()
        #expect(physicalLines.allSatisfy { !$0.contains("\n") && !$0.contains("\r") })
        #expect(physicalLines.allSatisfy { $0.utf8.count <= 75 })
        #expect(physicalLines.contains { $0.hasPrefix(" ") })  // some Vietnamese descriptions are folded
        // Unfolded content lines
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
        let events = unfolded.filter { $0 == "BEGIN:VEVENT" }.count
        let enabled = official.entries.filter(\.isEnabled).count + draft.entries.filter(\.isEnabled).count
        #expect(events == enabled)
        #expect(unfolded.contains("DTSTART;VALUE=DATE:20260217"))
        #expect(unfolded.contains("DTEND;VALUE=DATE:20260218"))
        #expect(unfolded.contains("SUMMARY:Làm bù: Làm bù cho thứ Sáu 2/1"))
        #expect(unfolded.contains("UID:2026-01-10-work-tet_duong_lich@pakn-1022"))
        #expect(unfolded.contains("DTSTAMP:20260101T000000Z"))
        #expect(!unfolded.contains("DTSTART;VALUE=DATE:20261124"))  // switched off
        #expect(unfolded.contains("DTSTART;VALUE=DATE:20271124"))   // the 2027 draft has it
        #expect(unfolded.contains("STATUS:TENTATIVE"))
        // Commas and semicolons in TEXT are escaped (legal bases contain both).
        #expect(unfolded.contains { $0.hasPrefix("DESCRIPTION:Bộ luật Lao động 2019\\, Điều 112 khoản 1 điểm b\\; ngày nghỉ cụ thể") })
    }

    @Test func foldingNeverSplitsAUTF8Character() {
        // setup: 100 × "ệ" (3 octets each)
        let line = "SUMMARY:" + String(repeating: "ệ", count: 100)
        // act
        let folded = HolidayCalendarExchange.fold(line)
        // check
        let parts = folded.components(separatedBy: "\r\n")
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.utf8.count <= 75 })
        #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(parts.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
        #expect(HolidayCalendarExchange.escapeText("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
    }
}
