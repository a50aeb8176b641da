import Foundation

/// Names: capitalised words after a cue or shaped like a name, and names in lower case after a form of address or an
/// introduction. See ``Masking`` for the rules.
extension Scan {
    // MARK: Word matching

    /// `word` (lowercase, with diacritics) matches a word of the text: equal when lowercased, or equal when folded if
    /// the text's word was written without diacritics ("toi ten" for "tôi tên"). Used for phrases of two words or
    /// more, where the phrase itself removes the ambiguity.
    static func matches(_ textWord: String, _ word: String) -> Bool {
        let lower = textWord.lowercased()
        if lower == word { return true }
        return isUnmarked(textWord) && lower == MaskingLexicon.fold(word)
    }

    /// Like ``matches(_:_:)``, but a word without diacritics stands for one with them only in a text written without
    /// diacritics: in "ngã ba Phú Tài", "ba" is not "bà".
    func isWord(_ textWord: String, _ word: String) -> Bool {
        let lower = textWord.lowercased()
        if lower == word { return true }
        return plain && Self.isUnmarked(textWord) && lower == MaskingLexicon.fold(word)
    }

    /// Whether `word` has no Vietnamese diacritics (nor `đ`): for letters, whether it is plain ASCII. Cheaper than
    /// ``VietnameseText/isWithoutDiacritics(_:)`` and the same on words (NFD marks and `đ` are not ASCII).
    static func isUnmarked(_ word: String) -> Bool {
        word.unicodeScalars.allSatisfy(\.isASCII)
    }

    /// A word of a place phrase: as ``isWord(_:_:)``, except that in a text without diacritics the words that are
    /// more often something else are not read as places: "cho" (cho, chợ), "ho" (hộ, hồ), "den" (đến, đền), "hon"
    /// (hơn, hòn), "dinh" (Đinh, đình), "ban" (bạn, bản), "ga", "dao", "lang".
    func isPlaceWord(_ textWord: String, _ word: String) -> Bool {
        let lower = textWord.lowercased()
        if lower == word { return true }
        return plain && Self.isUnmarked(textWord) && lower == MaskingLexicon.fold(word)
            && !["cho", "ho", "den", "hon", "dinh", "ban", "ga", "dao", "lang", "bai", "mui", "dam"].contains(lower)
    }

    /// Whether `words` end with the place phrase `phrase` (``isPlaceWord(_:_:)``).
    func endsWithPlace(_ words: [String], _ phrase: [String]) -> Bool {
        guard words.count >= phrase.count else { return false }
        return zip(words.suffix(phrase.count), phrase).allSatisfy { isPlaceWord($0, $1) }
    }

    /// Whether `words` start with the place phrase `phrase` (``isPlaceWord(_:_:)``).
    func startsWithPlace(_ words: [String], _ phrase: [String]) -> Bool {
        phrase.count <= words.count && zip(words, phrase).allSatisfy { isPlaceWord($0, $1) }
    }

    static func isFamilyName(_ word: String) -> Bool {
        isUnmarked(word)
            ? MaskingLexicon.foldedFamilyNames.contains(word.lowercased())
            : MaskingLexicon.familyNames.contains(word.lowercased())
    }

    /// A word like `H'Mai`, `Y'Nhi`: one capital, an apostrophe, a capitalised word (Ê Đê and Jrai given names).
    static func isApostropheName(_ word: String) -> Bool {
        let letters = Array(word)
        guard letters.count > 2, letters[0].isUppercase, letters[1] == "'" || letters[1] == "\u{2019}",
              letters[2].isUppercase else { return false }
        return letters[3...].allSatisfy { $0.isLowercase }
    }

