import Foundation
import Testing
@testable import PAKNDomain

// Intake rules (issue 2 "Citizen" and "Rules that hold everywhere"; domain.md): kind is phản ánh or kiến nghị;
// title 2–200 and content 10–5000 characters after trimming; no HTML or script anywhere, but a lone "<" in prose is
// fine; the commune must be one of the province's; a field, when given, must exist; coordinates in range and in pairs;
// a name; a phone or an email; a plausible email; consent given explicitly; text stored NFC and trimmed.

private let knownCommunes: Set<String> = ["21553", "21583"]   // Phường Quy Nhơn Bắc, … (Gia Lai, code 52)
private let knownServices: Set<String> = ["giao_thong", "su_co_duong"]

private func validate(_ s: Submission) -> Result<ValidSubmission, ValidationFailure> {
    Intake.validate(s, knownCommune: { knownCommunes.contains($0) }, knownService: { knownServices.contains($0) })
}

/// A submission that passes every rule.
private func goodSubmission() -> Submission {
    Submission(
        kind: "phan_anh",
        title: "Ổ gà trên đường Trần Hưng Đạo",
        content: "Đoạn đường trước số 12 có ổ gà sâu, xe máy đi qua rất nguy hiểm vào ban đêm.",
        serviceCode: "su_co_duong",
        communeCode: "21553",
        address: "12 Trần Hưng Đạo",
        latitude: 13.7765, longitude: 109.2237,
        fullName: "Nguyễn Thị Ánh",
        phone: "0912 345 678",
        email: nil,
        consent: true)
}

private func errors(_ result: Result<ValidSubmission, ValidationFailure>) -> [FieldError] {
    if case .failure(let failure) = result { failure.errors } else { [] }
}

private func fields(_ result: Result<ValidSubmission, ValidationFailure>) -> [String] {
    errors(result).map(\.field)
}

private func valid(_ result: Result<ValidSubmission, ValidationFailure>) -> ValidSubmission? {
    if case .success(let v) = result { v } else { nil }
}

/// Exact Unicode scalars: Swift's `==` on strings ignores the NFC/NFD difference, so it cannot check normalisation.
private func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

private func nfd(_ s: String) -> String { s.decomposedStringWithCanonicalMapping }
private func nfc(_ s: String) -> String { s.precomposedStringWithCanonicalMapping }

@Suite struct IntakeBaselineTests {
    @Test func goodSubmissionPasses() throws {
        // setup
        let s = goodSubmission()
        // act
        let v = try #require(valid(validate(s)), "\(errors(validate(s)))")
        // check
        #expect(v.kind == .report)
        #expect(v.title == "Ổ gà trên đường Trần Hưng Đạo")
        #expect(v.communeCode == "21553")
        #expect(v.serviceCode == "su_co_duong")
        #expect(v.phone == "0912345678")
        #expect(v.email == nil)
        #expect(v.latitude == 13.7765 && v.longitude == 109.2237)
    }

    @Test func identityChoicesAreCarriedThrough() throws {
        // setup
        var s = goodSubmission()
        s.hideIdentityPublic = true
        s.hideIdentityFromAgency = true
        // act
        let v = try #require(valid(validate(s)))
        // check
        #expect(v.hideIdentityPublic)
        #expect(v.hideIdentityFromAgency)
    }

    @Test func everyProblemIsReportedOncePerField() {
        // setup: everything wrong at once
        let s = Submission(kind: "khieu_nai", title: "", content: "ngắn", serviceCode: "khong_co",
                           communeCode: "99999", address: String(repeating: "a", count: 301),
                           latitude: 200, longitude: 500, fullName: "", phone: "12345", email: "khong-phai-email",
                           consent: false)
        // act
        let found = fields(validate(s))
        // check
        for field in ["kind", "title", "content", "serviceCode", "communeCode", "address", "latitude", "longitude", "fullName",
                      "phone", "email", "consent"] {
            #expect(found.contains(field), "\(field) missing from \(found)")
        }
        #expect(Set(found).count == found.count, "more than one error for a field: \(found)")
    }

    /// "One per field at most" also holds when a coordinate is both out of range and unpaired.
    @Test func coordinateErrorsAreOnePerField() {
        for (lat, lon): (Double?, Double?) in [(100, nil), (nil, 200), (.nan, nil)] {
            // setup
            var s = goodSubmission()
            s.latitude = lat
            s.longitude = lon
            // act
            let found = fields(validate(s))
            // check
            #expect(!found.isEmpty)
            #expect(Set(found).count == found.count, "lat \(String(describing: lat)) lon \(String(describing: lon)): \(found)")
        }
    }

