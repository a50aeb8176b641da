import Foundation

/// Personal data read from its context: house numbers and alleys, dates of birth, vehicle plates, bank accounts,
/// passports and other cued numbers, obfuscated e-mail addresses, social-network handles and profile links. See
/// ``Masking`` for the rules. Every find here has priority 1: its kind wins over a phone or ID number it overlaps.
extension Scan {
    func contextualFinds() -> [Find] {
        addressFinds() + birthDateFinds() + plateFinds() + bankAccountFinds() + passportAndCardFinds()
            + cuedIDFinds() + handleFinds() + profileLinkFinds()
    }

    // MARK: Token helpers

    /// The folded text of token `k` (lowercase, no diacritics, `đ` → `d`).
    func foldedWord(_ k: Int) -> String {
        foldedTokens[k]
    }

    private func isWordToken(_ k: Int) -> Bool { k >= 0 && k < tokens.count && tokens[k].kind == .word }
    private func isNumberToken(_ k: Int) -> Bool { k >= 0 && k < tokens.count && tokens[k].kind == .number }

    /// The word token before `k`, skipping inline spaces and the punctuation in `skipping`.
    private func previousWord(_ k: Int, skipping: Set<String> = []) -> Int? {
        var p = k - 1
        while p >= 0 {
            if tokens[p].kind == .word { return p }
            if isInlineSpace(p) || (tokens[p].kind == .other && skipping.contains(tokens[p].text)) { p -= 1 } else { return nil }
        }
        return nil
    }

    /// The first token after `k` that is not an inline space nor punctuation in `skipping`.
    private func nextToken(_ k: Int, skipping: Set<String> = []) -> Int? {
        var p = k + 1
        while p < tokens.count {
            if isInlineSpace(p) || (tokens[p].kind == .other && skipping.contains(tokens[p].text)) { p += 1 } else { return p }
        }
        return nil
    }

    /// Whether token `k` ends a sentence or line: `.`, `?`, `!`, `;` followed by a space or the end, or a line break.
    private func isSentenceBreak(_ k: Int) -> Bool {
        let t = tokens[k]
        if t.kind == .space { return t.text.contains(where: \.isNewline) }
        guard t.kind == .other, [".", "?", "!", ";", "…"].contains(t.text) else { return false }
        return k + 1 >= tokens.count || tokens[k + 1].kind == .space
    }

    /// Whether the text from token `k` starts with a place phrase, whatever its case ("Trung tâm …", "Bệnh viện …").
    private func startsWithPlacePhrase(_ k: Int) -> Bool {
        var words: [String] = []
        var p = k
        while p < tokens.count, words.count < 3, tokens[p].kind == .word {
            words.append(tokens[p].text)
            p += 1
            if isInlineSpace(p) { p += 1 } else { break }
        }
        return MaskingLexicon.placePhrases.contains { startsWithPlace(words, $0) }
    }

    /// Digit groups from number token `j` joined by single spaces, dots or hyphens: the token index of the last
    /// group, all the digits, and whether any separator was a dot.
    private func digitChain(at j: Int, maxDigits: Int = 19) -> (end: Int, digits: String, dotted: Bool) {
        var end = j
        var digits = tokens[j].text
        var dotted = false
        while end + 2 < tokens.count, tokens[end + 2].kind == .number,
              [" ", ".", "-", "\u{00A0}"].contains(tokens[end + 1].text),
              digits.count + tokens[end + 2].text.count <= maxDigits {
            if tokens[end + 1].text == "." { dotted = true }
            digits += tokens[end + 2].text
            end += 2
        }
        return (end, digits, dotted)
    }

    /// Whether the number ending at token `end` is an amount: a unit or `%` follows, or it is grouped in thousands
    /// ending in `.000`.
    private func isAmount(from start: Int, to end: Int) -> Bool {
        let written = String(chars[tokens[start].start..<tokens[end].end])
        if written.contains("."), written.hasSuffix(".000") { return true }
        guard let next = nextToken(end) else { return false }
        if tokens[next].kind == .other { return "%$₫€".contains(tokens[next].text) }
        guard tokens[next].kind == .word, MaskingLexicon.units.contains(foldedWord(next)) else { return false }
        // "ngân hàng" is a bank, not "ngàn" (thousand).
        return !(foldedWord(next) == "ngan" && isInlineSpace(next + 1) && isWordToken(next + 2)
            && foldedWord(next + 2) == "hang")
    }

