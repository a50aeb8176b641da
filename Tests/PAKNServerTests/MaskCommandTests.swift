import Foundation
import Testing

/// `pakn mask` as an editor or a script runs it: the built binary, text on standard input (issue 11 item 4).
@Suite("pakn mask command", .serialized)
struct MaskCommandTests {
    static func run(_ arguments: [String], input: String, dataDirectory: URL? = nil) throws -> (out: String, err: String, status: Int32) {
        let dir = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("pakn-mask-\(UUID().uuidString)")
        var env = ProcessInfo.processInfo.environment
        env["PAKN_DATA_DIR"] = dir.path
        env.removeValue(forKey: "DATABASE_URL")
        let result = try ChildProcess.run(CalendarCommandTests.binary, arguments, environment: env, input: Data(input.utf8))
        if dataDirectory == nil { try? FileManager.default.removeItem(at: dir) }
        return (result.outText, result.errText, result.timedOut ? -1 : result.status)
    }

    @Test("prints the text as publication masks it; places stay")
    func plain() throws {
        let result = try Self.run(["mask"], input: "Tôi là Nguyễn Văn An, số 0905 123 456, ở đường Hùng Vương, phường Quy Nhơn.")
        #expect(result.status == 0)
        #expect(result.out == "Tôi là [họ tên đã ẩn], số [SĐT đã ẩn], ở đường Hùng Vương, phường Quy Nhơn.")
    }

    @Test("--json gives Unicode-scalar offsets into the NFC input, end exclusive, the same for NFD input")
    func json() throws {
        // "Ông " is 4 scalars; "Nguyễn Văn An" 13 (4…17); " gọi " 5; "0905123456" 10 (22…32).
        let expected = #"{"spans":[{"end":17,"kind":"name","start":4},{"end":32,"kind":"phone","start":22}],"text":"Ông [họ tên đã ẩn] gọi [SĐT đã ẩn]"}"# + "\n"
        let text = "Ông Nguyễn Văn An gọi 0905123456"
        #expect(try Self.run(["mask", "--json"], input: text).out == expected)
        #expect(try Self.run(["mask", "--json"], input: text.decomposedStringWithCanonicalMapping).out == expected)
    }

    @Test("--help lists the kinds; --code with an unknown code exits 1 with one line")
    func helpAndUnknownCode() throws {
        let help = try Self.run(["mask", "--help"], input: "")
        for kind in ["name", "phone", "email", "idNumber", "address", "dateOfBirth", "vehiclePlate", "bankAccount", "passport", "socialMedia"] {
            #expect(help.out.contains(kind), "\(kind) missing from --help")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-mask-db-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.run(["migrate"], input: "", dataDirectory: dir).status == 0)
        let unknown = try Self.run(["mask", "--code", "1234567891"], input: "x", dataDirectory: dir)
        #expect(unknown.status == 1)
        #expect(unknown.err.hasPrefix("Không tìm thấy phản ánh") || unknown.err.hasPrefix("Mã phản ánh không hợp lệ"))
    }
}