    @Test func messagesAreVietnamese() {
        // setup
        let s = Submission(kind: "", title: "", content: "", serviceCode: "x", communeCode: "", address: "<b>",
                           latitude: 100, longitude: 500, fullName: "", phone: "abc", email: "@", consent: false)
        // act
        let all = errors(validate(s))
        // check
        #expect(!all.isEmpty)
        for error in all {
            #expect(!VietnameseText.isWithoutDiacritics(error.message), "\(error.field): \(error.message)")
        }
    }
}

@Suite struct IntakeKindTests {
    @Test(arguments: [("phan_anh", RequestKind.report), ("kien_nghi", RequestKind.petition)])
    func knownKinds(raw: String, kind: RequestKind) throws {
        // setup
        var s = goodSubmission()
        s.kind = raw
        // act
        let v = try #require(valid(validate(s)))
        // check
        #expect(v.kind == kind)
    }

    @Test(arguments: ["", "khieu_nai", "to_cao", "report", "phản ánh"])
    func unknownKindsAreRefused(raw: String) {
        // setup
        var s = goodSubmission()
        s.kind = raw
        // act
        let found = fields(validate(s))
        // check
        #expect(found == ["kind"])
    }
}

@Suite struct IntakeTextTests {
    @Test(arguments: [("", false), ("   ", false), ("A", false), ("  A  ", false), ("Ab", true),
                      (String(repeating: "ắ", count: 200), true), (String(repeating: "ắ", count: 201), false),
                      ("  " + String(repeating: "x", count: 200) + "  ", true)])
    func titleLength(title: String, ok: Bool) {
        // setup
        var s = goodSubmission()
        s.title = title
        // act
        let found = fields(validate(s))
        // check
        #expect(found == (ok ? [] : ["title"]), "\(title.count) characters")
    }

    @Test func titleLengthCountsCharactersNotScalars() {
        // setup: 200 Vietnamese letters typed decomposed (two or three scalars each)
        var s = goodSubmission()
        s.title = nfd(String(repeating: "ệ", count: 200))
        // act
        let found = fields(validate(s))
        // check
        #expect(found.isEmpty)
    }

    @Test(arguments: [("", false), ("         ", false), ("123456789", false), ("1234567890", true),
                      (String(repeating: "ơ", count: 5000), true), (String(repeating: "ơ", count: 5001), false),
                      ("\n\n  123456789  \n\n", false)])
    func contentLength(content: String, ok: Bool) {
        // setup
        var s = goodSubmission()
        s.content = content
        // act
        let found = fields(validate(s))
        // check
        #expect(found == (ok ? [] : ["content"]), "\(content.count) characters")
    }

    static let markup = ["<script>alert(1)</script>", "<script>", "<b>", "<b>đậm</b>", "</p>", "<!--", "<!-- x -->",
                         "javascript:", "JavaScript:alert(1)", "<img src=x onerror=alert(1)>", "<a href=\"x\">"]
    static let prose = ["a < b", "<3", "5<10", "giá < 5 triệu", "nhiệt độ <30 độ", "mũi tên ->"]

    @Test(arguments: markup)
    func markupInTitleIsRefused(snippet: String) {
        // setup
        var s = goodSubmission()
        s.title = "Đèn đường hỏng " + snippet
        // act
        let found = fields(validate(s))
        // check
        #expect(found == ["title"])
    }

    @Test(arguments: markup)
    func markupInContentIsRefused(snippet: String) {
        // setup
        var s = goodSubmission()
        s.content = "Đèn đường trước nhà tôi bị hỏng đã lâu. " + snippet + " Đề nghị sửa."
        // act
        let found = fields(validate(s))
        // check
        #expect(found == ["content"])
    }

    @Test(arguments: markup)
    func markupInNameAndAddressIsRefused(snippet: String) {
        // setup
        var s = goodSubmission()
        s.fullName = "Nguyễn An " + snippet
        s.address = "12 Lê Lợi " + snippet
        // act
        let found = Set(fields(validate(s)))
        // check
        #expect(found == ["fullName", "address"])
    }

    @Test(arguments: prose)
    func lessThanInProseIsAccepted(snippet: String) throws {
        // setup
        var s = goodSubmission()
        s.title = "So sánh " + snippet
        s.content = "Nội dung có dấu so sánh: " + snippet + "."
        // act
        let v = try #require(valid(validate(s)), "\(errors(validate(s)))")
        // check: kept as typed
        #expect(v.title.contains(snippet))
        #expect(v.content.contains(snippet))
    }

