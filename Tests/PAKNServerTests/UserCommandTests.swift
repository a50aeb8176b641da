import Foundation
import Testing

/// `pakn user` from the shell, as whoever installs the system runs it (issue 11 item 8): the built binary on a
/// SQLite data directory of its own.
@Suite("pakn user command", .serialized)
struct UserCommandTests {
    @Test("create, list, reset-password and deactivate; a common or short password is refused with the policy's words")
    func lifecycle() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-user-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        func run(_ arguments: [String], input: String = "") throws -> (out: String, err: String, status: Int32) {
            try MaskCommandTests.run(arguments, input: input, dataDirectory: dir)
        }
        let common = try run(["user", "create", "--email", "Op1@Gialai.gov.vn", "--name", "Trần Văn Tổng", "--role", "operator", "--password-stdin"],
                             input: "password123\n")
        #expect(common.status != 0)
        #expect((common.out + common.err).contains("quá phổ biến"))
        let short = try run(["user", "create", "--email", "op1@gialai.gov.vn", "--name", "Trần Văn Tổng", "--role", "operator", "--password-stdin"],
                            input: "ngắn\n")
        #expect(short.status != 0)
        #expect((short.out + short.err).contains("ít nhất 10 ký tự"))
        let badRole = try run(["user", "create", "--email", "op1@gialai.gov.vn", "--name", "Trần Văn Tổng", "--role", "superuser"])
        #expect(badRole.status != 0)

        let created = try run(["user", "create", "--email", "Op1@Gialai.gov.vn", "--name", "Trần Văn Tổng", "--role", "operator"])
        #expect(created.status == 0, "\(created.err)")
        #expect(created.out.contains("created op1@gialai.gov.vn"))
        let generated = try #require(created.out.split(separator: "\n").first { $0.hasPrefix("password: ") }).dropFirst("password: ".count)
        #expect(generated.count == 16)
        let again = try run(["user", "create", "--email", "op1@gialai.gov.vn", "--name", "Người khác", "--role", "operator"])
        #expect(again.status != 0)
        #expect((again.out + again.err).contains("Email đã được dùng"))

        let list = try run(["user", "list"])
        #expect(list.out.split(separator: "\n").contains { $0.hasPrefix("op1@gialai.gov.vn\toperator\tactive\t-\tTrần Văn Tổng") })

        let reset = try run(["user", "reset-password", "--email", "op1@gialai.gov.vn", "--password-stdin"], input: "một câu dài dễ nhớ\n")
        #expect(reset.status == 0, "\(reset.err)")
        #expect(reset.out.contains("all sessions and API tokens ended"))
        #expect(!reset.out.contains("password: "))
        let unknown = try run(["user", "reset-password", "--email", "khong-co@gialai.gov.vn"])
        #expect(unknown.status != 0)

        #expect(try run(["user", "deactivate", "--email", "op1@gialai.gov.vn"]).status == 0)
        #expect(try run(["user", "list"]).out.contains("op1@gialai.gov.vn\toperator\tinactive"))
    }
}