    /// Capitalised word that can be part of a name: `Nguyễn`, `A`, `H'Mai`, `NGUYỄN` (not an abbreviation, not a
    /// brand such as `Facebook`).
    func isNameWord(_ t: Token) -> Bool {
        guard t.kind == .word else { return false }
        let letters = Array(t.text)
        guard let first = letters.first, first.isUppercase else { return false }
        if MaskingLexicon.brands.contains(t.text.lowercased()) { return false }
        let rest = letters.dropFirst()
        if rest.allSatisfy({ $0.isLowercase }) { return true }
        if rest.allSatisfy({ $0.isUppercase || $0 == "'" || $0 == "\u{2019}" }) {
            return !MaskingLexicon.abbreviations.contains(VietnameseText.fold(t.text))
        }
        return Self.isApostropheName(t.text)
    }

    /// Whether token k is a space that does not break a line.
    func isInlineSpace(_ k: Int) -> Bool {
        k >= 0 && k < tokens.count && tokens[k].kind == .space && !tokens[k].text.contains(where: \.isNewline)
    }

    /// Whether token k is exactly one space (a name's words are separated by one).
    private func isSingleSpace(_ k: Int) -> Bool {
        k >= 0 && k < tokens.count && (tokens[k].text == " " || tokens[k].text == "\u{00A0}")
    }

    /// Maximal runs of name words separated by single spaces, as arrays of token indices.
    private func nameRuns() -> [[Int]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        var k = 0
        while k < tokens.count {
            if isNameWord(tokens[k]) {
                current.append(k)
                if k + 2 < tokens.count, isSingleSpace(k + 1), isNameWord(tokens[k + 2]) {
                    k += 2
                    continue
                }
                runs.append(current)
                current = []
            }
            k += 1
        }
        return runs
    }

    /// Up to `count` words before token `k` (exclusive), separated by inline spaces, oldest first.
    func wordsBefore(_ k: Int, count: Int) -> [String] {
        var words: [String] = []
        var p = k - 1
        while p >= 0, words.count < count {
            if tokens[p].kind == .word {
                words.insert(tokens[p].text, at: 0)
                p -= 1
                if p >= 0, isInlineSpace(p) { p -= 1 } else { break }
            } else {
                break
            }
        }
        return words
    }

    func endsWith(_ words: [String], _ phrase: [String]) -> Bool {
        guard words.count >= phrase.count else { return false }
        return zip(words.suffix(phrase.count), phrase).allSatisfy { Self.matches($0, $1) }
    }

    // MARK: Cues

    struct CueMatch {
        let minWords: Int
        let kind: MaskingLexicon.CueKind
        /// The cue's last word as written, lowercased.
        let word: String
        /// Token index of the cue's first word.
        let start: Int
    }

    /// The cue before the word at token `k`: directly, or with `:`, `,`, a dash between (not after a form of address:
    /// "Ông: X" is not how people write).
    private func cue(before k: Int) -> CueMatch? {
        var p = k - 1
        if p >= 0, isInlineSpace(p) { p -= 1 }
        var punctuated = false
        if p >= 0, tokens[p].kind == .other, [":", ",", "-", "–", "—"].contains(tokens[p].text) {
            punctuated = true
            p -= 1
            if p >= 0, isInlineSpace(p) { p -= 1 }
        }
        guard p >= 0, tokens[p].kind == .word else { return nil }
        return cue(endingAt: p, punctuated: punctuated)
    }

    /// The cue whose last word is token `p`; the one allowing the fewest name words when several end there.
    private func cue(endingAt p: Int, punctuated: Bool) -> CueMatch? {
        guard let candidates = MaskingLexicon.cuesByLastWord[foldedTokens[p]] else { return nil }
        let words = wordsBefore(p + 1, count: 4)
        guard let last = words.last else { return nil }
        var best: CueMatch?
        for cue in candidates {
            let single = cue.words.count == 1
            // One word: diacritics must match unless the text has none ("ba" is not "bà" in "ngã ba").
            guard single ? isWord(last, cue.words[0]) : endsWith(words, cue.words) else { continue }
            if punctuated, cue.kind == .title { continue }
            let cueStart = p - 2 * (cue.words.count - 1)
            if cue.kind == .title {
                // A form of address after a place word, or closing one, is part of the place: "đường bà Triệu",
                // "ngã ba".
                if isPlace(before: cueStart) { continue }
                let two = wordsBefore(p + 1, count: 3)
                // Without diacritics a title may also read as a place word: "duong" (dượng, đường), "cau" (cậu, cầu).
                if MaskingLexicon.placePhrases.contains(where: { endsWithPlace(two, $0) }) { continue }
            }
            if let current = best, current.minWords <= cue.minWords { continue }
            best = CueMatch(minWords: cue.minWords, kind: cue.kind, word: last.lowercased(), start: cueStart)
        }
        return best
    }

