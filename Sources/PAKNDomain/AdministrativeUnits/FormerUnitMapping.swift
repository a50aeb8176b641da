import Foundation

/// The mapping from the units before the 2025 reform to the current communes (issue 15 item 7), and the reading of
/// a former commune out of a free-text address.
///
/// Built from the rows of `mapping-2025.csv` (``FormerUnitRow/parse(csv:)``): 10,602 rows, 10,040 former units, the
/// whole country. Pure: no I/O; build it once and share it (it is a value, `Sendable`).
///
/// Two questions:
/// - by code, ``currentCommunes(oldProvinceCode:oldUnitCode:)``: an old commune given as (old province code, old
///   commune code) → the current commune(s), the default target of a divided commune first;
/// - by text, ``resolve(address:inProvince:)``: "Phường Thị Nại, TP Quy Nhơn, Bình Định" → former Phường Thị Nại of
///   Thành phố Quy Nhơn → current Phường Quy Nhơn. See there for the rules.
public struct FormerUnitMapping: Sendable {
    /// How sure a reading of an address is.
    public enum Confidence: String, Sendable, Codable, Comparable {
        /// The name was written without its unit-type word ("Thị Nại, Quy Nhơn"): a street of that name is as likely.
        case nameOnly = "name_only"
        /// The name with its unit-type word ("Phường Thị Nại", "p. Thị Nại"), the only such former unit in scope.
        case typedName = "typed_name"
        /// The name, and its former district or province also named in the text ("…, TP Quy Nhơn").
        case confirmed

        var rank: Int { switch self { case .nameOnly: 0; case .typedName: 1; case .confirmed: 2 } }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    /// A former unit read from a text, with the current commune(s) it went into.
    public struct Resolution: Hashable, Sendable {
        public let former: FormerUnit
        /// The current communes, the default target first when the former commune was divided (``isSplit``).
        public let targets: [CurrentCommuneTarget]
        public let confidence: Confidence
        /// The words of the text that named it, as written (e.g. "Phường Thị Nại").
        public let matchedText: String

        /// The former commune was divided among several current communes: ``targets`` has several entries and the
        /// first is only the source's default, not a certainty.
        public var isSplit: Bool { targets.count > 1 }
        /// The current commune to use when one code must be chosen: the only one, or the default of a divided one.
        public var defaultTarget: CurrentCommuneTarget { targets[0] }
    }

    private let units: [FormerUnit.Key: (unit: FormerUnit, targets: [CurrentCommuneTarget])]
    /// Indexed names, by their first folded word.
    private let names: [Substring: [IndexedName]]

    private struct IndexedName {
        let key: FormerUnit.Key
        let words: [Substring]
        let type: UnitType
    }

    /// Builds the mapping. Rows of one former unit are kept in the order given, except that the `split;default`
    /// row goes first. Rows are taken as they come (the file's own checks are `scripts/admin-units-mapping --check`).
    public init(rows: [FormerUnitRow]) {
        var units: [FormerUnit.Key: (unit: FormerUnit, targets: [CurrentCommuneTarget])] = [:]
        for row in rows {
            let key = row.former.key
            if units[key] == nil { units[key] = (row.former, []) }
            if row.target.share == .splitDefault { units[key]!.targets.insert(row.target, at: 0) } else { units[key]!.targets.append(row.target) }
        }
        var names: [Substring: [IndexedName]] = [:]
        for (key, entry) in units {
            let parsed = UnitType.split(VietnameseText.fold(entry.unit.name))
            guard let type = parsed.type, !parsed.core.isEmpty else { continue }
            let words = parsed.core.split(separator: " ")
            names[words[0], default: []].append(IndexedName(key: key, words: words, type: type))
        }
        self.units = units
        self.names = names
    }

    /// Every former unit, in no particular order.
    public var formerUnits: [FormerUnit] { units.values.map(\.unit) }

    /// The current commune(s) of a former unit given by its **old** province code and **old** commune code (or old
    /// district code for an island district without communes): `("52", "21583")` (Bình Định / Phường Thị Nại) →
    /// `[21583 Phường Quy Nhơn]`; a divided commune gives several, the default target first. Empty when the old
    /// unit is not in the mapping. Never pass a current code: the same digits usually name another unit.
    public func currentCommunes(oldProvinceCode: String, oldUnitCode: String) -> [CurrentCommuneTarget] {
        units[FormerUnit.Key(provinceCode: oldProvinceCode, unitCode: oldUnitCode)]?.targets ?? []
    }

    /// The former unit with these **old** codes, if the mapping has it.
    public func formerUnit(oldProvinceCode: String, oldUnitCode: String) -> FormerUnit? {
        units[FormerUnit.Key(provinceCode: oldProvinceCode, unitCode: oldUnitCode)]?.unit
    }

