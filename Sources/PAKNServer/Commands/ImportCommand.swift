import Foundation
import PAKNDomain
import Vapor

/// `pakn import FILE.csv|FILE.xlsx [--dry-run]` (issue 15 item 11): brings the province's existing archive over from
/// its previous portal's export (`ArchiveImport`, columns in `ArchiveRow`). Prints one tab-separated line per row —
/// `created LINE OLD-CODE NEW-CODE`, `existing LINE OLD-CODE NEW-CODE` (imported before: nothing done), or
/// `failed LINE OLD-CODE REASONS` — then a summary; exits 2 when a row failed, 1 when the file cannot be read.
/// Migrates and seeds reference data first. Run it twice: the second run creates nothing.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "CSV (UTF-8) or XLSX export of the previous portal") var file: String
        @Flag(name: "dry-run", help: "read and check every row, write nothing") var dryRun: Bool
    }
    var help: String { "Nhập kho phản ánh cũ từ tệp CSV/XLSX / Import the previous portal's archive from CSV or XLSX." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await UnitsCommand.prepareDatabase(app)
        let url = URL(fileURLWithPath: signature.file)
        let rows: [[String]]
        do { rows = try ArchiveSheet.rows(of: url) } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
        let report = try await ArchiveImport.run(rows, sourceName: url.lastPathComponent, dryRun: signature.dryRun,
                                                 config: app.paknConfiguration, on: app.db)
        func shown(_ digits: String) -> String { TrackingCode(digits: digits)?.formatted ?? digits }
        for item in report.created { StandardOutput.line("created\t\(item.line)\t\(item.sourceCode)\t\(shown(item.trackingCode))") }
        for item in report.existing { StandardOutput.line("existing\t\(item.line)\t\(item.sourceCode)\t\(shown(item.trackingCode))") }
        for item in report.failed { StandardOutput.line("failed\t\(item.line)\t\(item.sourceCode)\t\(item.problems.joined(separator: " "))") }
        StandardOutput.line("\(signature.dryRun ? "sẽ nhập / would create" : "đã nhập / created") \(report.created.count), "
                            + "đã có / existing \(report.existing.count), lỗi / failed \(report.failed.count)")
        if !report.failed.isEmpty { exit(2) }
    }
}
