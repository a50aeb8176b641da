// Channel ingestion benchmark (issue 4: "raw messages parsed and stored per second for a mixed set of emails and
// webhook events"), through the server's own code paths on a real, migrated database:
//   (a) raw store: what happens before the provider gets its 200 (webhooks through the application's responder:
//       routing, middleware, signature check, decoding, `inbound_events` row and `inbound` job; e-mail through
//       `MailReceiver.receive`, as `pakn mail receive` does);
//   (b) processing: the job worker turning the stored events into `messages` rows;
//   (c) end to end: a fresh set stored while the worker runs alongside, until the last message exists.
// The mix, repeated: 4 e-mails (the mikel/mail corpus in Tests/PAKNChannelsTests/Fixtures, and generated Vietnamese
// mail in UTF-8 base64, UTF-8 quoted-printable and windows-1258), 3 Zalo `user_send_text` events and 3 Messenger
// batches (2 entries × 2 messages, non-ASCII escaped as Meta sends it), every one correctly signed.
//
// Run: swift run -c release pakn-bench-channels [--count N] [--postgres URL] [--corpus DIR]
//   --count N       deliveries per phase (default 2000)
//   --postgres URL  a PostgreSQL server where the user may create databases (as PAKN_TEST_POSTGRES_URL): the
//                   benchmark creates a throwaway database there and drops it after; default: a temporary SQLite file
import Fluent
import FluentPostgresDriver
import Foundation
import PAKNChannels
import PAKNServer
import Vapor

// MARK: - Options

struct Options {
    var count = 2000
    var postgresURL: String?
    var corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/PAKNChannelsTests/Fixtures/mikel-mail")

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case "--count":
                guard let n = rest.popFirst().flatMap(Int.init), n > 0 else { usage() }
                options.count = n
            case "--postgres":
                guard let url = rest.popFirst() else { usage() }
                options.postgresURL = url
            case "--corpus":
                guard let path = rest.popFirst() else { usage() }
                options.corpus = URL(fileURLWithPath: path)
            default:
                usage()
            }
        }
        return options
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("usage: pakn-bench-channels [--count N] [--postgres URL] [--corpus DIR]\n".utf8))
        exit(64)
    }
}

// MARK: - The mix

let zaloAppID = "1234567890"
let zaloSecret = "bench-oa-secret"
let messengerSecret = "bench-app-secret"

/// One provider delivery: an e-mail on standard input, or a signed webhook POST.
struct Delivery: Sendable {
    enum Kind: String, Sendable { case email, zalo, messenger }
    let kind: Kind
    let body: [UInt8]
    let headers: HTTPHeaders
}

/// Vietnamese texts for generated messages (NFC).
let texts = [
    "Đường Lê Lợi bị ngập sâu sau cơn mưa, đề nghị khơi thông cống thoát nước.",
    "Đèn đường tổ 5 phường Quy Nhơn hỏng đã hai tuần, buổi tối rất tối và nguy hiểm.",
    "Rác thải tồn đọng ở chợ Phú Thọ, bốc mùi hôi thối ảnh hưởng người dân xung quanh.",
    "Cây xanh trên đường Nguyễn Huệ nghiêng, có nguy cơ đổ khi có gió lớn.",
    "Ổ gà lớn trước trường tiểu học, học sinh đi xe đạp dễ té ngã.",
]

/// windows-1258 (Vietnamese): precomposed base letters (â ê ô ơ ư ă đ) plus combining tone marks, as Outlook and
/// old Vietnamese mail clients send it (channels.md §3.3). Only the characters of `texts` and ASCII are needed.
func windows1258(_ text: String) -> [UInt8] {
    let letters: [String: UInt8] = ["â": 0xE2, "Â": 0xC2, "ê": 0xEA, "Ê": 0xCA, "ô": 0xF4, "Ô": 0xD4, "ă": 0xE3, "Ă": 0xC3,
                                    "ơ": 0xF5, "Ơ": 0xD5, "ư": 0xFD, "Ư": 0xDD, "đ": 0xF0, "Đ": 0xD0]
    let tones: [UInt32: UInt8] = [0x300: 0xCC, 0x301: 0xEC, 0x303: 0xDE, 0x309: 0xD2, 0x323: 0xF2]
    var out: [UInt8] = []
    for character in text {
        let scalars = Array(String(character).decomposedStringWithCanonicalMapping.unicodeScalars)
        let shape = scalars.filter { tones[$0.value] == nil }
        let base = String(String.UnicodeScalarView(shape)).precomposedStringWithCanonicalMapping
        if let byte = letters[base] {
            out.append(byte)
        } else if base.unicodeScalars.count == 1, let scalar = base.unicodeScalars.first, scalar.isASCII {
            out.append(UInt8(scalar.value))
        } else {
            out.append(UInt8(ascii: "?"))
        }
        for scalar in scalars { if let tone = tones[scalar.value] { out.append(tone) } }
    }
    return out
}