    /// Reads a former commune out of free text ("Số 5 Nguyễn Huệ, Phường Thị Nại, TP Quy Nhơn", "p. thi nai quy
    /// nhon", "Thị trấn Phú Phong, huyện Tây Sơn") and gives the current commune(s) it went into; nil when the text
    /// names none, or names it ambiguously.
    ///
    /// The rules, on the text folded by `VietnameseText.fold` (no diacritics, case or punctuation):
    /// 1. A former unit's name is found as whole words. Written after its own unit-type word (`phường`/`p`,
    ///    `xã`/`x`, `thị trấn`/`tt`; `huyện`/`h` for an island district without communes) it is a *typed* match; after
    ///    a district or province word (`huyện`, `quận`, `thị xã`, `thành phố`/`tp`, `tỉnh`…) it is not a commune at all;
    ///    otherwise an *untyped* match, taken only when the name has two words or more, is not a number ("Phường 1"
    ///    needs its "Phường") and does not follow a street word ("đường Trần Phú", "hẻm", "kiệt"…). When the text has a typed match, untyped ones are ignored (street names such as "Trần
    ///    Phú" or "Nguyễn Huệ" are also ward names). A match inside a longer match is dropped ("Ia Sao" in "Ia Sao
    ///    Lớn").
    /// 2. Only former units whose current communes lie in `province` (a **current** province code, e.g. "52"), when
    ///    given, are kept.
    /// 3. Each candidate scores 2 when its former district's name appears elsewhere in the text and 1 when its former
    ///    province's does ("Quy Nhơn", "TP Quy Nhơn", "Bình Định"; a number-named district such as "Quận 1" only with
    ///    its word). The best score wins; when several different former units share it, the text is ambiguous and the
    ///    answer is nil ("Phường Tây Sơn" alone: Pleiku or An Khê).
    ///
    /// ``Resolution/confidence``: ``Confidence/confirmed`` when the district or province was named,
    /// ``Confidence/typedName`` for a typed match alone, ``Confidence/nameOnly`` for an untyped one.
    public func resolve(address text: String, inProvince province: String? = nil) -> Resolution? {
        let original = VietnameseText.nfc(text)
        let words = VietnameseText.fold(original).split(separator: " ")
        guard !words.isEmpty else { return nil }

        struct Match { let name: IndexedName; let start: Int; let end: Int; let typed: Bool; let typeStart: Int }
        var matches: [Match] = []
        for start in words.indices {
            for name in names[words[start]] ?? [] {
                let end = start + name.words.count
                guard end <= words.count, Array(words[start..<end]) == name.words else { continue }
                let before = UnitType.preceding(words, at: start)
                if let type = before.type {
                    if type == name.type {
                        matches.append(Match(name: name, start: start, end: end, typed: true, typeStart: before.start))
                        continue
                    }
                    // "huyện Tây Sơn" is a district, not the ward "Tây Sơn"; "xã Phú Phong" for a thị trấn is untyped.
                    if type.isAboveCommune && name.type.isCommune { continue }
                }
                let numeric = name.words.allSatisfy { $0.allSatisfy(\.isNumber) }
                let street = start > 0 && Self.streetWords.contains(String(words[start - 1]))
                if name.words.count >= 2 && !numeric && !street {
                    matches.append(Match(name: name, start: start, end: end, typed: false, typeStart: start))
                }
            }
        }
        // A match inside a longer one is the longer name's.
        matches = matches.filter { m in
            !matches.contains { o in o.start <= m.start && o.end >= m.end && (o.end - o.start) > (m.end - m.start) }
        }
        if matches.contains(where: \.typed) { matches = matches.filter(\.typed) }
        if let province {
            matches = matches.filter { m in units[m.name.key]?.targets.contains { $0.provinceCode == province } ?? false }
        }
        guard !matches.isEmpty else { return nil }

        func contains(_ phrase: String, outside range: Range<Int>) -> Bool {
            let needle = phrase.split(separator: " ")
            guard !needle.isEmpty, needle.count <= words.count else { return false }
            for start in 0...(words.count - needle.count) where !(range.overlaps(start..<(start + needle.count))) {
                if Array(words[start..<(start + needle.count)]) == needle { return true }
            }
            return false
        }
        func score(_ m: Match) -> Int {
            guard let entry = units[m.name.key] else { return 0 }
            var total = 0
            let span = m.typeStart..<m.end
            if entry.unit.communeCode != nil, Self.mentions(entry.unit.districtName, in: contains(_:outside:), outside: span) { total += 2 }
            if Self.mentions(entry.unit.provinceName, in: contains(_:outside:), outside: span) { total += 1 }
            return total
        }
        let scored = matches.map { ($0, score($0)) }
        let best = scored.map(\.1).max()!
        let top = scored.filter { $0.1 == best }
        let keys = Set(top.map(\.0.name.key))
        guard keys.count == 1, let winner = top.first?.0, let entry = units[winner.name.key], !entry.targets.isEmpty else { return nil }
        let confidence: Confidence = best > 0 ? .confirmed : (winner.typed ? .typedName : .nameOnly)
        return Resolution(former: entry.unit, targets: entry.targets, confidence: confidence,
                          matchedText: Self.originalWords(original, from: winner.typeStart, to: winner.end))
    }

