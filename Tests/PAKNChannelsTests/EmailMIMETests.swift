import Foundation
import PAKNDomain
import Testing
@testable import PAKNChannels

private func message(_ text: String) -> EmailMessage {
    EmailMessage.parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
}

/// RFC 2047 encoded-words, channels.md §3.3 and §3.7 item 2.
@Suite struct RFC2047Tests {
    @Test func channelsDocSampleMixesBAndQWords() {
        // channels.md §3.3: one header mixing a B word and a Q word, folded onto two lines.
        let m = message("""
        From: =?utf-8?q?Nguy=E1=BB=85n_V=C4=83n?= An <an.nguyen@example.vn>
        Subject: =?utf-8?b?UGjhuqNuIMOhbmg6IMSRxrDhu51uZyBMw6ogTOG7o2kgYuG7iyBuZw==?=
         =?utf-8?q?=E1=BA=ADp?= [#123-456-7894]

        x
        """)
        #expect(m.subject == "Phản ánh: đường Lê Lợi bị ngập [#123-456-7894]")
        #expect(m.from == EmailAddress(name: "Nguyễn Văn An", address: "an.nguyen@example.vn"))
    }

    @Test func ownVietnameseSubjectInBase64() {
        #expect(RFC2047.decode("=?UTF-8?B?xJDhu4Egbmdo4buLIHPhu61hIMSRw6huIGNoaeG6v3Ugc8OhbmcgxJHGsOG7nW5nIFRy4bqnbiBQaMO6?=")
                == "Đề nghị sửa đèn chiếu sáng đường Trần Phú")
    }

    @Test func splitMultiByteCharacterAcrossWordsIsJoined() {
        // "Xin chào Vi" + first two bytes of "ệ" (E1 BB) | last byte 87 + "t Nam": RFC 2047 §5 forbids it, mailers do it.
        #expect(RFC2047.decode("=?utf-8?B?WGluIGNow6BvIFZp4bs=?= =?utf-8?B?h3QgTmFt?=") == "Xin chào Việt Nam")
    }

    @Test func whitespaceRulesOfSection6_2() {
        // RFC 2047 §8 examples.
        #expect(RFC2047.decode("(=?ISO-8859-1?Q?a?=)") == "(a)")
        #expect(RFC2047.decode("(=?ISO-8859-1?Q?a?= b)") == "(a b)")
        #expect(RFC2047.decode("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)") == "(ab)")
        #expect(RFC2047.decode("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)") == "(ab)")
        #expect(RFC2047.decode("(=?ISO-8859-1?Q?a_b?=)") == "(a b)")
        #expect(RFC2047.decode("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)") == "(a b)")
        // RFC 2047 §8 first example: Keith Moore's name in ISO-8859-1.
        #expect(RFC2047.decode("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>") == "Keld Jørn Simonsen <keld@dkuug.dk>")
        // RFC 2231 §5 language suffix.
        #expect(RFC2047.decode("=?US-ASCII*EN?Q?Keith_Moore?=") == "Keith Moore")
    }

    @Test func malformedWordsStayAsTheyAre() {
        #expect(RFC2047.decode("=?utf-8?X?abc?=") == "=?utf-8?X?abc?=")
        #expect(RFC2047.decode("=?utf-8?B?unterminated") == "=?utf-8?B?unterminated")
        #expect(RFC2047.decode("a =? b") == "a =? b")
    }

    @Test func windows1258WordIsNFC() {
        // "Việt" in windows-1258: V i 0xEA (ê) 0xF2 (combining dot below) t → NFC U+1EC7.
        let decoded = RFC2047.decode("=?windows-1258?Q?Vi=EA=F2t?=")
        #expect(decoded == "Việt")
        #expect(decoded.unicodeScalars.count == 4)
        #expect(decoded.unicodeScalars.map(\.value) == [0x56, 0x69, 0x1EC7, 0x74])
    }
}

/// RFC 2231 parameters and RFC 2045 Content-Type parsing.
@Suite struct MIMEParameterTests {
    @Test func rfc2231ExtendedFilename() {
        let v = MIMEParameterizedValue.parse("attachment;\r\n filename*=utf-8''%E1%BA%A2nh%20hi%E1%BB%87n%20tr%C6%B0%E1%BB%9Dng.png")
        #expect(v.value == "attachment")
        #expect(v.parameters["filename"] == "Ảnh hiện trường.png")
    }