/// Quoted-printable (RFC 2045 §6.7) of bytes, lines at most 76 characters.
func quotedPrintable(_ bytes: [UInt8]) -> String {
    var out = ""
    var line = 0
    for byte in bytes {
        let piece = (byte >= 33 && byte <= 126 && byte != 61) || byte == 32 ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
        if line + piece.count > 75 { out += "=\r\n"; line = 0 }
        out += piece
        line += piece.count
    }
    return out
}

/// Generated Vietnamese mail number `i` in one of three encodings (`variant` % 3 = 0: UTF-8 base64, 1: UTF-8 QP,
/// 2: windows-1258 QP).
func vietnameseMail(_ i: Int, variant: Int, tag: String) -> [UInt8] {
    let text = texts[i % texts.count]
    let subject = "Phản ánh số \(i): " + String(text.prefix(30))
    let name = "Nguyễn Văn An"
    var head = "From: =?UTF-8?B?\(Data(name.utf8).base64EncodedString())?= <an\(i % 97)@example.vn>\r\n"
    head += "To: phananh@1022.local\r\nDate: Tue, 3 Mar 2026 08:00:00 +0700\r\nMessage-ID: <bench-\(tag)-\(i)@bench.1022.local>\r\nMIME-Version: 1.0\r\n"
    switch variant % 3 {
    case 0:
        head += "Subject: =?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?=\r\n"
        head += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        return Array((head + Data((text + "\n\nXin cảm ơn.").utf8).base64EncodedString(options: .lineLength76Characters) + "\r\n").utf8)
    case 1:
        head += "Subject: =?UTF-8?Q?\(quotedPrintable(Array(subject.utf8)).replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "=\r\n", with: ""))?=\r\n"
        head += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        return Array((head + quotedPrintable(Array((text + "\n\nXin cảm ơn.").utf8)) + "\r\n").utf8)
    default:
        head += "Subject: =?windows-1258?Q?\(quotedPrintable(windows1258(subject)).replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "=\r\n", with: ""))?=\r\n"
        head += "Content-Type: text/plain; charset=windows-1258\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        return Array((head + quotedPrintable(windows1258(text + "\n\nXin cảm ơn.")) + "\r\n").utf8)
    }
}

/// A corpus mail with its Message-ID replaced by one unique to this delivery (so it is not a duplicate).
func corpusMail(_ raw: [UInt8], i: Int, tag: String) -> [UInt8] {
    let crlf = raw.count > 1 && zip(raw, raw.dropFirst()).contains { $0 == 13 && $1 == 10 }
    let newline = crlf ? "\r\n" : "\n"
    var lines = String(decoding: raw, as: UTF8.self).components(separatedBy: newline)
    var index = 0
    var droppingContinuation = false
    while index < lines.count, !lines[index].isEmpty {
        let line = lines[index]
        if line.lowercased().hasPrefix("message-id:") || (droppingContinuation && (line.hasPrefix(" ") || line.hasPrefix("\t"))) {
            lines.remove(at: index)
            droppingContinuation = true
        } else {
            droppingContinuation = false
            index += 1
        }
    }
    return Array(("Message-ID: <corpus-\(tag)-\(i)@bench.1022.local>" + newline + lines.joined(separator: newline)).utf8)
}

/// JSON string content with every non-ASCII character as `\uXXXX` (lowercase hex), as Meta sends it (channels.md §2.3).
func escapedJSON(_ text: String) -> String {
    text.utf16.map { $0 < 0x80 ? String(UnicodeScalar(UInt8($0))) : String(format: "\\u%04x", $0) }.joined()
}