    /// Whether the words ending at token `k` (folded) are `phrase`.
    private func wordsEnd(at k: Int, with phrase: [String]) -> Bool {
        var p = k
        for (i, word) in phrase.reversed().enumerated() {
            guard isWordToken(p), foldedWord(p) == word else { return false }
            if i == phrase.count - 1 { break }
            guard isInlineSpace(p - 1) else { return false }
            p -= 2
        }
        return true
    }

    // MARK: House numbers and alleys

    /// A house number at token `j`: 1–4 digits, maybe a letter ("45A"), then "/digits" parts ("12/4", "58/3B").
    /// The token index of its last token, or nil when it continues as something else ("12/2025/QĐ", "1.500", "12h30").
    private func houseNumber(at j: Int) -> Int? {
        guard isNumberToken(j), tokens[j].text.count <= 4 else { return nil }
        var e = j
        func letterSuffix() {
            if e + 1 < tokens.count, tokens[e + 1].kind == .word, tokens[e + 1].text.count == 1,
               tokens[e + 1].start == tokens[e].end, tokens[e + 1].text.first!.isASCII {
                e += 1
            }
        }
        letterSuffix()
        while e + 2 < tokens.count, tokens[e + 1].text == "/", isNumberToken(e + 2), tokens[e + 2].text.count <= 4 {
            e += 2
            letterSuffix()
        }
        if e + 1 < tokens.count {
            let t = tokens[e + 1]
            if t.kind == .word || t.kind == .number { return nil }
            if ["/", ".", ",", "-", ":"].contains(t.text), e + 2 < tokens.count, tokens[e + 2].kind != .space { return nil }
        }
        return e
    }

    private func isAlleyWord(_ k: Int) -> Bool {
        isWordToken(k) && MaskingLexicon.foldedAlleyWords.contains(foldedTokens[k])
            && MaskingLexicon.alleyWords.contains { Self.matches(tokens[k].text, $0) }
    }

    /// The house number right after the word at `k` ("hẻm 7", "hẻm số 7"): its first and last token.
    private func numberAfterWord(_ k: Int) -> (first: Int, last: Int)? {
        guard isInlineSpace(k + 1) else { return nil }
        var j = k + 2
        if isWordToken(j), isWord(tokens[j].text, "số"), isInlineSpace(j + 1) { j += 2 }
        guard let e = houseNumber(at: j) else { return nil }
        return (j, e)
    }

    /// What follows a house number shows an address: a street, alley or neighbourhood word, or a street name
    /// ("45 Hùng Vương"), not an organisation or province ("số 1022 Gia Lai").
    private func addressFollows(_ e: Int) -> Bool {
        guard let n = nextToken(e, skipping: [","]), isWordToken(n) else { return false }
        if MaskingLexicon.addressFollows.contains(where: { isWord(tokens[n].text, $0) }) || isAlleyWord(n) { return true }
        guard isNameWord(tokens[n]), !startsWithPlacePhrase(n),
              !MaskingLexicon.notNameStart.contains(tokens[n].text.lowercased()) else { return false }
        var words: [String] = []
        var p = n
        while p < tokens.count, words.count < 4, isNameWord(tokens[p]) {
            words.append(tokens[p].text)
            p += 2
            if !isInlineSpace(p - 1) { break }
        }
        let run = VietnameseText.fold(words.joined(separator: " "))
        return !MaskingLexicon.organisationsAndProvinces.contains { run == $0 || run.hasPrefix($0 + " ") }
    }