    /// Whether the capitalised words starting at token `k` are a place or organisation: walking back over numbers,
    /// dashes, `số`, `và` and other capitalised words, the first other word ends a place phrase.
    func isPlace(before k: Int) -> Bool {
        var p = k - 1
        var steps = 0
        while p >= 0, steps < 16 {
            steps += 1
            let t = tokens[p]
            switch t.kind {
            case .space:
                if t.text.contains(where: \.isNewline) { return false }
            case .number:
                break
            case .other:
                if !["-", "–", "—", "/"].contains(t.text) { return false }
            case .word:
                if isNameWord(t) || Self.matches(t.text, "số") || Self.matches(t.text, "và") { break }
                let words = wordsBefore(p + 1, count: 3)
                return MaskingLexicon.placePhrases.contains { endsWithPlace(words, $0) }
            }
            p -= 1
        }
        return false
    }

    // MARK: Capitalised names

    func nameFinds(contacts: [Find]) -> [Find] {
        var finds: [Find] = []
        let contactStarts = contacts.map(\.start).sorted()
        for run in nameRuns() {
            let words = run.map { tokens[$0].text }
            let lower = words.map { $0.lowercased() }
            func find(_ from: Int, _ count: Int) -> Find {
                Find(kind: .name, start: tokens[run[from]].start, end: tokens[run[from + count - 1]].end)
            }
            func foldedWords(_ from: Int, _ count: Int) -> String {
                VietnameseText.fold(words[from..<(from + count)].joined(separator: " "))
            }
            func isFamousWithTitle(_ from: Int) -> Bool {
                let text = foldedWords(from, words.count - from)
                return MaskingLexicon.placesWithHonorific.contains { text == $0 || text.hasPrefix($0 + " ") }
            }
            /// One word after a title is a name if it is a real word of two letters or more ("chị Lan", not "Y").
            func isNameStart(_ i: Int, count: Int) -> Bool {
                guard !MaskingLexicon.notNameStart.contains(lower[i]),
                      !MaskingLexicon.highlandsPlaceHeads.contains(VietnameseText.fold(words[i])) else { return false }
                return count > 1 || words[i].count >= 2
            }

            // 1. A capitalised form of address at the start of the run (after greeting words): "Ông Hứa Văn Kiệt",
            //    "Chị Lan", "Thưa Bà …", but not inside a proper noun ("Hai Bà Trưng") or a famous name ("Bác Hồ").
            if let h = lower.firstIndex(where: { w in MaskingLexicon.titles.contains { isWord(w, $0) } }),
               lower[..<h].allSatisfy({ w in MaskingLexicon.greetings.contains { Self.matches(w, $0) } }),
               // "Chu Se" without diacritics is Chư Sê, a place, not "Chú Sê".
               !(Self.isUnmarked(words[h])
                   && MaskingLexicon.highlandsPlaceHeads.contains(VietnameseText.fold(words[h]))) {
                let nameCount = min(4, words.count - h - 1)
                if nameCount >= 1, !isFamousWithTitle(h), !isPlace(before: run[0]), isNameStart(h + 1, count: nameCount) {
                    finds.append(find(h + 1, nameCount))
                }
                continue
            }

            // 2. A cue before the run: "tôi là", "tên", "ông" (lowercase), "Người gửi:", "nick Facebook".
            if let cue = cue(before: run[0]) {
                let count = min(4, words.count)
                var isName = count >= cue.minWords && isNameStart(0, count: count)
                if cue.kind == .title {
                    let text = VietnameseText.fold(cue.word) + " " + foldedWords(0, words.count)
                    if MaskingLexicon.placesWithHonorific.contains(where: { text == $0 || text.hasPrefix($0 + " ") }) {
                        isName = false
                    }
                } else {
                    let runText = foldedWords(0, words.count)
                    if MaskingLexicon.organisationsAndProvinces.contains(where: { runText == $0 || runText.hasPrefix($0 + " ") }) {
                        isName = false
                    }
                }
                if isName { finds.append(find(0, count)) }
                continue
            }

            // Without a cue: not after a place word, and not a place itself ("Đường Trần Hưng Đạo" opening a sentence).
            let isPlaceName = MaskingLexicon.placePhrases.contains { startsWithPlace(words, $0) }
            let head = VietnameseText.fold(words[0])
            guard !isPlaceName, !isPlace(before: run[0]), !MaskingLexicon.notNameStart.contains(lower[0]),
                  !MaskingLexicon.highlandsPlaceHeads.contains(head) else { continue }
            let runText = foldedWords(0, words.count)
            if MaskingLexicon.notPersons.contains(where: { runText == $0 || runText.hasPrefix($0 + " ") }) { continue }

            // 3. Names of the Central Highlands peoples: a word like "H'Hoa"; two or more words starting with a Jrai or
            //    Bahnar family name ("Nay Phin", "Rơ Mah Tuin"), with the Ê Đê prefix "Y" ("Y Bih Niê") or ending
            //    with an Ê Đê family name ("H'Yến Ayun").
            if words.contains(where: Self.isApostropheName) {
                finds.append(find(0, min(4, words.count)))
                continue
            }
            if words.count >= 2, !MaskingLexicon.notNameStart.contains(lower[1]) {
                let second = VietnameseText.fold(words[1])
                let lastWord = VietnameseText.fold(words[words.count - 1])
                if MaskingLexicon.highlandsFamilyNames.contains(head)
                    || (head == "y" && !MaskingLexicon.yCompounds.contains(second))
                    || (words.count <= 4 && MaskingLexicon.edeFamilyNames.contains(lastWord)) {
                    finds.append(find(0, min(4, words.count)))
                    continue
                }
            }

            // 4. 3–4 words starting with a family name: "…, Trương Văn Bảy".
            if (3...4).contains(words.count), Self.isFamilyName(words[0]) {
                finds.append(find(0, words.count))
                continue
            }

            // 5. 2–4 words right before a phone, email or ID number: "Rơ Châm H'Linh, số định danh 0641…".
            if (2...4).contains(words.count) {
                let end = tokens[run[run.count - 1]].end
                if let next = contactStarts.first(where: { $0 >= end }), next - end <= 30 {
                    let between = String(chars[end..<next])
                    let labels = VietnameseText.fold(between).split(separator: " ")
                    if !between.contains(where: \.isNewline),
                       labels.allSatisfy({ MaskingLexicon.contactLabels.contains(String($0)) }) {
                        finds.append(find(0, words.count))
                    }
                }
            }
        }
        return finds + lowercaseNameFinds()
    }

