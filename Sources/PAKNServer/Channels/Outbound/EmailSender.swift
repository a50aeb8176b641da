import Foundation
import PAKNChannels
import PAKNDomain
import Subprocess
import SystemPackage
import Vapor

/// E-mail through the system's sendmail interface (msmtp or Postfix; issue 4 e-mail "Outbound"), one process per
/// message: `<PAKN_SENDMAIL> -i -f <from> -- <to>` with the message composed by ``EmailComposer`` on standard
/// input, mapped by ``Sendmail/outcome(exitStatus:diagnostic:)``. A command that cannot start, or runs longer than
/// ``timeout``, is `.retry`. The Message-ID is ours, so the sent record and the citizen's reply find each other.
struct EmailSender: ChannelSender {
    /// The sendmail command and its own options (`PAKN_SENDMAIL`, split on spaces).
    let command: [String]
    /// Our From mailbox (`PAKN_MAIL_FROM`).
    let from: EmailAddress
    /// Longest a sendmail run may take, in seconds, before it is stopped and the message retried later.
    var timeout: Double = 60
    var channel: PAKNDomain.Channel { .email }

    /// Composes `message` (its `email` headers are required) and pipes it to sendmail.
    func send(_ message: OutboundMessage, client: any Client, now: Date) async -> DeliveryOutcome {
        guard let mail = message.email else { return .failed(reason: "email: thiếu tiêu đề thư") }
        let bytes = EmailComposer.compose(from: from, to: EmailAddress(address: message.recipient), subject: mail.subject,
                                          body: message.text, messageID: mail.messageID, inReplyTo: mail.inReplyTo,
                                          references: mail.inReplyTo.map { [$0] } ?? [], automatic: mail.automatic, date: now)
        return await pipe(bytes, to: message.recipient)
    }

    /// Runs sendmail once with `bytes` on standard input.
    func pipe(_ bytes: [UInt8], to recipient: String) async -> DeliveryOutcome {
        guard let program = command.first else { return .failed(reason: "chưa cấu hình lệnh gửi thư") }
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        let arguments = Arguments(Array(command.dropFirst()) + Sendmail.arguments(envelopeFrom: from.address, recipient: recipient))
        let limit = timeout
        do {
            return try await withThrowingTaskGroup(of: DeliveryOutcome.self) { group in
                group.addTask {
                    let result = try await Subprocess.run(executable, arguments: arguments, input: .array(bytes),
                                                          output: .string(limit: 64 * 1024), error: .string(limit: 64 * 1024))
                    let diagnostic = result.standardError + result.standardOutput
                    switch result.terminationStatus {
                    case .exited(let code): return Sendmail.outcome(exitStatus: Int32(code), diagnostic: diagnostic, recipient: recipient)
                    default: return Sendmail.outcome(exitStatus: nil, diagnostic: diagnostic, recipient: recipient)
                    }
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(limit * 1_000_000_000))
                    return .retry(reason: "sendmail: quá \(Int(limit)) giây")
                }
                let first = try await group.next() ?? .retry(reason: "sendmail: không có kết quả")
                group.cancelAll()
                return first
            }
        } catch {
            return .retry(reason: "sendmail: không chạy được \(program): \(error)")
        }
    }
}