    func addressFinds() -> [Find] {
        var finds: [Find] = []
        var covered = -1
        for k in tokens.indices where k > covered {
            var found: (start: Int, last: Int)?
            if isAlleyWord(k), let n = numberAfterWord(k) {
                // "hẻm 58/3", "kiệt 35", "ngõ 12"
                found = (tokens[k].start, n.last)
            } else if isWordToken(k), isWord(tokens[k].text, "số") || (plain && foldedWord(k) == "so") {
                // "số nhà 216", "nhà số 45", "ở số 9", "số 27 tổ 5", "số 88 Lê Hồng Phong"; not "quầy số 3"
                var numberWord = k
                var strong = false
                if isInlineSpace(k + 1), isWordToken(k + 2), isWord(tokens[k + 2].text, "nhà") {
                    numberWord = k + 2
                    strong = true
                }
                let previous = previousWord(k, skipping: [":"]).map { tokens[$0].text.lowercased() }
                if let previous, ["nhà", "căn", "nha"].contains(previous) { strong = true }
                if let n = numberAfterWord(numberWord) {
                    let lead = previous.map { p in MaskingLexicon.addressLeads.contains { isWord(p, $0) } } ?? false
                    // "tờ bản đồ số 12" is a map sheet; "tiệm cầm đồ số 17" is a shop.
                    let map = previous == "đồ" && previousWord(k).flatMap { previousWord($0) }.map { isWord(tokens[$0].text, "bản") } == true
                    let thing = map || previous.map { p in MaskingLexicon.numberedThings.contains { isWord(p, $0) } } ?? false
                    if strong || lead || (!thing && addressFollows(n.last)) {
                        found = (tokens[k].start, n.last)
                    }
                }
            } else if isWordToken(k), isWord(tokens[k].text, "nhà"), isNumberToken(k + 2), let n = numberAfterWord(k),
                      addressFollows(n.last) {
                // "nhà 34 đường Hai Bà Trưng"; not "nhà 2 tầng"
                found = (tokens[k].start, n.last)
            } else if isWordToken(k), isWord(tokens[k].text, "căn"), isInlineSpace(k + 1), isWordToken(k + 2),
                      isWord(tokens[k + 2].text, "hộ"), let n = numberAfterWord(k + 2) {
                // "căn hộ 1203"
                found = (tokens[n.first].start, n.last)
            } else if isWordToken(k), isWord(tokens[k].text, "lô"), isInlineSpace(k + 1) {
                // "lô A12", "lô 5"
                let j = k + 2
                if isWordToken(j), (1...2).contains(tokens[j].text.count), tokens[j].text.allSatisfy({ $0.isASCII && $0.isUppercase }),
                   isNumberToken(j + 1), tokens[j + 1].start == tokens[j].end, houseNumber(at: j + 1) != nil {
                    found = (tokens[j].start, houseNumber(at: j + 1)!)
                } else if let e = houseNumber(at: j) {
                    found = (tokens[j].start, e)
                }
            } else if isNumberToken(k), let e = houseNumber(at: k), let p = previousWord(k, skipping: [":"]),
                      ["ở", "tại", "trú", "ngụ", "sống", "chỉ", "sn", "o", "tai", "chi"].contains(tokens[p].text.lowercased()),
                      plain || !["o", "tai", "chi"].contains(tokens[p].text.lowercased()), addressFollows(e) {
                // "Ở 45 Hùng Vương", "Địa chỉ: 123/5 Trần Hưng Đạo", "SN 12 Lê Lợi"
                found = (tokens[k].start, e)
            }
            guard let (start, first) = found else { continue }
            // Chain the alleys that follow: "số 12/4 hẻm 7", "ngõ 12 ngách 3".
            var last = first
            while let a = nextToken(last, skipping: [","]), isAlleyWord(a), let n = numberAfterWord(a) {
                last = n.last
            }
            finds.append(Find(kind: .address, start: start, end: tokens[last].end, priority: 1))
            covered = last
        }
        return finds
    }

    // MARK: Dates of birth

