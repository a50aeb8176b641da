import Foundation
import Testing

/// A real SMTP server on 127.0.0.1 (Python aiosmtpd, `tests/smtp/smtp_peer.py`) that keeps every accepted message,
/// and the msmtp command line that sends to it — the outbound path of issue 4 ("Test outbound against a real SMTP
/// server on loopback"). Recipients whose local part starts with `tempfail` are refused with 451, `reject` with 550.
///
/// Needs `.venv-smtp` (made by `scripts/test` from tests/smtp/requirements.txt, or `PAKN_TEST_SMTP_PYTHON`) and
/// `msmtp` (Debian package). Under CI both are required; elsewhere the tests that need them are skipped.
final class SMTPPeer: @unchecked Sendable {
    struct Received {
        let raw: [UInt8]
        let mailFrom: String
        let recipients: [String]
        var text: String { String(decoding: raw, as: UTF8.self) }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var python: String {
        ProcessInfo.processInfo.environment["PAKN_TEST_SMTP_PYTHON"] ?? root.appendingPathComponent(".venv-smtp/bin/python").path
    }
    static let msmtp = ["/usr/bin/msmtp", "/usr/local/bin/msmtp"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isCI: Bool { ["1", "true"].contains(ProcessInfo.processInfo.environment["CI"] ?? "") }
    /// Whether the peer can run here (always asked for under CI, so a missing piece fails there instead of skipping).
    static var enabled: Bool { isCI || (FileManager.default.isExecutableFile(atPath: python) && msmtp != nil) }

    let process: Process
    let stdin: Pipe
    let directory: URL
    let port: Int
    /// Signalled by `terminationHandler` (set before `run()`): `stop()` waits on it instead of `waitUntilExit()`,
    /// which spins a core on Linux (see `ChildProcess`).
    let ended: DispatchSemaphore

    private init(process: Process, stdin: Pipe, directory: URL, port: Int, ended: DispatchSemaphore) {
        self.process = process; self.stdin = stdin; self.directory = directory; self.port = port; self.ended = ended
    }

    /// Starts the server and waits until it listens.
    static func start() throws -> SMTPPeer {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure("no Python with aiosmtpd at \(python): run scripts/test, or set PAKN_TEST_SMTP_PYTHON")
        }
        guard msmtp != nil else { throw Failure("msmtp is not installed (apt-get install msmtp)") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("tests/smtp/smtp_peer.py").path, directory.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw Failure("smtp_peer.py ended before listening") }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw Failure("smtp_peer.py said: \(text)")
        }
        return SMTPPeer(process: process, stdin: input, directory: directory, port: port, ended: ended)
    }

    /// `PAKN_SENDMAIL` for msmtp talking plain SMTP to this server.
    var sendmailCommand: [String] { [Self.msmtp ?? "msmtp", "--host=127.0.0.1", "--port=\(port)", "--auth=off", "--tls=off"] }

    /// The messages accepted so far, in order.
    func received() throws -> [Received] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try files.filter { $0.hasSuffix(".eml") }.sorted().map { name in
            let base = directory.appendingPathComponent(String(name.dropLast(4)))
            let raw = try Data(contentsOf: base.appendingPathExtension("eml"))
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathExtension("json"))) as? [String: Any] ?? [:]
            return Received(raw: Array(raw), mailFrom: meta["mail_from"] as? String ?? "", recipients: meta["rcpt_tos"] as? [String] ?? [])
        }
    }

    /// Closes the server's standard input (it then stops) and waits for it, at most 30 s before killing it.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        if ended.wait(timeout: .now() + 30) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
