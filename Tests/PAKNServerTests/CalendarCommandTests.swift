import Foundation
import Testing

/// `pakn calendar …` as an admin runs it: the built binary, its standard output and exit status (issue 3 §5).
@Suite("pakn calendar command", .serialized)
struct CalendarCommandTests {
    /// The executable in the same build folder as the test bundle.
    static var binary: URL {
        let here = Bundle.main.bundleURL
        let candidates = [here.appendingPathComponent("pakn"), here.deletingLastPathComponent().appendingPathComponent("pakn"),
                          here.appendingPathComponent("debug/pakn")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    static func run(_ arguments: [String]) throws -> (out: String, err: String, status: Int32) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-cli-\(UUID().uuidString)")
        var env = ProcessInfo.processInfo.environment
        env["PAKN_DATA_DIR"] = dir.path
        env.removeValue(forKey: "DATABASE_URL")
        let result = try ChildProcess.run(binary, arguments, environment: env)
        try? FileManager.default.removeItem(at: dir)
        return (result.outText, result.errText, result.timedOut ? -1 : result.status)
    }

    @Test("lunar and solar conversions print only the answer (domain.md §3.5)")
    func lunar() throws {
        #expect(try Self.run(["calendar", "lunar", "2026-02-17"]).out == "1/1/2026\n")
        #expect(try Self.run(["calendar", "lunar", "2026-02-16"]).out == "29/12/2025\n")
        #expect(try Self.run(["calendar", "lunar", "2025-07-25"]).out == "1/6/2025 nhuận\n")
        #expect(try Self.run(["calendar", "solar", "1/6/2025", "--leap"]).out == "2025-07-25\n")
        #expect(try Self.run(["calendar", "solar", "10/3/2026"]).out == "2026-04-26\n")
    }

    @Test("the year's exceptions and a due instant across Tết 2026")
    func yearAndDue() throws {
        let year = try Self.run(["calendar", "year", "2026"])
        #expect(year.status == 0)
        let lines = year.out.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("2026-01-10\twork\t") })
        #expect(lines.contains { $0.hasPrefix("2026-08-22\twork\t") })
        #expect(lines.contains { $0.hasPrefix("2026-04-27\toff\t") })
        #expect(!lines.contains { $0.hasPrefix("2026-02-14") }, "a Saturday off inside the Tết block changes nothing")
        #expect(lines.allSatisfy { !$0.hasSuffix("\tunconfirmed") }, "2026 is the official calendar")
        let draft = try Self.run(["calendar", "year", "2027"]).out.split(separator: "\n")
        #expect(draft.contains { $0.hasSuffix("\tunconfirmed") }, "2027's Tết comes from the rules until an admin confirms it")
        // Issue 3 "Done when": accepted Fri 13/2/2026 16:00, 3 working days → Wed 25/2/2026 16:00 after Tết.
        #expect(try Self.run(["calendar", "due", "--from", "2026-02-13T16:00:00+07:00", "--days", "3"]).out == "2026-02-25T16:00:00+07:00\n")
        // A make-up Saturday counts: Fri 9/1/2026 16:00 + 2 working hours → 16–17 Fri, 07–08 Sat 10/1.
        #expect(try Self.run(["calendar", "due", "--from", "2026-01-09T16:00:00+07:00", "--hours", "2"]).out == "2026-01-10T08:00:00+07:00\n")
    }

    @Test("bad input: one line on standard error, exit status 1", arguments: [
        ["calendar", "lunar", "2026-02-30"], ["calendar", "lunar", "1899-12-31"], ["calendar", "year", "2101"],
        ["calendar", "solar", "31/2/2026"], ["calendar", "due", "--from", "2026-02-13T16:00:00+07:00", "--days", "-1"],
        ["calendar", "due", "--from", "yesterday", "--hours", "2"],
    ])
    func badInput(_ arguments: [String]) throws {
        let result = try Self.run(arguments)
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(result.err.split(separator: "\n").count == 1, "stderr: \(result.err)")
    }
}