    /// A date at token `j`: `12/03/1985`, `5-11-1972`, `01.06.2019`, `3/1985`, `2 tháng 9 năm 1950`, `tháng 3 năm
    /// 1990`, a year 1900–2039, or (`shortYear`) a two-digit year. The token index of its last token.
    private func date(at j: Int, shortYear: Bool) -> Int? {
        func done(_ e: Int) -> Int? {
            if e + 1 < tokens.count, tokens[e + 1].kind == .word || tokens[e + 1].kind == .number { return nil }
            if e + 2 < tokens.count, [".", "/", "-", ","].contains(tokens[e + 1].text), isNumberToken(e + 2) { return nil }
            return e
        }
        func isYear(_ k: Int) -> Bool {
            guard isNumberToken(k), let y = Int(tokens[k].text) else { return false }
            return (tokens[k].text.count == 4 && (1900...2039).contains(y)) || (shortYear && tokens[k].text.count == 2)
        }
        if isWordToken(j), foldedWord(j) == "thang", isInlineSpace(j + 1), isNumberToken(j + 2) {
            return monthYear(from: j + 2) ?? date(at: j + 2, shortYear: false)
        }
        guard isNumberToken(j) else { return nil }
        let first = tokens[j].text
        // D/M/Y, D-M-Y, D.M.Y; M/Y
        if first.count <= 2, j + 2 < tokens.count, ["/", "-", "."].contains(tokens[j + 1].text), isNumberToken(j + 2) {
            let sep = tokens[j + 1].text
            if tokens[j + 2].text.count <= 2, j + 4 < tokens.count, tokens[j + 3].text == sep, isNumberToken(j + 4),
               [2, 4].contains(tokens[j + 4].text.count) {
                return done(j + 4)
            }
            if tokens[j + 2].text.count == 4, isYear(j + 2) { return done(j + 2) }
            return nil
        }
        // D tháng M [năm Y]
        if first.count <= 2, isInlineSpace(j + 1), isWordToken(j + 2), foldedWord(j + 2) == "thang", isInlineSpace(j + 3),
           isNumberToken(j + 4) {
            return monthYear(from: j + 4) ?? done(j + 4)
        }
        if isYear(j) { return done(j) }
        return nil
    }

    /// `M năm Y` from the month's number token: the year's token.
    private func monthYear(from m: Int) -> Int? {
        guard isNumberToken(m), tokens[m].text.count <= 2, isInlineSpace(m + 1), isWordToken(m + 2),
              foldedWord(m + 2) == "nam", isInlineSpace(m + 3), isNumberToken(m + 4), tokens[m + 4].text.count == 4 else {
            return nil
        }
        return m + 4
    }

    func birthDateFinds() -> [Find] {
        var finds: [Find] = []
        for k in tokens.indices where isWordToken(k) {
            let w = foldedWord(k)
            var verbal = false  // "sinh ngày …": the date follows at once
            var requiresRecord = false  // "giấy khai sinh ghi …"
            switch w {
            case "sinh":
                let before = previousWord(k)
                let previous = before.map(foldedWord)
                if let before, ["ngày", "năm", "tháng"].contains(where: { isWord(tokens[before].text, $0) }) {
                    verbal = false
                } else if previous == "khai" {
                    requiresRecord = true
                } else if let previous, MaskingLexicon.sinhCompounds.contains(previous) {
                    continue
                } else {
                    verbal = true
                }
            case "sn":
                // "SN 1955", "(SN: 12/3/1985)"; "SN 12 Lê Lợi" is a house number (no year).
                guard tokens[k].text == "SN" || tokens[k].text == "sn" || tokens[k].text == "Sn" else { continue }
                verbal = true
            case "dob":
                verbal = true
            default:
                continue
            }
            var j = k + 1
            var skipped = 0
            var recorded = false
            var shortYear = false
            while j < tokens.count {
                if isInlineSpace(j) || (tokens[j].kind == .other && [":", "(", "–", "-"].contains(tokens[j].text)) {
                    j += 1
                    continue
                }
                if tokens[j].kind == .word {
                    let f = foldedWord(j)
                    if f == "ngay" || f == "vao" || f == "luc" || f == "la" || f == "ghi" {
                        if f == "ghi" || f == "la" { recorded = true }
                        j += 1
                        continue
                    }
                    if f == "nam" {
                        shortYear = true
                        j += 1
                        continue
                    }
                    if f == "thang" { break }
                    if verbal || skipped >= 6 { break }
                    skipped += 1
                    j += 1
                    continue
                }
                break
            }
            guard j < tokens.count, !requiresRecord || recorded,
                  let e = date(at: j, shortYear: shortYear && (verbal || w == "sinh")) else { continue }
            finds.append(Find(kind: .dateOfBirth, start: tokens[j].start, end: tokens[e].end, priority: 1))
        }
        return finds
    }

    // MARK: Vehicle plates

