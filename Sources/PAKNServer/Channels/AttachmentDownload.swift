import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import SQLKit
import Vapor

/// Keeps the files citizens send by mail (issue 14: they were kept as name and size only), and downloads the
/// images and files they send on Zalo and Messenger (issue 4 "oversized attachments";
/// channels.md §1.3, §1.10 item 7, §2.3, §2.5 item 8): providers send only a CDN link, which expires, so each
/// `image` or `file` attachment of a stored inbound message gets an `attachment` job at once.
///
/// The job, for attachment *N* of a message:
/// - refuses without a request when the provider's declared size (`attachmentN.size`, bytes) is over
///   `PAKN_CHAT_ATTACHMENT_MAX_BYTES`;
/// - otherwise GETs the URL through ``CappedDownload`` (http(s) only, `Content-Length` checked, then the body counted);
/// - checks the bytes with ``UploadInspector`` (JPEG, PNG, PDF) and strips photo metadata as web uploads do;
/// - stores the file under a new id in the ``AttachmentStore`` (SQLite: `$PAKN_DATA_DIR/attachments/<id>`;
///   PostgreSQL: a content-addressed blob in the database) and records it in the message's details
///   (`attachmentN.status` = `stored`, `attachmentN.file` = the id, `file_type`, `file_bytes`, `file_sha256`,
///   `file_name`). When the message is on a request, an `attachments` row (same id, purpose `message`, not public)
///   puts the file on the case; a message attached later brings its files along (``follow(requestID:on:)``).
///
/// A refused file is `attachmentN.status` = `refused`, a vanished one (4xx, expired link) `lost`, each with a
/// Vietnamese `attachmentN.reason` that the conversation view shows. 5xx, 408, 429, timeouts and network errors are
/// retried with the job back-off (2^n minutes); the last attempt records the file as lost.
enum AttachmentDownload {
    /// Attachment types that are downloaded (Zalo and Messenger `type`).
    static let downloadedTypes: Set<String> = ["image", "file"]
    /// Channels whose attachments are links (downloaded), and e-mail, whose files are in the stored mail itself.
    static let channels: Set<PAKNDomain.Channel> = [.zalo, .messenger, .email]

    /// The payload of an `attachment` job: attachment number `index` of message `messageID`.
    struct Job: Codable, Sendable {
        let messageID: UUID
        let index: Int
    }

    /// Raised when the worker was given no HTTP client (tests and tools that make no network calls): the job is
    /// retried later by a worker that has one.
    struct NoNetwork: Error, CustomStringConvertible {
        var description: String { "no HTTP client in this worker" }
    }

    /// Vietnamese reasons shown to staff.
    enum Reason {
        /// The cap in MB as people read it: "10", or "1,5" for a cap that is not whole mebibytes.
        static func megabytes(_ bytes: Int) -> String {
            let mebibyte = 1024 * 1024
            if bytes % mebibyte == 0 { return String(bytes / mebibyte) }
            return String(format: "%.1f", Double(bytes) / Double(mebibyte)).replacingOccurrences(of: ".", with: ",")
        }
        static func tooLarge(_ maxBytes: Int) -> String { "Tệp vượt quá \(megabytes(maxBytes)) MB" }
        static let notValid = "Không phải ảnh hoặc tài liệu hợp lệ"
        static let badURL = "Địa chỉ tệp không hợp lệ (chỉ nhận http, https)"
        static func gone(_ status: Int) -> String { "Không tải được tệp: liên kết đã hết hạn hoặc không còn (HTTP \(status))" }
        static let gaveUp = "Không tải được tệp sau nhiều lần thử"
    }

    /// Queues one job per downloadable attachment of `record` (an inbound Zalo or Messenger message just created,
    /// so it has its id), keyed `attachment:<message id>:<index>` so a job is never queued twice. Runs inside the
    /// caller's transaction.
    static func enqueue(for record: MessageRecord, details: [String: String], on db: Database, now: Date = Date()) async throws {
        guard channels.contains(record.channel), record.direction == .inbound, let id = record.id else { return }
        for index in indices(details) where record.channel == .email
            || (downloadedTypes.contains(details["attachment\(index).type"] ?? "") && details["attachment\(index).url"] != nil) {
            try await JobQueue.enqueue(kind: .attachment, payload: Job(messageID: id, index: index),
                                       idempotencyKey: "attachment:\(id.uuidString.lowercased()):\(index)", runAt: now, on: db)
        }
    }