    @Test func rfc2231ContinuationsWithCharset() {
        // RFC 2231 §4.1: only the first section carries charset'language'; later unencoded sections are literal.
        let v = MIMEParameterizedValue.parse(
            "attachment; filename*0*=utf-8'vi'%E1%BA%A2nh%20hi; filename*1*=%E1%BB%87n%20tr%C6%B0%E1%BB%9Dng; filename*2=\".png\"")
        #expect(v.parameters["filename"] == "Ảnh hiện trường.png")
        // RFC 2231 §3 example.
        let url = MIMEParameterizedValue.parse(
            "message/external-body; access-type=URL;\r\n URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"")
        #expect(url.parameters["url"] == "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar")
        #expect(url.parameters["access-type"] == "URL")
        // RFC 2231 §4 example.
        let title = MIMEParameterizedValue.parse("application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A")
        #expect(title.parameters["title"] == "This is ***fun***")
    }

    @Test func rfc2047InsideQuotedFilenameAndQuotedPairs() {
        let v = MIMEParameterizedValue.parse("attachment; filename=\"=?UTF-8?B?xJDGoW4ga2hp4bq/dSBu4bqhaS5wZGY=?=\"")
        #expect(v.parameters["filename"] == "Đơn khiếu nại.pdf")
        let q = MIMEParameterizedValue.parse("text/plain; charset=\"utf-8\"; name=\"a\\\"b.txt\"")
        #expect(q.value == "text/plain")
        #expect(q.parameters["charset"] == "utf-8")
        #expect(q.parameters["name"] == "a\"b.txt")
    }

    @Test func filenameIsSanitised() {
        #expect(EmailMessage.sanitize("../../etc/passwd") == "....etcpasswd")
        #expect(EmailMessage.sanitize("a\\b\u{0}c.txt") == "abc.txt")
        #expect(EmailMessage.sanitize(String(repeating: "x", count: 400))?.count == 255)
        #expect(EmailMessage.sanitize("  ") == nil)
    }
}

/// Whole messages: transfer encodings, charsets, multipart, Vietnamese text.
@Suite struct EmailMessageTests {
    @Test func utf8Base64Body() {
        let m = message("""
        From: Tran Thi B <b.tran@example.vn>
        Subject: test
        Message-ID: <abc.123@example.vn>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=UTF-8
        Content-Transfer-Encoding: base64

        S8OtbmggZ+G7rWkgVUJORCBwaMaw4budbmcsCsSQw6huIMSRxrDhu51uZyB0csaw4bubYyBuaMOg
        IHPhu5EgNSBi4buLIGjhu49uZyDEkcOjIGhhaSB0deG6p24u
        """)
        #expect(m.text == "Kính gửi UBND phường,\nĐèn đường trước nhà số 5 bị hỏng đã hai tuần.")
        #expect(m.messageID == "abc.123@example.vn")
        #expect(m.from?.address == "b.tran@example.vn")
        #expect(m.textCharset == "utf-8")
        #expect(m.problems.isEmpty)
        #expect(!m.isAutomatic)
    }

    @Test func base64WithLineNoise() {
        // RFC 2045 §6.8: characters outside the alphabet are ignored. "Phản ánh" with spaces, tabs, a "!" and CRLFs.
        let m = message("From: x@example.vn\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nUGjh \t uqNu\n!IMOh\nbmg=\n")
        #expect(m.text == "Phản ánh")
    }

    @Test func utf8QuotedPrintableWithSoftBreakInsideACharacter() {
        // "=E1=BB=" / "=91" splits "ố" (E1 BB 91) across a soft line break (RFC 2045 §6.7 rule 5).
        let m = message("""
        From: b.tran@example.vn
        Content-Type: text/plain; charset="utf-8"
        Content-Transfer-Encoding: quoted-printable

        K=C3=ADnh g=E1=BB=ADi UBND ph=C6=B0=E1=BB=9Dng,
        =C4=90=C3=A8n =C4=91=C6=B0=E1=BB=9Dng tr=C6=B0=E1=BB=9Bc nh=C3=A0 s=E1=BB=
        =91 5 b=E1=BB=8B h=E1=BB=8Fng =C4=91=C3=A3 hai tu=E1=BA=A7n.
        """)
        #expect(m.text == "Kính gửi UBND phường,\nĐèn đường trước nhà số 5 bị hỏng đã hai tuần.")
        #expect(m.from == EmailAddress(address: "b.tran@example.vn"))
    }