    /// `81B1-234.56`, `77A-123.45`, `81-B1 23456`, `81B123456`, `51LD-001.23`: province code (2 digits), series (1–2
    /// letters, maybe a digit), 4–5 digits (`123.45`). A series in lower case only after `xe`, `biển`, `BKS`.
    func plateFinds() -> [Find] {
        var finds: [Find] = []
        for j in tokens.indices where isNumberToken(j) && tokens[j].text.count == 2 {
            if j > 0, tokens[j - 1].kind == .word || tokens[j - 1].kind == .number { continue }
            if j > 1, [".", "/", ",", "-", "+"].contains(tokens[j - 1].text), tokens[j - 2].kind == .number { continue }
            var p = j + 1
            if p < tokens.count, tokens[p].text == "-" || tokens[p].text == " " { p += 1 }
            guard isWordToken(p), (1...2).contains(tokens[p].text.count),
                  tokens[p].text.allSatisfy({ $0.isASCII && $0.isLetter }) else { continue }
            var q = p + 1
            var end: Int?
            if isNumberToken(q), tokens[q].start == tokens[p].end {
                let n = tokens[q].text.count
                if (4...6).contains(n) { end = q } else if n == 1 { q += 1 } else { continue }
            }
            if end == nil {
                if q < tokens.count, ["-", ".", " "].contains(tokens[q].text) { q += 1 }
                guard isNumberToken(q) else { continue }
                if tokens[q].text.count == 3, q + 2 < tokens.count, tokens[q + 1].text == ".", isNumberToken(q + 2),
                   tokens[q + 2].text.count == 2 {
                    end = q + 2
                } else if (4...5).contains(tokens[q].text.count) {
                    end = q
                } else {
                    continue
                }
            }
            guard let e = end else { continue }
            if e + 1 < tokens.count, tokens[e + 1].kind == .word || tokens[e + 1].kind == .number { continue }
            if e + 2 < tokens.count, [".", ","].contains(tokens[e + 1].text), isNumberToken(e + 2) { continue }
            if !tokens[p].text.allSatisfy(\.isUppercase) {
                var cued = false
                var b = j
                for _ in 0..<3 {
                    guard let w = previousWord(b, skipping: [":"]) else { break }
                    if ["xe", "bien", "bks", "bsx"].contains(foldedWord(w)) { cued = true }
                    b = w
                }
                guard cued else { continue }
            }
            finds.append(Find(kind: .vehiclePlate, start: tokens[j].start, end: tokens[e].end, priority: 1))
        }
        return finds
    }

    // MARK: Bank accounts, tax and social-insurance numbers

    /// Numbers of `digits` digits within `window` words after one of `cues` (folded word sequences), in the same
    /// sentence, unless a word of `stops` comes first or the number is an amount.
    private func cuedNumbers(cues: [[String]], digits: ClosedRange<Int>, exact: Set<Int>? = nil, window: Int,
                             stops: Set<String>, kind: PersonalDataKind) -> [Find] {
        var finds: [Find] = []
        let lastWords = Set(cues.compactMap(\.last))
        for k in tokens.indices where isWordToken(k) && lastWords.contains(foldedTokens[k]) {
            guard cues.contains(where: { wordsEnd(at: k, with: $0) }) else { continue }
            var j = k + 1
            var words = 0
            while j < tokens.count, !isSentenceBreak(j) {
                if tokens[j].kind == .word {
                    if stops.contains(foldedWord(j)) { break }
                    words += 1
                    if words > window { break }
                } else if tokens[j].kind == .number {
                    let chain = digitChain(at: j)
                    let fits = exact.map { $0.contains(chain.digits.count) } ?? digits.contains(chain.digits.count)
                    if fits, !isAmount(from: j, to: chain.end) {
                        finds.append(Find(kind: kind, start: tokens[j].start, end: tokens[chain.end].end, priority: 1))
                        break
                    }
                    if chain.digits.count >= digits.lowerBound { break }
                    j = chain.end
                }
                j += 1
            }
        }
        return finds
    }

    private static let bankCues: [[String]] = [
        ["so", "tai", "khoan"], ["tai", "khoan"], ["stk"], ["so", "tk"], ["tk"], ["ngan", "hang"], ["account"],
        ["mb", "bank"], ["a", "bank"], ["chuyen", "khoan"],
    ] + MaskingLexicon.bankNames.map { [$0] }