func zaloDelivery(_ i: Int, tag: String) -> Delivery {
    let body = Array(#"{"app_id":"\#(zaloAppID)","user_id_by_app":"5521772797175877300","event_name":"user_send_text","timestamp":"\#(1_772_500_000_000 + i)","sender":{"id":"\#(2_468_458_835_291_979_000 + i % 211)"},"recipient":{"id":"3886132808788086450"},"message":{"msg_id":"z-\#(tag)-\#(i)","text":"\#(texts[i % texts.count])"}}"#.utf8)
    return Delivery(kind: .zalo, body: body,
                    headers: ["Content-Type": "application/json", "X-ZEvent-Signature": ZaloSignature.headerValue(rawBody: body, oaSecretKey: zaloSecret)!])
}

func messengerDelivery(_ i: Int, tag: String) -> Delivery {
    func event(_ n: Int) -> String {
        #"{"sender":{"id":"PSID-\#((i + n) % 173)"},"recipient":{"id":"PAGE"},"timestamp":\#(1_772_500_000_000 + i * 4 + n),"message":{"mid":"m-\#(tag)-\#(i)-\#(n)","text":"\#(escapedJSON(texts[(i + n) % texts.count]))"}}"#
    }
    let body = Array(#"{"object":"page","entry":[{"id":"PAGE","time":\#(1_772_500_000_000 + i),"messaging":[\#(event(0)),\#(event(1))]},{"id":"PAGE","time":\#(1_772_500_000_001 + i),"messaging":[\#(event(2)),\#(event(3))]}]}"#.utf8)
    return Delivery(kind: .messenger, body: body,
                    headers: ["Content-Type": "application/json", "X-Hub-Signature-256": MessengerSignature.headerValue(rawBody: body, appSecret: messengerSecret)])
}

/// `count` deliveries, ids unique to `tag`: per 10, 4 e-mails (corpus and generated alternately), 3 Zalo, 3 Messenger.
func deliveries(count: Int, tag: String, corpus: [[UInt8]]) -> [Delivery] {
    (0..<count).map { i in
        switch i % 10 {
        case 0, 2:
            if corpus.isEmpty { return Delivery(kind: .email, body: vietnameseMail(i, variant: i / 2, tag: tag), headers: [:]) }
            return Delivery(kind: .email, body: corpusMail(corpus[(i / 10 * 2 + i % 10 / 2) % corpus.count], i: i, tag: tag), headers: [:])
        case 1, 3:
            return Delivery(kind: .email, body: vietnameseMail(i, variant: i / 2, tag: tag), headers: [:])
        case 4, 5, 6:
            return zaloDelivery(i, tag: tag)
        default:
            return messengerDelivery(i, tag: tag)
        }
    }
}

func loadCorpus(_ directory: URL) -> [[UInt8]] {
    guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
    var files: [[UInt8]] = []
    for case let url as URL in walker where url.lastPathComponent != "LICENSE" {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
              let data = try? Data(contentsOf: url), !data.isEmpty else { continue }
        files.append(Array(data))
    }
    return files.sorted { $0.count < $1.count }
}

// MARK: - Measuring

/// Peak resident set size of this process, in KiB (`VmHWM` in /proc/self/status; 0 where there is none).
func peakRSSKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

struct Row {
    let phase: String
    let items: Int
    let unit: String
    let elapsed: Double
    let peakKiB: Int
}

/// Sends one delivery the way it arrives in production. Returns false when it was refused.
func deliver(_ delivery: Delivery, app: Application, mailMaxBytes: Int) async throws -> Bool {
    switch delivery.kind {
    case .email:
        let outcome = await MailReceiver.receive(delivery.body, recipient: "phananh@1022.local", maxBytes: mailMaxBytes,
                                                 on: app.db, logger: app.logger)
        return outcome == .stored
    case .zalo, .messenger:
        let request = Request(application: app, method: .POST, url: URI(path: "/webhooks/\(delivery.kind.rawValue)"),
                              headers: delivery.headers, collectedBody: ByteBuffer(bytes: delivery.body),
                              logger: app.logger, on: app.eventLoopGroup.any())
        let response = try await app.responder.respond(to: request).get()
        return response.status == .ok
    }
}

/// Runs the job worker until no job is due; returns the passes made.
@discardableResult
func drain(_ app: Application) async throws -> Int {
    var passes = 0
    while try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration) > 0 { passes += 1 }
    return passes
}

// MARK: - Run

/// Everything the benchmark does, from the options to the printed table.
func runBenchmark() async throws {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .error
        return handler
    }
    let options = Options.parse(CommandLine.arguments)
    let corpus = loadCorpus(options.corpus)
    if corpus.isEmpty { FileHandle.standardError.write(Data("warning: no corpus at \(options.corpus.path); generated mail only\n".utf8)) }

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-bench-\(UUID().uuidString)")
    var config = AppConfiguration(dataDirectory: directory)
    config.channels.zaloAppID = zaloAppID
    config.channels.zaloOASecretKey = zaloSecret
    config.channels.messengerAppSecret = messengerSecret
    config.runJobsInProcess = false

    /// A throwaway PostgreSQL database on the given server: (its URL, the statement that drops it).
    var dropStatement: String?
    if let admin = options.postgresURL {
        guard var components = URLComponents(string: admin) else { Options.usage() }
        let name = "pakn_bench_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
        let adminApp = try await Application.make(.init(name: "bench", arguments: ["bench"]))
        var adminConfig = AppConfiguration(dataDirectory: directory, databaseURL: admin)
        adminConfig.runJobsInProcess = false
        try await configure(adminApp, adminConfig)
        try await (adminApp.db as! any SQLDatabase).raw("CREATE DATABASE \(unsafeRaw: name)").run()
        try await adminApp.asyncShutdown()
        components.path = "/" + name
        config.databaseURL = components.string
        dropStatement = "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"
    }

    let app = try await Application.make(.init(name: "bench", arguments: ["bench"]))
    var rows: [Row] = []
    do {
        try await configure(app, config)
        try await app.autoMigrate()
        try await app.asyncBoot()
        let mailMax = config.channels.mailMaxBytes
        let database = config.databaseURL == nil ? "SQLite (temporary file)" : "PostgreSQL (throwaway database)"
        print("pakn-bench-channels: \(options.count) deliveries per phase, \(corpus.count) corpus mails, \(database)")

        // (a) raw store, then (b) processing of what was stored.
        let first = deliveries(count: options.count, tag: "a\(UUID().uuidString.prefix(6))", corpus: corpus)
        let clock = ContinuousClock()
        var refused = 0
        let storeTime = try await clock.measure {
            for delivery in first where try await !deliver(delivery, app: app, mailMaxBytes: mailMax) { refused += 1 }
        }
        rows.append(Row(phase: "(a) raw store (before the 200)", items: first.count, unit: "deliveries", elapsed: seconds(storeTime), peakKiB: peakRSSKiB()))
        let before = try await MessageRecord.query(on: app.db).count()
        let processTime = try await clock.measure { try await drain(app) }
        let made = try await MessageRecord.query(on: app.db).count() - before
        rows.append(Row(phase: "(b) processing into messages", items: made, unit: "messages", elapsed: seconds(processTime), peakKiB: peakRSSKiB()))
        // Sanity: the generated Vietnamese mails (base64, QP, windows-1258) came out as the same NFC text.
        let generated = first.indices.filter { $0 % 10 == 1 || $0 % 10 == 3 }.count
        let decoded = try await MessageRecord.query(on: app.db).filter(\.$channel == .email).filter(\.$body ~~ "Xin cảm ơn.").count()

        // (c) end to end: a fresh set delivered while the worker runs alongside.
        let second = deliveries(count: options.count, tag: "c\(UUID().uuidString.prefix(6))", corpus: corpus)
        let before2 = try await MessageRecord.query(on: app.db).count()
        let endToEnd = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                let done = ManagedAtomicFlag()
                group.addTask {
                    for delivery in second { _ = try await deliver(delivery, app: app, mailMaxBytes: mailMax) }
                    done.set()
                }
                group.addTask {
                    while !done.isSet { if try await drain(app) == 0 { try await Task.sleep(for: .milliseconds(2)) } }
                    try await drain(app)
                }
                try await group.waitForAll()
            }
        }
        let made2 = try await MessageRecord.query(on: app.db).count() - before2
        rows.append(Row(phase: "(c) end to end (stored + processed)", items: made2, unit: "messages", elapsed: seconds(endToEnd), peakKiB: peakRSSKiB()))

        let kinds = Dictionary(grouping: first, by: \.kind).mapValues(\.count)
        print("mix per phase: \(kinds[.email] ?? 0) e-mails, \(kinds[.zalo] ?? 0) Zalo events, \(kinds[.messenger] ?? 0) Messenger batches (4 messages each); refused: \(refused)")
        print("(auto-replies, bounces and unparseable corpus mail are stored but make no message); generated Vietnamese mails read back: \(decoded)/\(generated)")
        print("")
        print("phase                                  items        unit    seconds     per second    µs each   peak RSS")
        for row in rows {
            let perSecond = Double(row.items) / max(row.elapsed, 1e-9)
            let micros = row.elapsed * 1e6 / Double(max(row.items, 1))
            print(row.phase.padding(toLength: 36, withPad: " ", startingAt: 0)
                  + String(format: "%9d", row.items) + " " + row.unit.leftPadded(11)
                  + String(format: "%11.3f %14.0f %10.0f %7d MiB", row.elapsed, perSecond, micros, row.peakKiB / 1024))
        }
        try await app.asyncShutdown()
    } catch {
        try? await app.asyncShutdown()
        FileHandle.standardError.write(Data("pakn-bench-channels: \(error)\n".utf8))
        try? FileManager.default.removeItem(at: directory)
        exit(1)
    }
    try? FileManager.default.removeItem(at: directory)
    if let dropStatement, let admin = options.postgresURL {
        let adminApp = try await Application.make(.init(name: "bench", arguments: ["bench"]))
        try await configure(adminApp, AppConfiguration(dataDirectory: directory, databaseURL: admin))
        try await (adminApp.db as! any SQLDatabase).raw("\(unsafeRaw: dropStatement)").run()
        try await adminApp.asyncShutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}

try await runBenchmark()

/// A flag set once by one task and read by another.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
