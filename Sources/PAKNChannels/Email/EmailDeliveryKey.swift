import Crypto
import Foundation

extension EmailMessage {
    /// The key that tells a re-delivery of this mail from a different mail (issue 14): the Message-ID in angle
    /// brackets, then `sha256:` and the hex SHA-256 of what its sender wrote — the From, To, Cc, Subject, Date and
    /// Message-ID fields as sent and the body after the header section — or that digest alone without a Message-ID.
    ///
    /// A re-delivery (the MTA's retry, fetchmail fetching twice, a second hop adding `Received:` and `Delivered-To:`
    /// fields) has the same key; two different mails that reuse one Message-ID (a broken client, one public corpus
    /// does it 29 times in 54) have different keys, so neither is dropped. `raw` is the mail's bytes (RFC 5322).
    public static func deliveryKey(_ raw: [UInt8], parsed message: EmailMessage) -> String {
        var hasher = SHA256()
        for name in ["From", "To", "Cc", "Subject", "Date", "Message-ID"] {
            let value = message.headers[name] ?? ""
            hasher.update(data: Data("\(name.lowercased()):\(value.trimmingCharacters(in: .whitespacesAndNewlines))\n".utf8))
        }
        hasher.update(data: Data("\n".utf8))
        hasher.update(data: bodySection(of: raw))
        let digest = "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
        // The store keeps 255 characters of a key: a very long Message-ID is cut so the digest always stays whole.
        return message.messageID.map { "<\($0.prefix(180))> \(digest)" } ?? digest
    }

    /// The body (`EmailMessage.splitHeaderBody`), with line ends made LF so that a hop that rewrites them changes
    /// nothing.
    static func bodySection(of raw: [UInt8]) -> [UInt8] {
        EmailMessage.splitHeaderBody(raw[...]).1.filter { $0 != 0x0D }
    }
}