    /// Runs one job. Does nothing when the attachment already has a `status` (a job run again after a crash).
    /// `isLastAttempt`: a temporary failure records the file as lost instead of throwing.
    /// Throws ``NoNetwork`` when `networkAllowed` is false, ``CappedDownload/TemporaryFailure`` to be retried.
    static func run(_ job: Job, config: AppConfiguration, networkAllowed: Bool, isLastAttempt: Bool,
                    on db: Database, logger: Logger) async throws {
        guard let message = try await MessageRecord.find(job.messageID, on: db) else { return }
        let details = message.detailFields
        let prefix = "attachment\(job.index)."
        guard details[prefix + "status"] == nil else { return }
        if message.channel == .email {
            // The file is in the stored mail: no download, the same checks and limit as web uploads.
            guard let eventID = message.inboundEventID, let event = try await InboundEvent.find(eventID, on: db) else {
                try await record(job, ["status": "lost", "reason": Reason.gaveUp], on: db)
                return
            }
            let attachments = EmailMessage.parse(Array(event.rawBody)).attachments
            guard job.index < attachments.count else {
                try await record(job, ["status": "lost", "reason": Reason.gaveUp], on: db)
                return
            }
            let attachment = attachments[job.index]
            if attachment.oversized || attachment.size > config.maxAttachmentBytes {
                try await record(job, ["status": "refused", "reason": Reason.tooLarge(config.maxAttachmentBytes)], on: db)
                return
            }
            try await keep(Data(attachment.data), job: job, message: message, cap: config.maxAttachmentBytes, config: config, on: db, logger: logger)
            return
        }
        guard let url = details[prefix + "url"] else { return }
        let cap = try await ChannelConfiguration.effective(base: config.channels, on: db).attachmentMaxBytes
        if let declared = details[prefix + "size"].flatMap(Int64.init), declared > Int64(cap) {
            try await record(job, ["status": "refused", "reason": Reason.tooLarge(cap)], on: db)
            return
        }
        guard networkAllowed else { throw NoNetwork() }
        let outcome: CappedDownload.Outcome
        do {
            outcome = try await CappedDownload.fetch(url, maxBytes: cap, policy: FetchPolicy(allowed: config.fetchAllow))
        } catch let failure as CappedDownload.TemporaryFailure where isLastAttempt {
            logger.warning("attachment \(job.messageID) #\(job.index): \(failure), giving up")
            try await record(job, ["status": "lost", "reason": Reason.gaveUp], on: db)
            return
        }
        switch outcome {
        case .tooLarge:
            try await record(job, ["status": "refused", "reason": Reason.tooLarge(cap)], on: db)
        case .refusedURL:
            try await record(job, ["status": "refused", "reason": Reason.badURL], on: db)
        case .gone(let status):
            try await record(job, ["status": "lost", "reason": Reason.gone(status)], on: db)
        case .body(let data):
            try await keep(data, job: job, message: message, cap: cap, config: config, on: db, logger: logger)
        }
    }

    /// Checks `data` by content (JPEG, PNG, PDF; ``UploadInspector``, metadata stripped) and stores it on the
    /// message (and its case), or records why not.
    static func keep(_ data: Data, job: Job, message: MessageRecord, cap: Int, config: AppConfiguration, on db: Database, logger: Logger) async throws {
        let prefix = "attachment\(job.index)."
        switch await UploadInspector.inspect(data, maxBytes: cap, logger: logger) {
        case .failure(.tooLarge):
            try await record(job, ["status": "refused", "reason": Reason.tooLarge(cap)], on: db)
        case .failure:
            try await record(job, ["status": "refused", "reason": Reason.notValid], on: db)
        case .success(let (kind, clean)):
            let fileID = UUID()
            let store = AttachmentStore(config: config, on: db)
            try await store.write(clean, id: fileID)
            let name = filename(message.detailFields[prefix + "name"], channel: message.channel, index: job.index, kind: kind)
            let fields = ["status": "stored", "file": fileID.uuidString.lowercased(), "file_type": kind.rawValue,
                          "file_bytes": String(clean.count), "file_sha256": hexString(SHA256.hash(data: clean)),
                          "file_name": name]
            do {
                if try await !record(job, fields, on: db) { try? await store.remove(fileID) }
            } catch {
                try? await store.remove(fileID)
                throw error
            }
        }
    }

