import Fluent
import Foundation
import PAKNDomain
import Vapor

/// `pakn mask [--code CODE] [--json]`: reads UTF-8 text on standard input and prints it exactly as publication
/// masks it (`Masking`, the same function `Publication` uses), so that editors and scripts can check a text
/// (issue 11 item 4; Luật 91/2025/QH15, NĐ 356/2025/NĐ-CP).
///
/// - Without `--code` no database is opened: the automatic rules only.
/// - `--code CODE` also masks that case's own contacts (names, phones, e-mails, id numbers, addresses), as
///   publication does; an unknown or restricted code exits 1 with one line on standard error.
/// - `--json` prints `{"text": …, "spans": [{"start": …, "end": …, "kind": …}]}`: offsets in Unicode scalars into the
///   NFC-normalised input, `end` exclusive, `kind` one of `PersonalDataKind`'s raw values.
/// Exit status: 0, or 1 with a Vietnamese message on standard error.
struct MaskCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "code", help: "Mã phản ánh: che thêm thông tin liên hệ của chính phản ánh đó / tracking code: also mask that case's contacts.")
        var code: String?
        @Flag(name: "json", help: "In JSON {\"text\", \"spans\": [{\"start\", \"end\", \"kind\"}]}; kind ∈ \(PersonalDataKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var json: Bool
    }

    var help: String {
        "Che dữ liệu cá nhân của văn bản trên đầu vào chuẩn như khi công khai / Mask standard input as publication does. "
            + "Loại / kinds: \(PersonalDataKind.allCases.map(\.rawValue).joined(separator: ", "))."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        var masking = Masking()
        if let raw = signature.code {
            guard let code = TrackingCode(parsing: raw) else { Self.fail("Mã phản ánh không hợp lệ: \(raw).") }
            let db = context.application.db
            guard let record = try await ServiceRequestRecord.query(on: db).filter(\.$trackingCode == code.digits)
                .filter(\.$restricted == false).first() else {
                Self.fail("Không tìm thấy phản ánh \(code.formatted).")
            }
            masking = try await Publication.masking(for: record, on: db)
        }
        let report = masking.report(String(decoding: input, as: UTF8.self))
        if signature.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            StandardOutput.line(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            FileHandle.standardOutput.write(Data(report.text.utf8))
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(1)
    }
}
