import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// `pakn mail receive`: one RFC 5322 message on standard input, as an MTA `pipe` (Postfix) or `mda` (fetchmail)
/// delivers it (issue 4 channel 2; channels.md §3.1). The raw bytes are stored first in `inbound_events`, keyed by
/// the Message-ID and a digest of what the sender wrote (`EmailMessage.deliveryKey`) so a re-delivery is idempotent
/// and a different mail reusing a Message-ID is kept; an `inbound` job then
/// turns a citizen's mail into a message (attached to a request by the tracking code in the subject, otherwise left
/// in the intake queue `/quan-tri/kenh`). Auto-replies and bounces (RFC 3834, RFC 3464) are stored as `ignored`.
///
/// Exit status (sysexits.h, Redmine's `rdm-mailhandler` mapping): 0 stored (duplicates, bounces and unparseable mail
/// included); 65 `EX_DATAERR` for empty or over-size input; 75 `EX_TEMPFAIL` when storage is unavailable, so the MTA
/// retries later.
public enum MailReceiver {
    /// What `receive` did, as the process exit status an MTA reads.
    public enum Outcome: Int32, Equatable, Sendable {
        /// 0: stored (new, duplicate, bounce, auto-reply or unparseable).
        case stored = 0
        /// 65 `EX_DATAERR`: empty, or larger than `maxBytes`.
        case dataError = 65
        /// 75 `EX_TEMPFAIL`: the database is unavailable; the MTA keeps the mail and retries.
        case tempFail = 75
    }

    /// Stores the raw bytes of one mail (RFC 5322) in `inbound_events` with an `inbound` job, exactly what
    /// `pakn mail receive` does before it exits: keyed by `EmailMessage.deliveryKey` (`<Message-ID> sha256:<hex>`),
    /// so a re-delivery stores nothing new and a different mail with the same Message-ID is stored too; auto-replies and bounces as `ignored`. `maxBytes` in bytes
    /// (`PAKN_MAIL_MAX_BYTES`); `recipient` is kept as the `x-envelope-recipient` header. Never throws: failures are
    /// the ``Outcome``. Public for `pakn-bench-channels`.
    public static func receive(_ raw: [UInt8], recipient: String?, maxBytes: Int, on db: Database,
                        logger: Logger, now: Date = Date()) async -> Outcome {
        guard !raw.isEmpty, raw.count <= maxBytes else {
            logger.warning("mail receive: refused input", metadata: ["bytes": "\(raw.count)"])
            return .dataError
        }
        let message = EmailMessage.parse(raw)
        let key = EmailMessage.deliveryKey(raw, parsed: message)
        var headers = HTTPHeaders()
        if let recipient { headers.add(name: "x-envelope-recipient", value: recipient) }
        do {
            // A bounce of our own mail is processed (it marks that mail failed); other automatic mail is ignored.
            let bounce = DeliveryReport.failure(in: message) != nil
            _ = try await InboundStore.store(channel: .email, providerEventID: key, headers: headers, rawBody: raw,
                                             status: message.isAutomatic && !bounce ? .ignored : .received, on: db, now: now)
            return .stored
        } catch {
            logger.error("mail receive: storage unavailable", metadata: ["error": "\(String(describing: type(of: error)))"])
            return .tempFail
        }
    }
}

/// `pakn mail receive [--recipient ADDRESS]` (see `MailReceiver`).
struct MailCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "receive") var action: String
        @Option(name: "recipient", help: "The envelope recipient (Postfix ${recipient}).") var recipient: String?
    }
    var help: String { "Nhận một thư từ MTA trên stdin / Receive one mail on standard input (exit 0, 65, 75)." }
    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "receive" else {
            FileHandle.standardError.write(Data("usage: pakn mail receive [--recipient ADDRESS]\n".utf8))
            exit(64)  // EX_USAGE
        }
        let raw = Array(FileHandle.standardInput.readDataToEndOfFile())
        let app = context.application
        // The admin's limit when the database answers; otherwise the environment's (storing then fails with 75).
        let channels = (try? await ChannelConfiguration.effective(base: app.paknConfiguration.channels, on: app.db)) ?? app.paknConfiguration.channels
        let outcome = await MailReceiver.receive(raw, recipient: signature.recipient,
                                                 maxBytes: channels.mailMaxBytes,
                                                 on: app.db, logger: app.logger)
        if outcome != .stored { try? await app.asyncShutdown(); exit(outcome.rawValue) }
    }
}
