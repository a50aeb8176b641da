import Foundation

// MARK: - Scanning

/// The text as characters with their indices, and a simple tokenisation.
struct Scan {
    enum Kind { case word, number, space, other }
    struct Token {
        var kind: Kind
        var start: Int
        var end: Int
        var text: String
    }

    let text: String
    let chars: [Character]
    let indices: [String.Index]  // indices[chars.count] == text.endIndex
    let tokens: [Token]
    let tokenAt: [Int]  // character offset → token index
    /// One lowercased, folded character per character of the text (``VietnameseText/foldCharacter(_:)``).
    let foldedChars: [Character]
    /// The folded text of every token (``foldedChars`` joined), to compare words with folded word lists.
    let foldedTokens: [String]
    /// Whether the text is written without diacritics ("không dấu"): fewer than one word in eight of two letters or
    /// more carries a mark. Only then may a cue or name written without diacritics stand for one with them.
    let plain: Bool

    init(_ text: String) {
        self.text = text
        var chars: [Character] = []
        var indices: [String.Index] = []
        var i = text.startIndex
        while i < text.endIndex {
            chars.append(text[i])
            indices.append(i)
            i = text.index(after: i)
        }
        indices.append(text.endIndex)
        self.chars = chars
        self.indices = indices

        var tokens: [Token] = []
        var tokenAt = [Int](repeating: 0, count: chars.count)
        var p = 0
        func isApostrophe(_ c: Character) -> Bool { c == "'" || c == "\u{2019}" }
        while p < chars.count {
            let c = chars[p]
            let start = p
            let kind: Kind
            if c.isLetter {
                kind = .word
                p += 1
                while p < chars.count,
                      chars[p].isLetter || (isApostrophe(chars[p]) && p + 1 < chars.count && chars[p + 1].isLetter) {
                    p += 1
                }
            } else if Self.isDigit(c) {
                kind = .number
                while p < chars.count, Self.isDigit(chars[p]) { p += 1 }
            } else if c.isWhitespace {
                kind = .space
                while p < chars.count, chars[p].isWhitespace { p += 1 }
            } else {
                kind = .other
                p += 1
            }
            for q in start..<p { tokenAt[q] = tokens.count }
            tokens.append(Token(kind: kind, start: start, end: p, text: String(chars[start..<p])))
        }
        self.tokens = tokens
        self.tokenAt = tokenAt
        var folds: [Character: Character] = [:]
        self.foldedChars = chars.map { c in
            if c.isASCII { return c.isUppercase ? Character(c.lowercased()) : c }
            if let f = folds[c] { return f }
            let f = VietnameseText.foldCharacter(c)
            let folded = f.count == 1 ? f.first! : (c.lowercased().first ?? c)
            folds[c] = folded
            return folded
        }
        let foldedChars = self.foldedChars
        self.foldedTokens = tokens.map { String(foldedChars[$0.start..<$0.end]) }
        let words = tokens.filter { $0.kind == .word && $0.text.count >= 2 }
        let marked = words.filter { !Scan.isUnmarked($0.text) }.count
        self.plain = !words.isEmpty && marked * 8 < words.count
    }

    static func isDigit(_ c: Character) -> Bool {
        c.isASCII && c.isNumber
    }

    func folded(_ start: Int, _ end: Int) -> String {
        VietnameseText.fold(String(chars[max(0, start)..<min(chars.count, end)]))
    }

    // MARK: Replacement

    /// Replaces the (sorted, non-overlapping) finds by their placeholders. Building the output from left to right
    /// gives the same text as replacing from right to left, without reusing indices of a mutated string.
    func apply(_ finds: [Find]) -> MaskingResult {
        var spans: [MaskedSpan] = []
        var output = ""
        var copied = text.startIndex
        for find in finds {
            let range = indices[find.start]..<indices[find.end]
            spans.append(MaskedSpan(kind: find.kind, original: String(text[range]), range: range))
            output += text[copied..<range.lowerBound]
            output += find.kind.placeholder
            copied = range.upperBound
        }
        output += text[copied...]
        return MaskingResult(text: output, spans: spans)
    }

    // MARK: Known values

    func knownValueFinds(words: [(kind: PersonalDataKind, words: [String])],
                         digits: [(kind: PersonalDataKind, digits: String)]) -> [Find] {
        guard !words.isEmpty || !digits.isEmpty else { return [] }
        // Alphanumeric runs, folded: the unit of word-boundary matching.
        var runs: [(start: Int, end: Int, key: String)] = []
        var p = 0
        while p < chars.count {
            if chars[p].isLetter || chars[p].isNumber {
                let start = p
                while p < chars.count, chars[p].isLetter || chars[p].isNumber { p += 1 }
                runs.append((start, p, folded(start, p)))
            } else {
                p += 1
            }
        }
        func gapIsSeparator(_ a: Int, _ b: Int) -> Bool {
            let gap = runs[b].start - runs[a].end
            return gap <= 3 && !chars[runs[a].end..<runs[b].start].contains("\n")
        }
        var finds: [Find] = []
        for value in words {
            let n = value.words.count
            guard n > 0, runs.count >= n else { continue }
            for s in 0...(runs.count - n) {
                var ok = true
                for k in 0..<n where runs[s + k].key != value.words[k] || (k > 0 && !gapIsSeparator(s + k - 1, s + k)) {
                    ok = false
                    break
                }
                if ok { finds.append(Find(kind: value.kind, start: runs[s].start, end: runs[s + n - 1].end)) }
            }
        }
        for value in digits {
            for s in runs.indices where runs[s].key.first?.isNumber == true {
                var joined = ""
                var e = s
                while e < runs.count, runs[e].key.allSatisfy(\.isNumber), e == s || gapIsSeparator(e - 1, e) {
                    joined += runs[e].key
                    if PhoneRules.normalised(joined) == value.digits {
                        finds.append(Find(kind: value.kind, start: runs[s].start, end: runs[e].end))
                        break
                    }
                    if joined.count > 15 { break }
                    e += 1
                }
            }
        }
        return finds
    }