    // MARK: Names in lower case

    /// Names written in lower case after a form of address or an introduction: "ông nguyễn văn an",
    /// "toi ten le van hung", "chị lan", "chi lan o thon 5".
    private func lowercaseNameFinds() -> [Find] {
        var finds: [Find] = []
        for p in tokens.indices where tokens[p].kind == .word && MaskingLexicon.cuesByLastWord[foldedTokens[p]] != nil {
            // The name starts after one space, or after ": " for a label ("họ tên: nguyễn văn an").
            var k = p + 1
            var punctuated = false
            if k < tokens.count, tokens[k].kind == .other, [":", "-", "–"].contains(tokens[k].text) {
                punctuated = true
                k += 1
            }
            guard isSingleSpace(k), k + 1 < tokens.count, tokens[k + 1].kind == .word,
                  tokens[k + 1].text.first?.isLowercase == true else { continue }
            k += 1
            guard let cue = cue(endingAt: p, punctuated: punctuated), cue.kind != .other else { continue }
            // "em la dinh thi thu trang": the name comes after the longer cue "em la".
            if isCueWord(k) { continue }
            var name = [k]
            while name.count < 4, let last = name.last, last + 2 < tokens.count, isSingleSpace(last + 1),
                  tokens[last + 2].kind == .word, tokens[last + 2].text.first?.isLowercase == true {
                name.append(last + 2)
            }
            let words = name.map { tokens[$0].text.lowercased() }
            var count = familyLedName(words)
            if count == nil, cue.kind == .title || cue.word == "tên" || cue.word == "ten", givenName(after: cue.word, words) {
                // A second given name: "chị thu hà" (not "chị lan thu tiền": "thu" is a verb there).
                let second = words.count > 1 ? words[1] : ""
                let isSecond = plain && Self.isUnmarked(second)
                    ? MaskingLexicon.plainGivenNames.contains(second)
                    : MaskingLexicon.lowercaseGivenNames.contains(second)
                count = isSecond ? 2 : 1
            }
            if let count {
                finds.append(Find(kind: .name, start: tokens[name[0]].start, end: tokens[name[count - 1]].end))
            }
        }
        return finds
    }