    private static let bankStops: Set<String> = [
        "zalo", "facebook", "fb", "tiktok", "dinh", "vneid", "email", "mail", "sdt", "dt", "thoai", "cccd", "cmnd",
        "hotline", "goi", "nhan", "tu",
    ]

    func bankAccountFinds() -> [Find] {
        var finds = cuedNumbers(cues: Self.bankCues, digits: 6...19, window: 6, stops: Self.bankStops, kind: .bankAccount)
        // A number right before a bank: "1027334455 ngân hàng BIDV", "0123456789 (Vietcombank)".
        var j = 0
        while j < tokens.count {
            guard isNumberToken(j), j == 0 || tokens[j - 1].kind != .number else { j += 1; continue }
            let chain = digitChain(at: j)
            defer { j = chain.end + 1 }
            guard (8...19).contains(chain.digits.count), !isAmount(from: j, to: chain.end) else { continue }
            var p = chain.end
            for _ in 0..<3 {
                guard let n = nextToken(p, skipping: ["(", "-", ",", ":"]), isWordToken(n) else { break }
                let f = foldedWord(n)
                if MaskingLexicon.bankNames.contains(f) || (f == "ngan" && isInlineSpace(n + 1) && isWordToken(n + 2)
                    && foldedWord(n + 2) == "hang") {
                    finds.append(Find(kind: .bankAccount, start: tokens[j].start, end: tokens[chain.end].end, priority: 1))
                    break
                }
                guard ["tai", "o", "cua", "thuoc"].contains(f) else { break }
                p = n
            }
        }
        return finds
    }

    /// Personal tax codes (10 or 13 digits after `mã số thuế` / `MST`) and social-insurance numbers (10 digits after
    /// `BHXH`).
    func cuedIDFinds() -> [Find] {
        cuedNumbers(cues: [["ma", "so", "thue"], ["mst"], ["ma", "thue"]], digits: 10...13, exact: [10, 13], window: 4,
                    stops: [], kind: .idNumber)
            + cuedNumbers(cues: [["bhxh"], ["bao", "hiem", "xa", "hoi"]], digits: 10...10, window: 4, stops: [],
                          kind: .idNumber)
    }

    // MARK: Passports and health-insurance cards

    /// `C1234567` (one capital and 7 digits) anywhere; after `hộ chiếu` / `passport` also 1–2 letters and 7–8 digits.
    /// A health-insurance card, 2 capitals and 13 digits (`GD4525212345678`), is an ID number.
    func passportAndCardFinds() -> [Find] {
        var finds: [Find] = []
        for k in tokens.indices where isWordToken(k) && tokens[k].text.count <= 2 {
            let letters = tokens[k].text
            guard letters.allSatisfy({ $0.isASCII && $0.isLetter }), isNumberToken(k + 1),
                  tokens[k + 1].start == tokens[k].end else { continue }
            if k > 0, tokens[k - 1].kind == .number || (tokens[k - 1].kind == .other && tokens[k - 1].text != "("
                && tokens[k - 1].text != ":" && tokens[k - 1].text != "\"") { continue }
            let e = k + 1
            if e + 1 < tokens.count, tokens[e + 1].kind == .word || tokens[e + 1].kind == .number { continue }
            if e + 2 < tokens.count, [".", ",", "/", "-"].contains(tokens[e + 1].text), isNumberToken(e + 2) { continue }
            let n = tokens[e].text.count
            let upper = letters.allSatisfy(\.isUppercase)
            if upper, letters.count == 2, n == 13 {
                finds.append(Find(kind: .idNumber, start: tokens[k].start, end: tokens[e].end, priority: 1))
                continue
            }
            if upper, letters.count == 1, n == 7 {
                finds.append(Find(kind: .passport, start: tokens[k].start, end: tokens[e].end, priority: 1))
                continue
            }
            guard (7...8).contains(n) else { continue }
            var cued = false
            var b = k
            for _ in 0..<4 {
                guard let w = previousWord(b, skipping: [":"]) else { break }
                if foldedWord(w) == "passport" || (foldedWord(w) == "chieu" && (previousWord(w).map(foldedWord) == "ho")) {
                    cued = true
                }
                b = w
            }
            if cued { finds.append(Find(kind: .passport, start: tokens[k].start, end: tokens[e].end, priority: 1)) }
        }
        return finds
    }