    /// Writes `fields` (without the `attachmentN.` prefix) into the message's details unless the attachment has a
    /// status already; puts a stored file on the message's request. The message row is locked first on PostgreSQL, so
    /// an operator attaching the message at the same moment either sees the file or is seen by this write.
    /// Returns whether it wrote.
    @discardableResult
    static func record(_ job: Job, _ fields: [String: String], on db: Database) async throws -> Bool {
        try await db.writeTransaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT id FROM messages WHERE id = \(bind: job.messageID) FOR UPDATE").run()
            }
            guard let message = try await MessageRecord.find(job.messageID, on: tx) else { return false }
            var details = message.detailFields
            let prefix = "attachment\(job.index)."
            guard details[prefix + "status"] == nil else { return false }
            for (key, value) in fields { details[prefix + key] = value }
            message.detailFields = details
            try await message.save(on: tx)
            if let requestID = message.requestID { try await createRows(for: message, requestID: requestID, on: tx) }
            return true
        }
    }

    /// Puts the stored files of every inbound message on `requestID` on the case (an `attachments` row per file, id =
    /// the file's id), for the messages that had no request when their files arrived. Idempotent; runs inside the
    /// caller's transaction (``ChannelInbox/attach(_:to:on:)``).
    static func follow(requestID: UUID, on db: Database) async throws {
        let messages = try await MessageRecord.query(on: db).filter(\.$requestID == requestID)
            .filter(\.$direction == .inbound).all()
        for message in messages where message.details?.contains(".file\"") == true {
            try await createRows(for: message, requestID: requestID, on: db)
        }
    }

    /// An `attachments` row for each stored file of `message` that has none yet.
    private static func createRows(for message: MessageRecord, requestID: UUID, on db: Database) async throws {
        let details = message.detailFields
        for index in indices(details) {
            let prefix = "attachment\(index)."
            guard details[prefix + "status"] == "stored", let id = details[prefix + "file"].flatMap(UUID.init(uuidString:)),
                  try await Attachment.find(id, on: db) == nil else { continue }
            let row = Attachment()
            row.id = id
            row.requestID = requestID
            row.purpose = .message
            row.filename = details[prefix + "file_name"] ?? "tep"
            row.contentType = details[prefix + "file_type"] ?? "application/octet-stream"
            row.byteCount = details[prefix + "file_bytes"].flatMap(Int.init) ?? 0
            row.sha256 = details[prefix + "file_sha256"] ?? ""
            row.isPublic = false
            try await row.create(on: db)
        }
    }

    /// One line per attachment for the conversation view: its kind and name, and what became of it
    /// (e.g. "Ảnh: đã lưu vào hồ sơ", "Tệp “Don.pdf”: Tệp vượt quá 10 MB").
    static func notes(_ json: String?) -> [String] {
        let details = MessageRecord.decodeDetails(json)
        return indices(details).compactMap { index in
            let prefix = "attachment\(index)."
            let type = details[prefix + "type"] ?? ""
            // Chats say "image" or "file"; a mail gives the part's media type ("image/png").
            guard downloadedTypes.contains(type) || type.contains("/") else { return nil }
            let label = type == "image" || type.hasPrefix("image/") ? "Ảnh" : "Tệp" + (details[prefix + "name"].map { " “\($0)”" } ?? "")
            switch details[prefix + "status"] {
            case "stored": return "\(label): đã lưu (\(details[prefix + "file_name"] ?? ""))"
            case "refused", "lost": return "\(label): \(details[prefix + "reason"] ?? "không tải được")"
            default: return "\(label): đang tải về"
            }
        }
    }

    /// The attachment numbers present in `details` (keys `attachmentN.…`), ascending.
    static func indices(_ details: [String: String]) -> [Int] {
        let numbers = details.keys.compactMap { key -> Int? in
            guard key.hasPrefix("attachment"), let dot = key.firstIndex(of: ".") else { return nil }
            return Int(key[key.index(key.startIndex, offsetBy: 10)..<dot])
        }
        return Array(Set(numbers)).sorted()
    }

    /// A file name to show: the provider's name without folders or control characters (at most 120 characters), or
    /// `zalo-1.jpg` style when there is none; the extension follows the detected type.
    static func filename(_ provided: String?, channel: PAKNDomain.Channel, index: Int, kind: UploadInspector.Kind) -> String {
        let base = (provided ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        if clean.isEmpty || clean.hasPrefix(".") { return "\(channel.rawValue)-\(index + 1).\(kind.fileExtension)" }
        return String(clean.prefix(120))
    }

}
