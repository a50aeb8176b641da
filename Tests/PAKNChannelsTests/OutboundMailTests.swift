import Foundation
import PAKNChannels
import PAKNDomain
import Testing

/// The pure rules of outbound mail: sendmail's exit statuses, who may receive automatic mail, and finding our
/// tracking code in a reply's Message-IDs (channels.md §3.2, §3.4; sysexits.h).
@Suite("Outbound mail rules")
struct OutboundMailTests {
    @Test("sysexits.h: 0 sent; 75/69/74/71/70/73 and signals retried; 67/65/68/64/77/78 final")
    func exitStatuses() {
        #expect(Sendmail.outcome(exitStatus: 0, diagnostic: "") == .sent(providerMessageID: nil))
        for code: Int32 in [69, 70, 71, 73, 74, 75] {
            guard case .retry = Sendmail.outcome(exitStatus: code, diagnostic: "x") else { Issue.record("\(code) should retry"); continue }
        }
        for code: Int32 in [64, 65, 67, 68, 77, 78, 1] {
            guard case .failed = Sendmail.outcome(exitStatus: code, diagnostic: "x") else { Issue.record("\(code) should be final"); continue }
        }
        guard case .retry = Sendmail.outcome(exitStatus: nil, diagnostic: "killed") else { Issue.record("a signal should retry"); return }
        // The citizen's address never reaches a reason (reasons are logged and shown to admins).
        let refused = Sendmail.outcome(exitStatus: 65, diagnostic: "msmtp: recipient address An.Nguyen@example.vn not accepted by the server",
                                       recipient: "an.nguyen@example.vn")
        #expect(refused == .failed(reason: "sendmail 65: msmtp: recipient address [người nhận] not accepted by the server"))
        // A rewritten address the mail system quotes is masked as well.
        guard case .failed(let reason) = Sendmail.outcome(exitStatus: 65, diagnostic: "msmtp: recipient address an.nguyen@mail.example.vn not accepted",
                                                          recipient: "an.nguyen@example.vn") else { Issue.record("65 is final"); return }
        #expect(!reason.contains("an.nguyen"), "\(reason)")
        #expect(Sendmail.arguments(envelopeFrom: "phananh@gialai.gov.vn", recipient: "-oQ/tmp@x.vn")
                == ["-i", "-f", "phananh@gialai.gov.vn", "--", "-oQ/tmp@x.vn"], "a recipient is never read as an option")
    }

    @Test("automatic mail never goes to <>, MAILER-DAEMON, postmaster, no-reply or our own address (RFC 3834 §2)")
    func recipients() {
        let own = ["phananh@gialai.gov.vn"]
        #expect(EmailRecipients.isDeliverable("an.nguyen@example.vn", ownAddresses: own))
        #expect(EmailRecipients.isDeliverable("an+1022@example.vn", ownAddresses: own))
        for refused in ["", "<>", "MAILER-DAEMON@mx.example.vn", "postmaster@example.vn", "no-reply@example.vn",
                        "NoReply+x@example.vn", "PhanAnh@GiaLai.gov.vn", "an nguyen@example.vn", "an@localhost", "@example.vn",
                        "postmaster,evil@attacker.vn", "root;victim@example.vn"] {
            #expect(!EmailRecipients.isDeliverable(refused, ownAddresses: own), "\(refused)")
        }
    }

    @Test("codes in our Message-IDs: pakn.<code>.<random>@<our domain> with a valid check digit only")
    func messageIDCodes() {
        let code = TrackingCode.generate()
        let ours = EmailComposer.messageID(trackingCode: code, domain: "gialai.gov.vn")
        #expect(EmailThreading.trackingCodes(inMessageIDs: [ours], domain: "GiaLai.gov.vn") == [code])
        #expect(EmailThreading.trackingCodes(inMessageIDs: ["<\(ours)>"], domain: "gialai.gov.vn") == [code])
        // Another domain, a broken check digit, or not our shape: nothing.
        let digits = code.digits
        let wrongCheck = String(digits.dropLast()) + String((Int(String(digits.last!))! + 1) % 10)
        #expect(EmailThreading.trackingCodes(inMessageIDs: [ours.replacingOccurrences(of: "gialai.gov.vn", with: "evil.example")],
                                             domain: "gialai.gov.vn").isEmpty)
        #expect(EmailThreading.trackingCodes(inMessageIDs: ["pakn.\(wrongCheck).abc@gialai.gov.vn"], domain: "gialai.gov.vn").isEmpty)
        #expect(EmailThreading.trackingCodes(inMessageIDs: ["CAF=\(digits)@mail.gmail.com"], domain: "gialai.gov.vn").isEmpty)
    }
}