    // MARK: Phones and ID numbers

    private enum Gap { case tight, loose, paren, none }

    func phoneAndIDFinds() -> [Find] {
        let groups = tokens.filter { $0.kind == .number }
        guard !groups.isEmpty else { return [] }
        // How group k is joined to group k + 1.
        var gaps: [Gap] = []
        for k in 0..<(groups.count - 1) {
            let between = String(chars[groups[k].end..<groups[k + 1].start])
            switch between {
            case ".", "-", "\u{2011}": gaps.append(.tight)
            case " ", "\u{00A0}": gaps.append(.loose)
            case ")", ") ", ")\u{00A0}": gaps.append(.paren)
            default: gaps.append(.none)
            }
        }
        var finds: [Find] = []
        var i = 0
        while i < groups.count {
            // Never start inside a dotted or hyphenated chain: "1.150.000.000" is one number.
            if i > 0, gaps[i - 1] == .tight {
                i += 1
                continue
            }
            let before = groups[i].start > 0 ? chars[groups[i].start - 1] : " "
            let plus = before == "+"
            // "(0269) 3822 123", "(+84) 912 345 678"
            let openParen = before == "(" || (plus && groups[i].start > 1 && chars[groups[i].start - 2] == "(")
            var digits = ""
            var best: (end: Int, kind: PersonalDataKind)?
            var j = i
            while j < groups.count {
                if j > i {
                    let gap = gaps[j - 1]
                    let allowed = gap == .tight || gap == .loose || (gap == .paren && openParen && j - 1 == i)
                    if !allowed { break }
                }
                digits += groups[j].text
                if digits.count > 15 { break }
                let cutsChain = j < groups.count - 1 && gaps[j] == .tight
                if !cutsChain {
                    if PhoneRules.isPhone(digits, plus: plus) {
                        best = (j, .phone)
                    } else if !plus, PhoneRules.isIDNumber(digits), isIDNumber(from: groups[i].start, to: groups[j].end) {
                        best = (j, .idNumber)
                    }
                }
                j += 1
            }
            if let best {
                // The opening parenthesis belongs to the number only when its closing one is inside: "(0269) 3822 123".
                let usedParen = openParen && best.end > i && gaps[i] == .paren
                let start = groups[i].start - (plus ? 1 : 0) - (usedParen ? 1 : 0)
                finds.append(Find(kind: best.kind, start: start, end: groups[best.end].end))
                i = best.end + 1
            } else {
                i += 1
            }
        }
        return finds
    }

    /// A 9- or 12-digit number is an ID number, unless no ID cue precedes it and it looks like money: a unit follows
    /// ("150.000.000 đồng"), a money word comes shortly before ("giá 120.000.000"), or it is grouped in thousands
    /// with dots and ends in `.000`.
    private func isIDNumber(from start: Int, to end: Int) -> Bool {
        let context = folded(start - 40, start)
        if MaskingLexicon.idCues.contains(where: { context.contains($0) }) { return true }
        let written = String(chars[start..<end])
        if written.contains("."), written.hasSuffix(".000") { return false }
        let lastWords = folded(start - 20, start).split(separator: " ").suffix(2).map(String.init)
        if lastWords.contains(where: MaskingLexicon.moneyWords.contains) { return false }
        var p = end
        while p < chars.count, chars[p] == " " || chars[p] == "\u{00A0}" { p += 1 }
        guard p < chars.count else { return true }
        if "%$₫€".contains(chars[p]) { return false }
        if chars[p] == "/" { return false }  // a rate or a fraction
        var q = p
        while q < chars.count, chars[q].isLetter || chars[q].isNumber || chars[q] == "²" || chars[q] == "³" { q += 1 }
        let next = folded(p, q).replacingOccurrences(of: "²", with: "2").replacingOccurrences(of: "³", with: "3")
        return !MaskingLexicon.units.contains(next)
    }

    // MARK: Emails

    func emailFinds() -> [Find] {
        func isLocal(_ c: Character) -> Bool {
            c.isASCII && (c.isLetter || c.isNumber || "._%+-'".contains(c))
        }
        func isDomain(_ c: Character) -> Bool {
            c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "-")
        }
        var finds: [Find] = []
        var lastEnd = 0
        for at in chars.indices where chars[at] == "@" && at >= lastEnd {
            var s = at
            while s > lastEnd, isLocal(chars[s - 1]) { s -= 1 }
            while s < at, chars[s] == "." { s += 1 }
            var e = at + 1
            while e < chars.count, isDomain(chars[e]) { e += 1 }
            while e > at + 1, chars[e - 1] == "." || chars[e - 1] == "-" { e -= 1 }
            guard s < at, e > at + 1 else { continue }
            let domain = String(chars[(at + 1)..<e])
            guard let lastDot = domain.lastIndex(of: "."),
                  domain[domain.index(after: lastDot)...].count >= 2,
                  domain[domain.index(after: lastDot)...].allSatisfy(\.isLetter),
                  !domain.hasPrefix(".") else { continue }
            finds.append(Find(kind: .email, start: s, end: e))
            lastEnd = e
        }
        return finds
    }

}
