import Fluent
import Foundation
import PAKNDomain
import Vapor

/// `pakn sync export --since … [--until …]` and `pakn sync import FILE.jsonl`: the national PAKN portal's sync from
/// the command line (issue 15 item 8; docs/national-portal-sync.md).
struct SyncCommands: AsyncCommandGroup {
    var help: String { "Đồng bộ với Cổng Dịch vụ công quốc gia / sync with the national PAKN portal." }
    var commands: [String: any AnyAsyncCommand] { ["export": SyncExportCommand(), "import": SyncImportCommand()] }
}

/// Prints, as JSON Lines on standard output, the `pakn-sync/1` record (``NationalSyncRecord``) of every
/// non-restricted request with a change (an event other than a view of its contact details) at an instant
/// `since ≤ t < until`, in the order of reception then id, read in pages of ``NationalSyncQuery/pageSize`` (memory does
/// not grow with the archive). `--since` and `--until` are `YYYY-MM-DD` (midnight) or `YYYY-MM-DDTHH:MM[:SS]`, in
/// Vietnam time unless an offset is given; `--until` defaults to now. Bad input: one line on standard error, exit 1.
struct SyncExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "since", help: "Start, included: 2026-03-01 or 2026-03-01T08:00 (UTC+7).") var since: String?
        @Option(name: "until", help: "End, excluded (default: now): 2026-04-01 or 2026-04-01T08:00 (UTC+7).") var until: String?
    }
    var help: String { "Xuất JSON Lines các phản ánh thay đổi trong khoảng / export changed requests as JSON Lines." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let sinceText = signature.since, let since = W3CDateTime.parse(sinceText) else {
            CalendarCommand.fail("Thiếu hoặc sai --since (ví dụ 2026-03-01 hoặc 2026-03-01T08:00, giờ Việt Nam).")
        }
        var until = Date()
        if let text = signature.until {
            guard let parsed = W3CDateTime.parse(text) else {
                CalendarCommand.fail("Sai --until (ví dụ 2026-04-01 hoặc 2026-04-01T08:00, giờ Việt Nam).")
            }
            until = parsed
        }
        guard since < until else { CalendarCommand.fail("--since phải trước --until.") }
        let app = context.application
        try await CalendarCommand.prepareDatabase(app)
        try await Self.export(since: since, until: until, on: app.db) { StandardOutput.line($0) }
    }

    /// Writes each record of the window as one JSON line through `write`, page by page.
    static func export(since: Date, until: Date, pageSize: Int = NationalSyncQuery.pageSize, on db: Database,
                       write: (String) -> Void) async throws {
        let encoder = NationalSyncRecord.encoder()
        var after: UUID?
        while true {
            let ids = try await NationalSyncQuery.changed(since: since, until: until, after: after, limit: pageSize, on: db)
            guard let last = ids.last else { return }
            for record in try await NationalSyncQuery.records(for: ids, on: db) {
                write(String(decoding: try encoder.encode(record), as: UTF8.self))
            }
            after = last
        }
    }
}

/// Reads requests from the national portal, one JSON object a line (``NationalPortalIncoming``), from `FILE`
/// (standard input for `/dev/stdin`: the command line's parser takes a lone `-` for an option) and prints one JSON
/// line for each: `{"line", "portal_id", "tracking_code", "created"}` (`created` false: the id was imported before,
/// nothing was changed), or `{"line", "error": {"code", "message", "fields"}}` in the API's error shape (`bad_line`
/// for a line that is not such an object, `validation_failed` with the problems per field). Exits 1 when a line was
/// refused (the others are imported all the same).
struct SyncImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A JSON Lines file from the national portal, or /dev/stdin.") var file: String
    }
    var help: String { "Nhập phản ánh từ Cổng Dịch vụ công quốc gia / import requests from the national portal." }

    /// One line's answer.
    struct LineResult: Encodable {
        struct Failure: Encodable { let code: String; let message: String; let fields: [FieldError] }
        let line: Int
        var portalID: String?
        var trackingCode: String?
        var created: Bool?
        var error: Failure?
        enum CodingKeys: String, CodingKey { case line, portalID = "portal_id", trackingCode = "tracking_code", created, error }
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let text: String
        if signature.file == "/dev/stdin" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: signature.file) else {
                CalendarCommand.fail("Không đọc được tệp \(signature.file).")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let app = context.application
        try await CalendarCommand.prepareDatabase(app)
        let results = try await Self.importLines(text, config: app.paknConfiguration, on: app.db)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for result in results { StandardOutput.line(String(decoding: try encoder.encode(result), as: UTF8.self)) }
        if results.contains(where: { $0.error != nil }) { exit(1) }
    }

    /// Imports every non-blank line of `text`; one result per line, in order.
    static func importLines(_ text: String, config: AppConfiguration, on db: Database, now: Date = Date()) async throws -> [LineResult] {
        var results: [LineResult] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            var result = LineResult(line: index + 1)
            guard let incoming = try? NationalSyncRecord.decoder().decode(NationalPortalIncoming.self, from: Data(line.utf8)) else {
                result.error = .init(code: "bad_line", message: "Dòng không phải một đối tượng JSON có portal_id, title, content, commune_code.",
                                     fields: [])
                results.append(result)
                continue
            }
            result.portalID = incoming.normalizedPortalID
            switch try await NationalPortalImport.submit(incoming, config: config, on: db, now: now) {
            case .success(let outcome):
                result.trackingCode = TrackingCode(digits: outcome.record.trackingCode)?.formatted ?? outcome.record.trackingCode
                result.created = outcome.created
            case .failure(let failure):
                result.error = .init(code: "validation_failed", message: "Phản ánh từ Cổng chưa hợp lệ.", fields: failure.errors)
            }
            results.append(result)
        }
        return results
    }
}