    @Test func windows1258BodyIsNormalisedToNFC() {
        // "Hà Nội: Phản ánh về tiếng ồn" as Outlook writes it in windows-1258: base letters plus combining marks.
        let body: [UInt8] = [0x48, 0xE0, 0x20, 0x4E, 0xF4, 0xF2, 0x69, 0x3A, 0x20, 0x50, 0x68, 0x61, 0xD2, 0x6E, 0x20,
                             0xE1, 0x6E, 0x68, 0x20, 0x76, 0xEA, 0xCC, 0x20, 0x74, 0x69, 0xEA, 0xEC, 0x6E, 0x67, 0x20,
                             0xF4, 0xCC, 0x6E]
        let head = Array("From: x@example.vn\r\nSubject: =?windows-1258?Q?Vi=EA=F2t_Nam?=\r\nContent-Type: text/plain; charset=\"windows-1258\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".utf8)
        let m = EmailMessage.parse(head + body)
        #expect(m.text == "Hà Nội: Phản ánh về tiếng ồn")
        #expect(m.text.unicodeScalars.count == 28)  // NFC: one scalar per letter
        #expect(m.text == m.text.precomposedStringWithCanonicalMapping)
        #expect(m.subject == "Việt Nam")
        #expect(m.textCharset == "windows-1258")
    }

    @Test func nfdInputIsStoredAsNFC() {
        let nfd = "Vie\u{0302}\u{0323}t"
        let m = EmailMessage.parse(Array("From: x@example.vn\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(nfd)".utf8))
        #expect(m.text.unicodeScalars.map(\.value) == [0x56, 0x69, 0x1EC7, 0x74])
    }

    @Test func invalidUTF8IsReplacedNotDropped() {
        let m = EmailMessage.parse(Array("From: x@example.vn\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nab".utf8) + [0xFF] + Array("cd".utf8))
        #expect(m.text == "ab\u{FFFD}cd")
        #expect(!m.problems.isEmpty)
    }

    @Test func mislabelledCharsetFallsBackToUTF8() {
        let m = EmailMessage.parse(Array("From: x@example.vn\r\nContent-Type: text/plain; charset=x-unknown-42\r\n\r\nPhản ánh".utf8))
        #expect(m.text == "Phản ánh")
        #expect(m.textCharset == "utf-8")
    }

    @Test func multipartAlternativePrefersPlainAndKeepsAttachments() {
        let m = message("""
        From: "Lê Văn C" <c.le@example.vn>
        Subject: =?utf-8?Q?Ph=E1=BA=A3n_=C3=A1nh?=
        Content-Type: multipart/mixed; boundary="outer"

        preamble is ignored
        --outer
        Content-Type: multipart/alternative; boundary=inner

        --inner
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        C=E1=BB=91ng tho=C3=A1t n=C6=B0=E1=BB=9Bc b=E1=BB=8B t=E1=BA=AFc.
        --inner
        Content-Type: text/html; charset=utf-8

        <p>HTML version</p>
        --inner--
        --outer
        Content-Type: image/png; name="fallback.png"
        Content-Disposition: attachment;
        \tfilename*=utf-8''%E1%BA%A2nh%20hi%E1%BB%87n%20tr%C6%B0%E1%BB%9Dng.png
        Content-Transfer-Encoding: base64

        iVBORw0KGgo=
        --outer--
        epilogue
        """)
        #expect(m.subject == "Phản ánh")
        #expect(m.from?.name == "Lê Văn C")
        #expect(m.text == "Cống thoát nước bị tắc.")
        #expect(m.root.parts.count == 2)
        #expect(m.root.parts[0].parts.count == 2)
        #expect(m.attachments.count == 1)
        #expect(m.attachments.first?.filename == "Ảnh hiện trường.png")
        #expect(m.attachments.first?.contentType == "image/png")
        // The PNG signature (ISO/IEC 15948 §5.2).
        #expect(m.attachments.first?.data == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(m.problems.isEmpty)
    }

    @Test func htmlOnlyBecomesText() {
        let m = message("""
        From: x@example.vn
        Content-Type: text/html; charset=utf-8

        <html><head><style>p{color:red}</style></head><body><p>Xin chào&nbsp;&amp; c&#7843;m &#x01A1;n &lt;3</p><div>Dòng 2<br>D&#242;ng 3</div></body></html>
        """)
        #expect(m.text == "Xin chào & cảm ơn <3\nDòng 2\nDòng 3")
    }