    /// Folded words that make the next name a street's ("Đường Trần Phú", "số 12 Lê Lợi" is caught by the typed
    /// match rule only), so an untyped match right after one is not taken.
    static let streetWords: Set<String> = ["duong", "dg", "pho", "ngo", "hem", "kiet", "ngach"]

    /// Whether `name` (a district or province, with its unit-type word) is named in the text outside `span`: its
    /// core ("Quy Nhơn" of "Thành phố Quy Nhơn"), or, for a number ("Quận 1"), the core after one of its type's words.
    private static func mentions(_ name: String, in contains: (String, Range<Int>) -> Bool, outside span: Range<Int>) -> Bool {
        let parsed = UnitType.split(VietnameseText.fold(name))
        guard !parsed.core.isEmpty else { return false }
        let numeric = parsed.core.split(separator: " ").allSatisfy { $0.allSatisfy(\.isNumber) }
        if !numeric { return contains(parsed.core, span) }
        guard let type = parsed.type else { return false }
        return type.spellings.contains { contains($0 + " " + parsed.core, span) }
    }

    /// The words `from ..< to` of the NFC text, as written (the folded words map one to one onto the text's runs of
    /// letters and digits).
    private static func originalWords(_ text: String, from: Int, to: Int) -> String {
        var runs: [Range<String.Index>] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let isWord = character.isLetter || character.isNumber
            if isWord, start == nil { start = index }
            if !isWord, let s = start { runs.append(s..<index); start = nil }
            index = text.index(after: index)
        }
        if let s = start { runs.append(s..<text.endIndex) }
        guard from < to, to <= runs.count else { return text }
        return String(text[runs[from].lowerBound..<runs[to - 1].upperBound])
    }
}

/// The unit-type words of Vietnamese addresses, folded, with their usual abbreviations.
enum UnitType: CaseIterable {
    case phuong, xa, thiTran, huyen, quan, thiXa, thanhPho, tinh, dacKhu

    /// Folded spellings, longest first within a type: "thi tran", "tt".
    var spellings: [String] {
        switch self {
        case .phuong: ["phuong", "p"]
        case .xa: ["xa", "x"]
        case .thiTran: ["thi tran", "tt"]
        case .huyen: ["huyen", "h"]
        case .quan: ["quan", "q"]
        case .thiXa: ["thi xa", "tx"]
        case .thanhPho: ["thanh pho", "tp"]
        case .tinh: ["tinh", "t"]
        case .dacKhu: ["dac khu"]
        }
    }

    /// The full folded word that starts an official name ("Thị trấn Phú Phong").
    var folded: String { spellings[0] }

    var isCommune: Bool { self == .phuong || self == .xa || self == .thiTran || self == .dacKhu }
    /// A district or province word: a name right after it is not a commune's.
    var isAboveCommune: Bool { [.huyen, .quan, .thiXa, .thanhPho, .tinh].contains(self) }

    /// An official folded name split into its type and core: "thanh pho quy nhon" → (.thanhPho, "quy nhon");
    /// "thi tran phu phong" → (.thiTran, "phu phong"). Only full words count here (official names are not abbreviated).
    static func split(_ folded: String) -> (type: UnitType?, core: String) {
        for type in [UnitType.thiTran, .thiXa, .thanhPho, .dacKhu, .phuong, .xa, .huyen, .quan, .tinh] {
            let word = type.folded + " "
            if folded.hasPrefix(word) { return (type, String(folded.dropFirst(word.count))) }
        }
        return (nil, folded)
    }

    /// The type word (full or abbreviated) right before `words[index]`, and where it starts; two-word spellings
    /// first, so "thị xã An Khê" reads as a town, not as a commune. "tp" of "tphcm" is not split off.
    static func preceding(_ words: [Substring], at index: Int) -> (type: UnitType?, start: Int) {
        if index >= 2 {
            let pair = words[index - 2] + " " + words[index - 1]
            for type in allCases where type.spellings.contains(String(pair)) { return (type, index - 2) }
        }
        if index >= 1 {
            let word = String(words[index - 1])
            for type in allCases where type.spellings.contains(word) { return (type, index - 1) }
        }
        return (nil, index)
    }
}