    // MARK: Social networks

    /// `@handle` (2–30 letters, digits, `.`, `_`) not inside an e-mail address or a link, and not a role such as
    /// `@admin`.
    func handleFinds() -> [Find] {
        var finds: [Find] = []
        for at in chars.indices where chars[at] == "@" {
            if at > 0, !(chars[at - 1].isWhitespace || "(:,;\"'“‘[".contains(chars[at - 1])) { continue }
            var e = at + 1
            while e < chars.count, chars[e].isASCII, chars[e].isLetter || chars[e].isNumber || chars[e] == "_" || chars[e] == "." {
                e += 1
            }
            while e > at + 1, chars[e - 1] == "." { e -= 1 }
            let handle = String(chars[(at + 1)..<e]).lowercased()
            guard (2...30).contains(handle.count), e >= chars.count || chars[e] != "@",
                  !MaskingLexicon.genericHandles.contains(handle) else { continue }
            // "@gmail.com" after a space is the end of an address written with a space, not a handle.
            if let dot = handle.lastIndex(of: "."), MaskingLexicon.topLevelDomains.contains(String(handle[handle.index(after: dot)...])) {
                continue
            }
            finds.append(Find(kind: .socialMedia, start: at, end: e, priority: 1))
        }
        return finds
    }

    /// Links to a profile on a social network: a host of ``MaskingLexicon/socialHosts`` (with any subdomain and
    /// scheme) followed by a path (on YouTube, a channel path: `@…`, `channel/…`, `c/…`, `user/…`).
    func profileLinkFinds() -> [Find] {
        var finds: [Find] = []
        let count = foldedChars.count
        func isHostChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_") }
        guard foldedChars.contains("/") else { return [] }
        for host in MaskingLexicon.socialHosts {
            let pattern = Array(host)
            guard count > pattern.count else { continue }
            for i in 0..<(count - pattern.count) where foldedChars[i] == pattern[0] {
                guard (1..<pattern.count).allSatisfy({ foldedChars[i + $0] == pattern[$0] }) else { continue }
                var s = i
                if s > 0, isHostChar(foldedChars[s - 1]) { continue }
                // Subdomains of profile pages ("www.", "m.", "vt.") and the scheme; not API hosts ("graph.", "openapi.").
                var apiHost = false
                while s > 1, foldedChars[s - 1] == ".", isHostChar(foldedChars[s - 2]) {
                    var t = s - 1
                    while t > 0, isHostChar(foldedChars[t - 1]) { t -= 1 }
                    if !MaskingLexicon.profileSubdomains.contains(String(foldedChars[t..<(s - 1)])) { apiHost = true }
                    s = t
                }
                if apiHost { continue }
                if s >= 3, String(foldedChars[(s - 3)..<s]) == "://" {
                    var t = s - 3
                    while t > 0, foldedChars[t - 1].isASCII, foldedChars[t - 1].isLetter { t -= 1 }
                    s = t
                }
                var e = i + pattern.count
                guard e < count, foldedChars[e] == "/" else { continue }
                e += 1
                let pathStart = e
                while e < count, chars[e].isASCII, !chars[e].isWhitespace, !"<>\"'()[]{}".contains(chars[e]) { e += 1 }
                while e > pathStart, ".,;:!?".contains(chars[e - 1]) { e -= 1 }
                guard e > pathStart else { continue }
                if host == "youtube.com" {
                    let path = String(foldedChars[pathStart..<e])
                    guard ["@", "channel/", "c/", "user/"].contains(where: path.hasPrefix) else { continue }
                }
                finds.append(Find(kind: .socialMedia, start: s, end: e, priority: 1))
            }
        }
        return finds
    }

    // MARK: Obfuscated e-mail addresses

