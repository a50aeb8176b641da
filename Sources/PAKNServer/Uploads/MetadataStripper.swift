import Foundation
import Logging
import Subprocess
import SystemPackage

/// Removes every piece of metadata from an accepted upload with well-kept tools from Debian (issue 11 item 6), never
/// with a parser of ours: EXIF (GPS included), XMP, IPTC, ICC, comments, embedded thumbnails and previews, the
/// further images of a multi-picture JPEG (MPF), PNG text and private chunks, PDF document info and XMP, earlier
/// PDF revisions, and the metadata of the images inside a PDF.
///
/// - JPEG: `exiftran -a` turns the picture as its EXIF Orientation says (losslessly), then `mat2 --lightweight`
///   drops all metadata without re-encoding (mat2 alone would drop the orientation and show the photo sideways).
/// - PNG: `mat2` redraws the image through cairo: only the pixels survive (its lightweight mode and exiftool keep
///   private chunks).
/// - PDF: `mat2 --lightweight` rebuilds the document keeping its text; Ghostscript re-encodes the images inside
///   (cairo copies JPEG streams verbatim, with their EXIF and GPS); `exiftool -all=` drops what Ghostscript wrote;
///   `qpdf` rewrites the file so no earlier revision remains (exiftool's PDF edits are incremental).
///
/// Debian 12: `apt-get install --no-install-recommends mat2 bubblewrap libimage-exiftool-perl exiftran qpdf
/// ghostscript` (README "Run it"). Fails closed: if a tool is missing, fails or takes longer than ``timeout``, the
/// upload is refused, never stored as it came.
enum MetadataStripper {
    /// Why a file could not be cleaned.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// A tool is not installed (the operator must install it; logged as an error).
        case toolMissing(String)
        /// A tool refused the file (damaged, encrypted, not what its magic bytes say) or ran out of time.
        case failed(tool: String, status: String)

        var description: String {
            switch self {
            case .toolMissing(let tool): "metadata tool missing: \(tool) (apt-get install --no-install-recommends mat2 bubblewrap libimage-exiftool-perl exiftran qpdf ghostscript)"
            case .failed(let tool, let status): "metadata tool \(tool) failed: \(status)"
            }
        }
    }

    /// The programs the stripper runs, for the readiness check and the README.
    static let tools = ["mat2", "exiftran", "exiftool", "gs", "qpdf"]
    /// Seconds one tool may run before the upload is refused.
    static let timeout: Double = 60
    /// At most this many files are cleaned at once (each tool is CPU-bound; the machine has few cores).
    static let slots = ConcurrencyLimit(2)

    /// One program run: its name, its arguments (paths inside the work directory), and the file it leaves.
    struct Step: Equatable {
        let tool: String
        let arguments: [String]
    }

    /// The steps for `kind`, reading `input` and leaving the clean file at the returned path; all paths in `dir`.
    static func plan(_ kind: UploadInspector.Kind, in dir: String) -> (input: String, steps: [Step], output: String) {
        switch kind {
        case .jpeg:
            return ("\(dir)/upload.jpg", [
                Step(tool: "exiftran", arguments: ["-a", "-o", "\(dir)/turned.jpg", "\(dir)/upload.jpg"]),
                Step(tool: "mat2", arguments: ["--lightweight", "\(dir)/turned.jpg"]),
            ], "\(dir)/turned.cleaned.jpg")
        case .png:
            return ("\(dir)/upload.png", [Step(tool: "mat2", arguments: ["\(dir)/upload.png"])], "\(dir)/upload.cleaned.png")
        case .pdf:
            return ("\(dir)/upload.pdf", [
                Step(tool: "mat2", arguments: ["--lightweight", "\(dir)/upload.pdf"]),
                Step(tool: "gs", arguments: ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
                                             "-dPassThroughJPEGImages=false", "-dPassThroughJPXImages=false",
                                             "-o", "\(dir)/images.pdf", "\(dir)/upload.cleaned.pdf"]),
                Step(tool: "exiftool", arguments: ["-q", "-q", "-all=", "-o", "\(dir)/bare.pdf", "\(dir)/images.pdf"]),
                Step(tool: "qpdf", arguments: ["\(dir)/bare.pdf", "\(dir)/clean.pdf"]),
            ], "\(dir)/clean.pdf")
        }
    }

    /// Writes the file at `input` (of the detected `kind`) without metadata to `output`, working on copies in a
    /// directory of its own. Throws ``Failure``, or a file-system error.
    static func strip(_ input: URL, kind: UploadInspector.Kind, to output: URL, logger: Logger? = nil) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-strip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = plan(kind, in: dir.path)
        try FileManager.default.copyItem(at: input, to: URL(fileURLWithPath: plan.input))
        try await slots.run {
            for step in plan.steps { try await run(step, home: dir.path, logger: logger) }
        }
        let result = URL(fileURLWithPath: plan.output)
        guard let size = try? result.resourceValues(forKeys: [.fileSizeKey]).fileSize, size > 0 else {
            throw Failure.failed(tool: plan.steps.last?.tool ?? "?", status: "no output")
        }
        try FileManager.default.moveItem(at: result, to: output)
    }

    /// Runs one step with ``timeout``; the tools' own messages go to the debug log (they may name the file's content).
    private static func run(_ step: Step, home: String, logger: Logger?) async throws {
        let limit = timeout
        // The tools get no secret of ours: only a search path, a locale and a home of their own.
        let environment = Environment.custom(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                              "LANG": "C.UTF-8", "HOME": home])
        let outcome: String? = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                let result: (terminationStatus: TerminationStatus, standardError: String?)
                do {
                    let run = try await Subprocess.run(.name(step.tool), arguments: Arguments(step.arguments), environment: environment,
                                                       output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
                    result = (run.terminationStatus, run.standardError)
                } catch {
                    // Not installed, or it could not be run or read: only the first is the installer's to fix.
                    if missingTools().contains(step.tool) { throw Failure.toolMissing(step.tool) }
                    throw Failure.failed(tool: step.tool, status: "\(error)")
                }
                if case .exited(0) = result.terminationStatus { return nil }
                logger?.debug("metadata tool output", metadata: ["tool": .string(step.tool),
                                                                 "stderr": .string(String((result.standardError ?? "").prefix(500)))])
                return "\(result.terminationStatus)"
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(limit * 1_000_000_000))
                return "timed out after \(Int(limit)) s"
            }
            let first = try await group.next() ?? "no result"
            group.cancelAll()
            return first
        }
        if let outcome { throw Failure.failed(tool: step.tool, status: outcome) }
    }

    /// The tools not found on `PATH` (empty when all are installed).
    static func missingTools(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        missingTools(environment, tools: tools)
    }

    /// Which of `tools` are not found on the `PATH` of `environment`.
    static func missingTools(_ environment: [String: String], tools: [String]) -> [String] {
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return tools.filter { tool in
            !path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
        }
    }
}

/// At most `limit` bodies at once; the others wait their turn (first come, first served).
actor ConcurrencyLimit {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ limit: Int) { self.limit = limit }

    /// Runs `body` when a slot is free.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if running >= limit {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            running += 1
        }
        defer {
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