    /// Whether token `k` ends a cue of two words or more ("là" in "em là", "tên" in "tôi tên").
    private func isCueWord(_ k: Int) -> Bool {
        guard let candidates = MaskingLexicon.cuesByLastWord[foldedTokens[k]] else { return false }
        let words = wordsBefore(k + 1, count: 4)
        return candidates.contains { $0.words.count >= 2 && endsWith(words, $0.words) }
    }

    /// How many of `words` (lowercase) make a name starting with a family name, or nil: the family name, then middle
    /// or given names, the last a given name ("nguyễn văn an"). Without diacritics a two-word name needs a given name
    /// that is rarely another word, and a longer one a middle name second ("nguyen van an", not "dang ky tam").
    private func familyLedName(_ words: [String]) -> Int? {
        guard words.count >= 2 else { return nil }
        func isIn(_ w: String, _ set: Set<String>, _ folded: Set<String>) -> Bool {
            set.contains(w) || (plain && Self.isUnmarked(w) && folded.contains(w))
        }
        typealias L = MaskingLexicon
        guard isIn(words[0], L.familyNames, L.foldedFamilyNames) else { return nil }
        var n = 1
        while n < words.count, isIn(words[n], L.nameWords, L.foldedNameWords) { n += 1 }
        while n > 1, !isIn(words[n - 1], L.givenNames, L.foldedGivenNames) { n -= 1 }
        guard n >= 2 else { return nil }
        let pair = words[0] + " " + words[1]
        if MaskingLexicon.familyCompounds.contains(pair)
            || MaskingLexicon.foldedFamilyCompounds.contains(pair) {
            return nil
        }
        if words[..<n].allSatisfy(Self.isUnmarked) {
            if n == 2 {
                guard MaskingLexicon.plainGivenNames.contains(words[1]) else { return nil }
            } else {
                guard MaskingLexicon.plainMiddleNames.contains(words[1]) else { return nil }
            }
        }
        return n
    }

    /// Whether the first of `words` (lowercase) is a given name after the form of address `title` ("chị lan"):
    /// a common given name that is rarely another word there, not forming a common word with the title ("anh hùng")
    /// or the next word ("an tâm").
    private func givenName(after title: String, _ words: [String]) -> Bool {
        let w = words[0]
        let next = words.count > 1 ? words[1] : nil
        if let next, MaskingLexicon.givenCompounds[w]?.contains(next) == true { return false }
        if MaskingLexicon.titleCompounds[title]?.contains(w) == true { return false }
        guard plain, Self.isUnmarked(w), Self.isUnmarked(title) else {
            return MaskingLexicon.lowercaseGivenNames.contains(w)
        }
        let t = VietnameseText.fold(title)
        return (MaskingLexicon.plainTitlesBeforeGivenNames.contains(t) || t == "ten")
            && MaskingLexicon.plainGivenNames.contains(w)
            && !MaskingLexicon.plainTitleCompounds.contains(t + " " + w)
    }
}