    /// Named references beyond the six common ones (`&acirc;` stayed as written), from the HTML Standard's table.
    @Test func everyNamedReferenceIsDecoded() {
        let m = message("""
        From: x@example.vn
        Content-Type: text/html; charset=us-ascii

        <p>C&acirc;y xanh &ndash; &Dstrok;&ocirc;ng &eacute;t&hellip; &euro;5 &copy; &AMP; &amp;lt; &unknownname; &#0; &#xFFFFFFF;</p>
        """)
        // U+2013 en dash, U+0110 Đ, U+00F4 ô, U+2026 ellipsis, U+20AC euro; "&amp;lt;" is "&lt;" once decoded, not "<".
        #expect(m.text == "Cây xanh \u{2013} Đông ét\u{2026} \u{20AC}5 © & &lt; &unknownname; &#0; &#xFFFFFFF;")
        #expect(HTMLText.namedReferences.count == 2125, "the whole table of the HTML Standard (names with a semicolon)")
    }

    /// A UTF-8 body labelled Latin-1 (a client's default) is read as UTF-8, as mail clients do, and the choice is
    /// reported; a real Latin-1 body (not valid UTF-8) stays Latin-1.
    @Test func utf8LabelledLatin1IsReadAsUTF8() {
        let m = EmailMessage.parse(Array("From: x@example.vn\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nĐường Trần Phú".utf8))
        #expect(m.text == "Đường Trần Phú")
        #expect(m.textCharset == "utf-8")
        #expect(!m.problems.isEmpty, "the reading is recorded")
        let windows = EmailMessage.parse(Array("From: x@example.vn\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\nPhản ánh".utf8))
        #expect(windows.text == "Phản ánh")
        let latin = EmailMessage.parse(Array("From: x@example.vn\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\ncaf".utf8) + [0xE9])
        #expect(latin.text == "café" && latin.textCharset == "iso-8859-1" && latin.problems.isEmpty)
    }

    @Test func attachmentSizeLimit() {
        var limits = EmailMessage.Limits()
        limits.maxAttachmentBytes = 4
        let m = EmailMessage.parse(Array("From: x@example.vn\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nhi\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\n123456789\r\n--b--\r\n".utf8), limits: limits)
        #expect(m.text == "hi")
        #expect(m.attachments == [EmailAttachment(filename: "a.pdf", contentType: "application/pdf", size: 9, data: [], oversized: true)])
    }

    @Test func threadingHeaders() {
        let m = message("""
        From: x@example.vn
        Message-ID: <r1@example.vn>
        In-Reply-To: <pakn.123-456-7894.1.ab@mail.tinh.gov.vn>
        References: <a@x> <pakn.123-456-7894.1.ab@mail.tinh.gov.vn>
         <b@y>

        ok
        """)
        #expect(m.inReplyTo == ["pakn.123-456-7894.1.ab@mail.tinh.gov.vn"])
        #expect(m.references == ["a@x", "pakn.123-456-7894.1.ab@mail.tinh.gov.vn", "b@y"])
    }

    @Test func headersFoldedWithTabs() {
        let m = message("From: x@example.vn\nSubject: one\n\ttwo\n  three\n\nbody")
        #expect(m.subject == "one\ttwo  three")
    }