    @Test func containsMarkupDirectly() {
        for snippet in Self.markup { #expect(Intake.containsMarkup(snippet), "\(snippet)") }
        for snippet in Self.prose { #expect(!Intake.containsMarkup(snippet), "\(snippet)") }
    }

    @Test func textIsTrimmed() throws {
        // setup
        var s = goodSubmission()
        s.title = "  \t Ổ gà trên đường \n"
        s.content = "\n\n   Đoạn đường có ổ gà sâu, nguy hiểm.   \n\n"
        s.fullName = "  Nguyễn Thị Ánh  "
        s.address = "  12 Trần Hưng Đạo  "
        s.communeCode = " 21553 "
        s.serviceCode = " giao_thong "
        s.email = "  an@example.vn "
        // act
        let v = try #require(valid(validate(s)), "\(errors(validate(s)))")
        // check
        #expect(scalars(v.title) == scalars("Ổ gà trên đường"))
        #expect(scalars(v.content) == scalars("Đoạn đường có ổ gà sâu, nguy hiểm."))
        #expect(scalars(v.fullName) == scalars("Nguyễn Thị Ánh"))
        #expect(scalars(v.address) == scalars("12 Trần Hưng Đạo"))
        #expect(v.communeCode == "21553")
        #expect(v.serviceCode == "giao_thong")
        #expect(v.email == "an@example.vn")
    }

    @Test func contentKeepsItsLineBreaks() throws {
        // setup
        var s = goodSubmission()
        s.content = "Dòng thứ nhất của phản ánh.\r\nDòng thứ hai."
        // act
        let v = try #require(valid(validate(s)))
        // check
        #expect(v.content == "Dòng thứ nhất của phản ánh.\nDòng thứ hai.")
    }

    @Test func decomposedInputIsStoredNFC() throws {
        // setup: everything typed in NFD (macOS input, old converters)
        let title = "Ổ gà trên đường Trần Hưng Đạo"
        let content = "Đoạn đường trước số 12 có ổ gà sâu, rất nguy hiểm."
        let name = "Nguyễn Thị Ánh Tuyết"
        let address = "12 Trần Hưng Đạo, phường Quy Nhơn Bắc"
        var s = goodSubmission()
        s.title = nfd(title)
        s.content = nfd(content)
        s.fullName = nfd(name)
        s.address = nfd(address)
        #expect(scalars(s.title) != scalars(title))   // the input really is decomposed
        // act
        let v = try #require(valid(validate(s)))
        // check
        #expect(scalars(v.title) == scalars(nfc(title)))
        #expect(scalars(v.content) == scalars(nfc(content)))
        #expect(scalars(v.fullName) == scalars(nfc(name)))
        #expect(scalars(v.address) == scalars(nfc(address)))
    }

    @Test(arguments: [(300, true), (301, false), (0, true)])
    func addressLength(count: Int, ok: Bool) {
        // setup
        var s = goodSubmission()
        s.address = String(repeating: "đ", count: count)
        // act
        let found = fields(validate(s))
        // check
        #expect(found == (ok ? [] : ["address"]))
    }
}

@Suite struct IntakeReferenceTests {
    @Test func unknownCommuneIsRefused() {
        // setup
        var s = goodSubmission()
        s.communeCode = "99999"
        // act / check
        #expect(fields(validate(s)) == ["communeCode"])
    }

    @Test(arguments: ["", "   "])
    func missingCommuneIsRefused(code: String) {
        // setup
        var s = goodSubmission()
        s.communeCode = code
        // act / check
        #expect(fields(validate(s)) == ["communeCode"])
    }

    @Test func unknownServiceIsRefused() {
        // setup
        var s = goodSubmission()
        s.serviceCode = "khong_ton_tai"
        // act / check
        #expect(fields(validate(s)) == ["serviceCode"])
    }

    @Test(arguments: [nil, "", "  "] as [String?])
    func serviceIsOptional(code: String?) throws {
        // setup: the operator classifies later
        var s = goodSubmission()
        s.serviceCode = code
        // act
        let v = try #require(valid(validate(s)))
        // check
        #expect(v.serviceCode == nil)
    }
}

@Suite struct IntakeCoordinateTests {
    @Test(arguments: [(13.7765, 109.2237), (-90, -180), (90, 180), (0, 0)] as [(Double, Double)])
    func inRangePairsAreAccepted(lat: Double, lon: Double) throws {
        // setup
        var s = goodSubmission()
        s.latitude = lat
        s.longitude = lon
        // act
        let v = try #require(valid(validate(s)))
        // check
        #expect(v.latitude == lat && v.longitude == lon)
    }

    @Test func noCoordinatesAreAccepted() throws {
        // setup
        var s = goodSubmission()
        s.latitude = nil
        s.longitude = nil
        // act
        let v = try #require(valid(validate(s)))
        // check
        #expect(v.latitude == nil && v.longitude == nil)
    }

    @Test(arguments: [90.000001, -90.5, 180, .nan, .infinity] as [Double])
    func latitudeOutOfRange(lat: Double) {
        // setup
        var s = goodSubmission()
        s.latitude = lat
        // act / check
        #expect(fields(validate(s)) == ["latitude"])
    }

    @Test(arguments: [180.000001, -181, .nan, -.infinity] as [Double])
    func longitudeOutOfRange(lon: Double) {
        // setup
        var s = goodSubmission()
        s.longitude = lon
        // act / check
        #expect(fields(validate(s)) == ["longitude"])
    }

    @Test func unpairedCoordinatesAreRefused() {
        // setup
        var latOnly = goodSubmission()
        latOnly.longitude = nil
        var lonOnly = goodSubmission()
        lonOnly.latitude = nil
        // act / check
        #expect(!fields(validate(latOnly)).isEmpty)
        #expect(!fields(validate(lonOnly)).isEmpty)
        #expect(valid(validate(latOnly)) == nil)
        #expect(valid(validate(lonOnly)) == nil)
    }
}

@Suite struct IntakeContactTests {
    @Test(arguments: ["Võ", "Nguyễn Thị Ánh Tuyết", "Ksor H'Bơ Khăp", "Rơ Mah Hlin", "Siu H'Mai",
                      "Trần Nguyễn-Bảo Châu", String(repeating: "ầ", count: 100)])
    func goodNames(name: String) throws {
        // setup: Kinh names and Jarai/Bahnar names of Gia Lai (apostrophes, hyphens)
        var s = goodSubmission()
        s.fullName = name
        // act
        let v = try #require(valid(validate(s)), "\(errors(validate(s)))")
        // check
        #expect(scalars(v.fullName) == scalars(nfc(name)))
    }

    @Test(arguments: ["", "   ", "A", "Nguyễn Văn 3", "Lê 0912345678", "<b>An</b>",
                      String(repeating: "ầ", count: 101)])
    func badNames(name: String) {
        // setup
        var s = goodSubmission()
        s.fullName = name
        // act / check
        #expect(fields(validate(s)) == ["fullName"])
    }

    @Test func phoneOrEmailIsRequired() {
        for (phone, email): (String?, String?) in [(nil, nil), ("", ""), ("   ", " \t "), (nil, ""), ("", nil)] {
            // setup
            var s = goodSubmission()
            s.phone = phone
            s.email = email
            // act
            let found = fields(validate(s))
            // check: refused, and only for the contact
            #expect(!found.isEmpty, "phone \(String(describing: phone)) email \(String(describing: email))")
            #expect(Set(found).isSubset(of: ["phone", "email"]), "\(found)")
        }
    }

    @Test func phoneAloneIsEnough() throws {
        // setup
        var s = goodSubmission()
        s.phone = "+84 912 345 678"
        s.email = nil
        // act
        let v = try #require(valid(validate(s)))
        // check
        #expect(v.phone == "0912345678")
        #expect(v.email == nil)
    }

    @Test func emailAloneIsEnough() throws {
        // setup
        var s = goodSubmission()
        s.phone = nil
        s.email = "An.Nguyen@GiaLai.gov.vn"
        // act
        let v = try #require(valid(validate(s)))
        // check
        #expect(v.phone == nil)
        #expect(v.email == "an.nguyen@gialai.gov.vn")
    }

    @Test(arguments: ["12345", "0112345678", "09123abc78", "+1 415 555 0100", "số điện thoại"])
    func badPhoneIsRefused(phone: String) {
        // setup: even with a good email, a wrong phone is an error
        var s = goodSubmission()
        s.phone = phone
        s.email = "an@example.vn"
        // act / check
        #expect(fields(validate(s)) == ["phone"])
    }

    @Test(arguments: ["an@example.vn", "an.nguyen+1022@gialai.gov.vn", "a@b.co"])
    func plausibleEmails(email: String) {
        #expect(Intake.isPlausibleEmail(email), "\(email)")
    }

    @Test(arguments: ["abc", "a@b", "a@@b.vn", "a@b@c.vn", "a b@c.vn", "@b.vn", "a@.vn", "a@b.vn.",
                      "<a@b.vn>", "a@b .vn", String(repeating: "a", count: 246) + "@gialai.vn"])
    func implausibleEmails(email: String) {
        // setup
        var s = goodSubmission()
        s.phone = nil
        s.email = email
        // act
        let found = fields(validate(s))
        // check
        #expect(!Intake.isPlausibleEmail(email), "\(email)")
        #expect(found == ["email"], "\(email): \(found)")
    }

    @Test func emailOfExactly254CharactersIsAccepted() {
        // setup: 254 = RFC 5321 path limit
        let email = String(repeating: "a", count: 244) + "@gialai.vn"
        // act / check
        #expect(email.count == 254)
        #expect(Intake.isPlausibleEmail(email))
    }
}

@Suite struct IntakeConsentTests {
    @Test func consentIsRequired() {
        // setup
        var s = goodSubmission()
        s.consent = false
        // act
        let found = fields(validate(s))
        // check: the only problem
        #expect(found == ["consent"])
    }

    @Test func consentIsNeverImpliedByOtherChoices() {
        // setup: ticking the identity options says nothing about consent
        var s = goodSubmission()
        s.consent = false
        s.hideIdentityPublic = true
        s.hideIdentityFromAgency = true
        // act
        let result = validate(s)
        // check
        #expect(valid(result) == nil)
        #expect(fields(result) == ["consent"])
    }
}

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        (" 0912 345 678 ", "0912345678"),
        ("0359 123 456", "0359123456"),
        ("0707 123 456", "0707123456"),
        ("0812 345 678", "0812345678"),
        ("0523 456 789", "0523456789"),
        // landlines since 2017: 0 + area code 2x / 2xx + subscriber = 11 digits
        ("(0269) 3822 123", "02693822123"),
        ("0269 3822 123", "02693822123"),
        ("0269.3822.123", "02693822123"),
        ("+84 269 3822 123", "02693822123"),
        ("024 3823 4567", "02438234567"),
        ("(028) 3829 1022", "02838291022"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("0084 912 345 678", "0912345678"),
    ])
    func normalizes(input: String, national: String) {
        #expect(PhoneNumber.normalize(input) == national, "\(input)")
    }

