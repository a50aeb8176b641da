import Foundation
import Testing
@testable import PAKNChannels

/// Every file of the vendored mikel/mail corpus (MIT, LICENSE beside it) and of CPython's email test data goes
/// through the parser without crashing (channels.md §3.6, §3.7 item 1); obvious content is asserted.
@Suite struct EmailCorpusTests {
    static let mikel = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mikel-mail")
    static let cpython = URL(fileURLWithPath: "/usr/lib/python3.11/test/test_email/data")

    static func files(under root: URL) -> [URL] {
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return e.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .filter { $0.lastPathComponent != "LICENSE" }
            .sorted { $0.path < $1.path }
    }

    static func parse(_ relative: String) throws -> EmailMessage {
        EmailMessage.parse(Array(try Data(contentsOf: mikel.appendingPathComponent(relative))))
    }

    @Test func everyMikelFileParses() throws {
        let files = Self.files(under: Self.mikel)
        #expect(files.count == 104)  // 105 files in the copy, LICENSE excluded
        for file in files {
            let m = EmailMessage.parse(Array(try Data(contentsOf: file)))
            // Each has a header section, except sample_output_multipart, which is an empty file (0 bytes).
            if file.lastPathComponent == "sample_output_multipart" {
                #expect(m.problems == ["no header fields", "no From header"])
            } else {
                #expect(!m.headers.fields.isEmpty, "\(file.lastPathComponent)")
            }
            #expect(m.text == m.text.precomposedStringWithCanonicalMapping)
        }
    }

    @Test func everyCPythonFileParses() throws {
        let files = Self.files(under: Self.cpython).filter { $0.lastPathComponent.hasPrefix("msg_") }
        guard !files.isEmpty else {
            // Recorded skip: install libpython3.11-testsuite (.ci/run does) to run this corpus.
            print("note: CPython email corpus missing at \(Self.cpython.path); install libpython3.11-testsuite")
            return
        }
        #expect(files.count == 47)
        for file in Self.files(under: Self.cpython) {
            _ = EmailMessage.parse(Array(try Data(contentsOf: file)))
        }
        let m01 = EmailMessage.parse(Array(try Data(contentsOf: Self.cpython.appendingPathComponent("msg_01.txt"))))
        #expect(m01.subject == "This is a test message")
        #expect(m01.from?.address == "bbb@ddd.com")
        let m07 = EmailMessage.parse(Array(try Data(contentsOf: Self.cpython.appendingPathComponent("msg_07.txt"))))
        #expect(m07.attachments.map(\.filename) == ["dingusfish.gif"])
        // GIF signature "GIF89a" or "GIF87a" (GIF89a spec §17).
        #expect(m07.attachments.first.map { Array($0.data.prefix(3)) } == Array("GIF".utf8))
        let m16 = EmailMessage.parse(Array(try Data(contentsOf: Self.cpython.appendingPathComponent("msg_16.txt"))))
        #expect(m16.isAutomatic)
    }

    @Test func plainAndRFCExamples() throws {
        let basic = try Self.parse("plain_emails/basic_email.eml")
        #expect(basic.subject == "Testing 123")
        #expect(basic.from?.address == "test@lindsaar.net")
        #expect(basic.text.hasPrefix("Plain email.\n\nHope it works well!"))
        // RFC 2822 Appendix A.1.1 and A.5 (comments inside the address).
        let a1 = try Self.parse("rfc2822/example01.eml")
        #expect(a1.subject == "Saying Hello")
        #expect(a1.from == EmailAddress(name: "John Doe", address: "jdoe@machine.example"))
        #expect(a1.messageID == "1234@local.machine.example")
        let a6 = try Self.parse("rfc2822/example06.eml")
        #expect(a6.inReplyTo == ["1234@local.machine.example"])
        #expect(a6.references == ["1234@local.machine.example"])
        #expect(try Self.parse("rfc2822/example10.eml").from?.address == "pete@silly.test")
        #expect(try Self.parse("rfc2822/example13.eml").from?.address == "jdoe@machine.example")
        // RFC 6532 UTF-8 header fields.
        let u = try Self.parse("rfc6532/utf8_headers.eml")
        #expect(u.subject == "Säying Hello")
        #expect(u.from?.address == "jdöe@mächine.example")
    }

    @Test func attachmentFilenames() throws {
        #expect(try Self.parse("attachment_emails/attachment_nonascii_filename.eml").attachments.map(\.filename) == ["ciële.txt"])
        let quoted = try Self.parse("attachment_emails/attachment_with_quoted_filename.eml")
        #expect(quoted.subject == "Eelanalüüsi päring")
        #expect(quoted.attachments.map(\.filename) == ["Eelanalüüsi päring.jpg"])
        #expect(try Self.parse("attachment_emails/attachment_with_base64_encoded_name.eml").attachments.map(\.filename)
                == ["This is a test.pdf"])
        #expect(try Self.parse("attachment_emails/attachment_with_unquoted_name.eml").attachments.map(\.filename)
                == ["This is a test.txt"])
        #expect(try Self.parse("attachment_emails/attachment_content_disposition.eml").attachments.map(\.filename) == ["api.rb"])
        let pdf = try Self.parse("attachment_emails/attachment_pdf.eml")
        #expect(pdf.subject == "Another PDF with 🎉 Unicode chars in it 🍿")
        #expect(pdf.attachments.map(\.filename) == ["broken.pdf"])
        #expect(try Self.parse("multi_charset/japanese_attachment.eml").attachments.map(\.filename) == ["てすと.txt"])
        #expect(try Self.parse("mime_emails/raw_email7.eml").attachments.map(\.filename) == ["test.rb", "test.pdf", "smime.p7s"])
    }

    @Test func legacyCharsets() throws {
        let jp = try Self.parse("multi_charset/japanese_iso_2022.eml")
        #expect(jp.subject == "まみむめも")
        #expect(jp.text.hasPrefix("すみません。"))
        #expect(try Self.parse("multi_charset/japanese.eml").subject == "まみむめも")
        #expect(try Self.parse("multi_charset/japanese_shift_jis.eml").text.hasPrefix("あいうえお"))
        // Two ISO-2022-JP words for "テスト" (ESC $ B %F%9%H ESC ( B), decoded one by one.
        #expect(try Self.parse("rfc2822/example14.eml").subject == "Re: TEST \tテストテスト")
    }

    @Test func bouncesAreAutomatic() throws {
        for name in ["multi_address_bounce1.eml", "multi_address_bounce2.eml", "multipart_report_multiple_status.eml",
                     "report_422.eml", "report_530.eml"] {
            #expect(try Self.parse("multipart_report_emails/" + name).isAutomatic, "\(name)")
        }
        #expect(try !Self.parse("plain_emails/raw_email_reply.eml").isAutomatic)
    }
}