    @Test func autoRepliesAndBouncesAreRecognised() {
        // RFC 3834 §5: Auto-Submitted other than "no"; §2: Precedence and empty Return-Path; RFC 3464 reports.
        #expect(message("From: a@x.vn\nAuto-Submitted: auto-replied\n\nx").automaticReason == "Auto-Submitted: auto-replied")
        #expect(message("From: a@x.vn\nAuto-Submitted: auto-generated; owner-email=a@x.vn\n\nx").isAutomatic)
        #expect(!message("From: a@x.vn\nAuto-Submitted: no\n\nx").isAutomatic)
        #expect(message("From: a@x.vn\nPrecedence: bulk\n\nx").automaticReason == "Precedence: bulk")
        #expect(message("From: a@x.vn\nPrecedence: junk\n\nx").isAutomatic)
        #expect(!message("From: a@x.vn\nPrecedence: first-class\n\nx").isAutomatic)
        #expect(message("From: a@x.vn\nX-Autoreply: yes\n\nx").automaticReason == "X-Autoreply")
        #expect(message("From: a@x.vn\nX-Autorespond: Out of office\n\nx").automaticReason == "X-Autorespond")
        #expect(message("From: a@x.vn\nReturn-Path: <>\n\nx").automaticReason == "empty Return-Path")
        #expect(message("From: MAILER-DAEMON@mx.example.vn\n\nx").automaticReason == "system sender")
        #expect(message("From: postmaster@mx.example.vn\n\nx").automaticReason == "system sender")
        let dsn = message("""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.vn>
        Content-Type: multipart/report; report-type=delivery-status; boundary="r"

        --r
        Content-Type: text/plain

        Undeliverable.
        --r
        Content-Type: message/delivery-status

        Final-Recipient: rfc822; a@x.vn
        Action: failed
        Status: 5.1.1
        --r--
        """)
        #expect(dsn.automaticReason == "multipart/report")
        #expect(dsn.text == "Undeliverable.")
        #expect(!message("From: Citizen <a@x.vn>\n\nx").isAutomatic)
    }

    @Test func malformedInputNeverCrashesAndReportsProblems() {
        #expect(EmailMessage.parse([]).problems.contains("no header fields"))
        let noClose = message("From: a@x.vn\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\n\npart one")
        #expect(noClose.text == "part one")
        #expect(noClose.problems.contains("multipart without a closing delimiter"))
        let noBoundary = message("From: a@x.vn\nContent-Type: multipart/mixed\n\nbody")
        #expect(noBoundary.text == "body")
        #expect(noBoundary.problems.contains("multipart without a boundary, read as text"))
        let noFrom = message("Subject: s\n\nb")
        #expect(noFrom.from == nil)
        #expect(noFrom.problems.contains("no From header"))
        // Deep nesting is cut at the limit, not recursed without bound.
        var deep = "From: a@x.vn\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
        for i in 1..<100 { deep += "--b\(i - 1)\r\nContent-Type: multipart/mixed; boundary=b\(i)\r\n\r\n" }
        let d = EmailMessage.parse(Array(deep.utf8))
        #expect(d.problems.contains { $0.hasPrefix("multipart nesting deeper than") })
        // Random bytes.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let bytes = (0..<Int.random(in: 0..<2000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = EmailMessage.parse(bytes)
        }
    }
}

/// channels.md §3.2: the tracking code in the subject, tolerant of reply prefixes and spacing.
@Suite struct EmailThreadingTests {
    @Test func trackingCodeInSubject() {
        // 123-456-7894 is the documented valid example (TrackingCode docs, channels.md §3.2).
        let code = TrackingCode(digits: "1234567894")!
        #expect(EmailThreading.trackingCodes(inText: "Re: Phản ánh: đường Lê Lợi bị ngập [#123-456-7894]") == [code])
        #expect(EmailThreading.trackingCodes(inText: "TL: Fwd: [＃123 456 7894]") == [code])
        #expect(EmailThreading.trackingCodes(inText: "Mã 1234567894 đã nhận") == [code])
        #expect(EmailThreading.trackingCodes(inText: "[#123.456.7894]") == [code])
        // A wrong check digit, a neighbour swap, 11 digits, a phone number: no code.
        #expect(EmailThreading.trackingCodes(inText: "[#123-456-7895]").isEmpty)
        #expect(EmailThreading.trackingCodes(inText: "[#213-456-7894]").isEmpty)
        #expect(EmailThreading.trackingCodes(inText: "12345678940").isEmpty)
        #expect(EmailThreading.trackingCodes(inText: "Gọi 0912 345 678").isEmpty)
        #expect(EmailThreading.trackingCodes(inText: "12-3456-7894").isEmpty)
        #expect(EmailThreading.trackingCodes(inText: "").isEmpty)
    }
}