    @Test(arguments: [
        "", "12345", "0112345678", "0412345678", "0612345678", "09123abc78", "0912 345 67a", "+1 415 555 0100",
        "+44 20 7946 0958", "091234567", "09123456789", "+84 91234567",
    ])
    func refuses(input: String) {
        #expect(PhoneNumber.normalize(input) == nil, "\(input)")
    }

    /// A 10-digit number starting 02 is a pre-2017 landline (old area code + 7 digits); since the 2017 change every
    /// landline has 11 digits, so a 10-digit 02… number can no longer be dialled.
    @Test(arguments: ["0269382212", "0203 822 123", "(0269) 382 212"])
    func refusesOldTenDigitLandlines(input: String) {
        #expect(PhoneNumber.normalize(input) == nil, "\(input)")
    }

    @Test(arguments: [("0912345678", "5678"), ("02693822123", "2123")])
    func lastFour(national: String, last: String) {
        #expect(PhoneNumber.lastFour(national) == last)
    }

    @Test func lastFourOfANormalizedNumber() throws {
        // setup
        let national = try #require(PhoneNumber.normalize("+84 912 345 678"))
        // act / check
        #expect(PhoneNumber.lastFour(national) == "5678")
    }
}

/// Addresses handed to sendmail must be one plain addr-spec: msmtp and Postfix read "a,b" and "a;b" as two
/// recipients (found by the attack run: `postmaster,evil@attacker.vn` mailed both).
@Suite("E-mail address syntax")
struct EmailAddressSyntaxTests {
    @Test("dot-atom local parts and host-name domains are accepted")
    func accepted() {
        for address in ["an@example.vn", "tran.thi.mai@example.com", "an+1022@mail.gialai.gov.vn", "o'brien@example.ie",
                        "a_b-c@xn--bcher-kva.example"] {
            #expect(Intake.isPlausibleEmail(address), "\(address)")
        }
    }

    @Test("lists, quoted strings, comments, options, spaces and broken domains are refused")
    func refused() {
        for address in ["postmaster,evil@attacker.vn", "a;evil@b.vn", "\"a,b\"@c.vn", "a(comment)@b.vn", "a\\b@c.vn",
                        "-oQ/tmp/x@y.vn", "a b@c.vn", ".an@example.vn", "an.@example.vn", "a..n@example.vn",
                        "an@localhost", "an@-example.vn", "an@example-.vn", "an@example..vn", "an@exa_mple.vn",
                        "an@ví-dụ.vn", "an@example.vn\r\nBcc: x@y.vn", "<an@example.vn>", "@example.vn", "an@", "a@b@c.vn"] {
            #expect(!Intake.isPlausibleEmail(address), "\(address)")
        }
    }
}