    /// `ten (at) gmail chấm com`, `ten[@]gmail.com`, `ten a còng gmail chấm com`, `ten [at] yahoo [dot] com`,
    /// `ten @ gmail . com`: a local part, an at-marker, domain labels joined by dot-markers, a known top-level domain.
    func obfuscatedEmailFinds() -> [Find] {
        let f = foldedChars
        let count = f.count
        func skipSpaces(_ i: Int) -> Int {
            var i = i
            while i < count, f[i] == " " || f[i] == "\u{00A0}" { i += 1 }
            return i
        }
        func word(_ w: String, at i: Int) -> Int? {
            let p = Array(w)
            guard i + p.count <= count, Array(f[i..<(i + p.count)]) == p else { return nil }
            let e = i + p.count
            if e < count, f[e].isLetter || f[e].isNumber { return nil }
            return e
        }
        /// A bracketed marker "(at)", "[ @ ]", "{dot}" whose inner word is one of `inner`.
        func bracketed(_ inner: [String], at i: Int) -> Int? {
            guard i < count, "([{".contains(f[i]) else { return nil }
            let close: Character = f[i] == "(" ? ")" : f[i] == "[" ? "]" : "}"
            let j = skipSpaces(i + 1)
            for w in inner {
                let p = Array(w)
                guard j + p.count <= count, Array(f[j..<(j + p.count)]) == p else { continue }
                let k = skipSpaces(j + p.count)
                if k < count, f[k] == close { return k + 1 }
            }
            return nil
        }
        func atMarker(_ i: Int) -> Int? {
            let j = skipSpaces(i)
            if j < count, f[j] == "@" { return j + 1 }
            if let e = bracketed(["at", "@", "a"], at: j) { return e }
            guard j > i else { return nil }  // a word marker needs a space before it
            for w in ["at", "a cong", "acong"] {
                if let e = word(w, at: j), e < count, f[e] == " " { return e }
            }
            return nil
        }
        func dotMarker(_ i: Int) -> Int? {
            let j = skipSpaces(i)
            if j < count, f[j] == "." { return j + 1 }
            if let e = bracketed(["dot", "cham", "."], at: j) { return e }
            guard j > i else { return nil }
            for w in ["dot", "cham"] {
                if let e = word(w, at: j), e < count, f[e] == " " { return e }
            }
            return nil
        }
        func label(_ i: Int) -> Int? {
            let j = skipSpaces(i)
            var e = j
            while e < count, chars[e].isASCII, f[e].isLetter || f[e].isNumber || f[e] == "-" { e += 1 }
            return e > j ? e : nil
        }
        func isLocal(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || "._%+-".contains(c)) }

        // Quick test: no at-marker, no e-mail.
        guard f.contains("@") || f.indices.contains(where: { i in
            (f[i] == "a" && i > 0 && !f[i - 1].isLetter && i + 1 < count && (f[i + 1] == "t" || f[i + 1] == " " || f[i + 1] == "c"
                || f[i + 1] == ")" || f[i + 1] == "]"))
        }) else { return [] }
        var finds: [Find] = []
        var i = 1
        while i < count {
            guard isLocal(chars[i - 1]), !isLocal(chars[i]) || chars[i] == "@" || chars[i] == "(" || chars[i] == "[" else {
                i += 1
                continue
            }
            // Local part ends at i.
            guard let afterAt = atMarker(i) else { i += 1; continue }
            var s = i
            while s > 0, isLocal(chars[s - 1]) { s -= 1 }
            while s < i, chars[s] == "." { s += 1 }
            guard s < i, s == 0 || !(chars[s - 1].isLetter || chars[s - 1].isNumber) else { i += 1; continue }
            guard var end = label(afterAt) else { i += 1; continue }
            var labels = [String(f[skipSpaces(afterAt)..<end])]
            while let d = dotMarker(end), let e = label(d) {
                labels.append(String(f[skipSpaces(d)..<e]))
                end = e
            }
            // The last label must be a top-level domain; drop trailing words that are not ("… chấm com nhé").
            while labels.count > 1, !MaskingLexicon.topLevelDomains.contains(labels[labels.count - 1]) {
                labels.removeLast()
                // Recompute the end by scanning again up to the shortened label list.
                var e = label(afterAt)!
                for _ in 1..<labels.count { e = label(dotMarker(e)!)! }
                end = e
            }
            guard labels.count >= 2, MaskingLexicon.topLevelDomains.contains(labels[labels.count - 1]) else {
                i += 1
                continue
            }
            finds.append(Find(kind: .email, start: s, end: end, priority: 1))
            i = end
        }
        return finds
    }
}