/// Outgoing messages (channels.md §3.2, §3.4; RFC 2047 §2 and §5, RFC 3834 §5).
@Suite struct EmailComposerTests {
    @Test func subjectWordsAreShortAndHoldWholeCharacters() {
        let subject = "Phản ánh 123-456-7894 của bạn đã được tiếp nhận và chuyển đến Ủy ban nhân dân phường Quy Nhơn [#123-456-7894]"
        let encoded = EmailComposer.encodeWords(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        for word in words {
            #expect(word.count <= 75)  // RFC 2047 §2
            #expect(word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?="))
            // §5: every word decodes to valid UTF-8 on its own.
            let payload = String(word.dropFirst(10).dropLast(2))
            #expect(String(data: Data(base64Encoded: payload)!, encoding: .utf8) != nil)
        }
        #expect(RFC2047.decode(encoded) == subject)
        #expect(EmailComposer.encodeWords("Plain ASCII [#123-456-7894]") == "Plain ASCII [#123-456-7894]")
    }

    @Test func automaticNoticeHeadersAndBody() throws {
        let raw = EmailComposer.compose(
            from: EmailAddress(name: "Tổng đài 1022", address: "phananh@tinh.gov.vn"),
            to: EmailAddress(name: "Nguyễn Văn An", address: "an.nguyen@example.vn"),
            subject: "Đã tiếp nhận phản ánh [#123-456-7894]", body: "Kính gửi ông/bà,\nPhản ánh đã được tiếp nhận.",
            messageID: "pakn.123-456-7894.1.ab@mail.tinh.gov.vn", inReplyTo: "m1@example.vn", references: ["m1@example.vn"],
            automatic: true, date: Date(timeIntervalSince1970: 1_722_490_800))
        let text = String(decoding: raw, as: UTF8.self)
        #expect(text.contains("\r\nAuto-Submitted: auto-replied\r\n"))
        #expect(text.contains("\r\nX-Auto-Response-Suppress: All\r\n"))
        #expect(text.contains("\r\nDate: Thu, 01 Aug 2024 12:40:00 +0700\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))  // CRLF only
        #expect(raw.allSatisfy { $0 < 0x80 })  // 7-bit on the wire
        for line in text.components(separatedBy: "\r\n") { #expect(line.count <= 78) }  // RFC 5322 §2.1.1
        let m = EmailMessage.parse(raw)
        #expect(m.subject == "Đã tiếp nhận phản ánh [#123-456-7894]")
        #expect(m.from == EmailAddress(name: "Tổng đài 1022", address: "phananh@tinh.gov.vn"))
        #expect(m.messageID == "pakn.123-456-7894.1.ab@mail.tinh.gov.vn")
        #expect(m.inReplyTo == ["m1@example.vn"])
        #expect(m.text == "Kính gửi ông/bà,\nPhản ánh đã được tiếp nhận.")
        #expect(m.automaticReason == "Auto-Submitted: auto-replied")
        #expect(EmailThreading.trackingCodes(inText: m.subject ?? "") == [TrackingCode(digits: "1234567894")!])
        let human = EmailMessage.parse(EmailComposer.compose(
            from: EmailAddress(address: "phananh@tinh.gov.vn"), to: EmailAddress(address: "a@example.vn"),
            subject: "Re: x", body: "ok", messageID: "pakn.x@y", automatic: false, date: Date()))
        #expect(!human.isAutomatic)
        #expect(EmailComposer.messageID(trackingCode: TrackingCode(digits: "1234567894"), domain: "mail.tinh.gov.vn")
            .hasPrefix("pakn.123-456-7894."))
    }
}

/// Replies apart from what they quote, on the shapes the common clients write.
@Suite("Quoted replies")
struct QuotedReplyTests {
    @Test("Gmail in Vietnamese and in English, '>' quotes, Outlook's header block and separator; nothing quoted stays whole")
    func clients() {
        let gmailVi = "Cảm ơn, tôi bổ sung ảnh.\n\nVào Th 5, 3 thg 12, 2026 vào lúc 10:00 Tổng đài 1022 <phananh@gialai.gov.vn> đã viết:\n> Phản ánh 123-456-7894: đã tiếp nhận."
        #expect(QuotedReply.split(gmailVi) == ("Cảm ơn, tôi bổ sung ảnh.",
                                              "Vào Th 5, 3 thg 12, 2026 vào lúc 10:00 Tổng đài 1022 <phananh@gialai.gov.vn> đã viết:\n> Phản ánh 123-456-7894: đã tiếp nhận."))
        let gmailEn = "Thanks.\nOn Thu, Dec 3, 2026 at 10:00 AM 1022 <phananh@gialai.gov.vn> wrote:\n> Received."
        #expect(QuotedReply.split(gmailEn).own == "Thanks.")
        #expect(QuotedReply.split("Vẫn chưa sửa.\n> Đã chuyển Sở Xây dựng.\n> Xem tại …").quoted == "> Đã chuyển Sở Xây dựng.\n> Xem tại …")
        let outlook = "Đã 3 ngày.\n\nFrom: Tổng đài 1022 <phananh@gialai.gov.vn>\nSent: Thursday, December 3, 2026 10:00 AM\nSubject: Phản ánh"
        #expect(QuotedReply.split(outlook).own == "Đã 3 ngày.")
        #expect(QuotedReply.split("Ok\n-----Original Message-----\nold").quoted == "-----Original Message-----\nold")
        // A mail that starts with a quote has no own text before it: nothing is folded.
        #expect(QuotedReply.split("> only a quote").quoted == nil)
        // "From:" in the reply's own text, without a header block after it, is not a quote.
        #expect(QuotedReply.split("Cống tắc.\nFrom: tổ 3 đến tổ 5 ngập.").quoted == nil)
        #expect(QuotedReply.split("Không có trích dẫn.") == ("Không có trích dẫn.", nil))
    }
}

/// Bounces of our own mail (RFC 3464 inside RFC 6522), as Postfix writes them.
@Suite("Delivery reports")
struct DeliveryReportTests {
    static func parse(_ text: String) -> EmailMessage { EmailMessage.parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)) }

    static let postfix = """
    From: MAILER-DAEMON@mx.gialai.gov.vn (Mail Delivery System)
    Subject: Undelivered Mail Returned to Sender
    Auto-Submitted: auto-replied
    Content-Type: multipart/report; report-type=delivery-status;
    \tboundary="B1"

    --B1
    Content-Type: text/plain; charset=us-ascii

    I'm sorry to have to inform you that your message could not be delivered.
    --B1
    Content-Type: message/delivery-status

    Reporting-MTA: dns; mx.gialai.gov.vn
    Arrival-Date: Fri,  4 Dec 2026 10:00:00 +0700 (ICT)

    Final-Recipient: rfc822; khong.ton.tai@example.vn
    Original-Recipient: rfc822;khong.ton.tai@example.vn
    Action: failed
    Status: 5.1.1
    Remote-MTA: dns; mx.example.vn
    Diagnostic-Code: smtp; 550 5.1.1 <khong.ton.tai@example.vn>: Recipient
        address rejected: User unknown

    --B1
    Content-Type: text/rfc822-headers

    From: Tong dai 1022 <phananh@gialai.gov.vn>
    To: khong.ton.tai@example.vn
    Subject: Da tiep nhan [#123-456-7894]
    Message-ID: <1022.1234567894.abc@gialai.gov.vn>
    --B1--
    """

    @Test("a failed recipient names the original Message-ID, the status and the diagnostic")
    func failed() {
        let report = DeliveryReport.failure(in: Self.parse(Self.postfix))
        #expect(report == DeliveryReport(originalMessageID: "<1022.1234567894.abc@gialai.gov.vn>", status: "5.1.1",
                                         diagnostic: "smtp; 550 5.1.1 <khong.ton.tai@example.vn>: Recipient    address rejected: User unknown"),
                "a folded field is unfolded by removing the line break only (RFC 5322 §2.2.3)")
    }

    @Test("a status that is not class.subject.detail (RFC 3463) is not taken as given")
    func untrustedStatus() {
        let forged = Self.postfix.replacingOccurrences(of: "Status: 5.1.1", with: "Status: <b>anything the sender likes</b>")
        #expect(DeliveryReport.failure(in: Self.parse(forged))?.status == "5.0.0")
        let commented = Self.postfix.replacingOccurrences(of: "Status: 5.1.1", with: "Status: 4.4.7 (delivery time expired)")
        #expect(DeliveryReport.failure(in: Self.parse(commented))?.status == "4.4.7")
    }

    @Test("a delay report, a report without the returned headers, and an ordinary mail are no failure")
    func notFailures() {
        #expect(DeliveryReport.failure(in: Self.parse(Self.postfix.replacingOccurrences(of: "Action: failed", with: "Action: delayed"))) == nil)
        #expect(DeliveryReport.failure(in: Self.parse(Self.postfix.replacingOccurrences(of: "text/rfc822-headers", with: "text/plain"))) == nil)
        #expect(DeliveryReport.failure(in: Self.parse("From: a@x.vn\nSubject: s\n\nbody")) == nil)
    }
}
