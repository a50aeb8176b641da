import Foundation

/// A kind of personal data that ``Masking`` removes from text before it is published.
///
/// Source: Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 and NĐ 356/2025/NĐ-CP (from 1/1/2026; before that NĐ 13/2023):
/// name, phone, email, personal identification numbers and address are basic personal data; publishing a citizen's
/// request and its answer needs them removed (domain research §5).
public enum PersonalDataKind: String, Sendable, Codable, CaseIterable {
    /// A person's name (requester, neighbour, official named in a complaint).
    case name
    /// A Vietnamese mobile or landline number, or any number written with a leading `+`.
    case phone
    /// An email address.
    case email
    /// A CMND (9 digits) or CCCD / personal identification number (12 digits).
    case idNumber
    /// An address line or any other exact string given to ``Masking/init(knownNames:knownValues:)``.
    case address

    /// The Vietnamese text that replaces a masked span in published text, e.g. `"[SĐT đã ẩn]"`.
    public var placeholder: String {
        switch self {
        case .name: "[họ tên đã ẩn]"
        case .phone: "[SĐT đã ẩn]"
        case .email: "[email đã ẩn]"
        case .idNumber: "[số giấy tờ đã ẩn]"
        case .address: "[địa chỉ đã ẩn]"
        }
    }
}

/// One span of personal data that was masked.
public struct MaskedSpan: Sendable, Equatable {
    /// What the span was taken for. When several finds overlapped and were merged, the kind of the longest of them.
    public let kind: PersonalDataKind
    /// The masked text exactly as it appeared in the input.
    public let original: String
    /// Where the span is in the ORIGINAL input string passed to ``Masking/mask(_:)`` (not in the masked result).
    public let range: Range<String.Index>
}

/// The output of ``Masking/mask(_:)``.
public struct MaskingResult: Sendable {
    /// The input with every span replaced by its kind's ``PersonalDataKind/placeholder``.
    public let text: String
    /// The masked spans, in text order, not overlapping.
    public let spans: [MaskedSpan]
}

/// Removes personal data from a citizen's text before publication (domain research §5; Luật 91/2025/QH15,
/// NĐ 356/2025/NĐ-CP).
///
/// It is a heuristic, tuned on the 240 fictional requests in `pakn-samples` (every `pii` substring is masked), so it
/// errs on the side of masking; published text should still be read by a person. It finds:
///
/// - **Known values**: the requester's own name(s) and other exact strings (phone, email, address line) from the
///   contact record, wherever they appear, case- and diacritic-insensitively, on word boundaries, with any spacing
///   or punctuation between their words; a value made only of digits (and separators) matches the same digits
///   however they are grouped, with `+84`/`84` read as `0`.
/// - **Phone numbers** (numbering plan of the Ministry of Information and Communications, from 2018): mobiles
///   `0` + `3|5|7|8|9` + 8 digits; landlines `0` + area code `20`…`29` + 7–8 digits (e.g. Gia Lai `0269` + 7 digits);
///   with `+84` or `84` instead of the leading `0`; digit groups separated by single spaces, dots or hyphens, and a
///   parenthesised area code: `0912 345 678`, `0912.345.678`, `+84 912 345 678`, `(0269) 3822 123`. Any number
///   written with a leading `+` and 8–15 digits is masked too.
/// - **Emails**.
/// - **ID numbers**: 9 digits (CMND) or 12 digits (CCCD, personal identification number), possibly grouped with
///   spaces or dots. Unless introduced by `CCCD`, `CMND`, `căn cước`, `định danh`, …, a number that looks like money
///   is left alone: followed by a unit (`đồng`, `m²`, `%`, …), after a money word (`giá`, `tiền`, `phí`, …) or
///   grouped in thousands ending `.000` (so `150.000.000 đồng` and `giá 120.000.000` survive).
/// - **Names**: 1–4 capitalised words (`Nguyễn`, `H'Mai`, all-capitals `NGUYỄN`) after a cue: a form of address
///   (`Ông`, `Bà`, `Anh`, `Chị`, `Cô`, `Chú`, `Em`, `Cháu`, `Cụ`, `Bác`: 2–4 words), an introduction (`Tôi là`,
///   `tôi tên`, `tên là`, `tên`: `tên` alone allows a single given name such as "cán bộ tên Tuấn"), a label
///   (`Họ tên`, `Công dân`, `Người gửi`, `Người phản ánh`, `Liên hệ`, `ký tên`, `Chủ nhà`, …); also 3–4 capitalised
///   words starting with a common family name, and 2–4 capitalised words right before a phone, email or ID number
///   ("Rơ Châm H'Linh, số định danh …"). The cue itself stays. Cues written without diacritics ("toi ten") count.
///
/// It leaves alone: sums of money, meter readings (`4.812`), dates (`14/10/2025`), years, house numbers (`Số 41`), the
/// 10-digit tracking codes (they never start with `0`), and proper nouns that are places: capitalised words after
/// `đường`, `phố`, `phường`, `xã`, `hẻm`, `ngã tư`, `trường`, … or starting with such a word ("đường Trần Hưng Đạo",
/// "Đường Trần Hưng Đạo", "phường Diên Hồng" stay), a form of address inside a proper noun ("Hai Bà Trưng"), and,
/// without a cue, short lists of provinces, organisations and historical figures known as street names
/// ("Gia Lai", "Đoàn Thanh Niên", "Lý Thường Kiệt").
///
/// Overlapping finds are merged into one span, and each span is replaced by its kind's placeholder (the result is the
/// same as replacing from right to left in the original).
public struct Masking: Sendable {
    private let knownWordValues: [(kind: PersonalDataKind, words: [String])]
    private let knownDigitValues: [(kind: PersonalDataKind, digits: String)]

    /// - Parameters:
    ///   - knownNames: the requester's own name(s), e.g. from the contact record: masked as ``PersonalDataKind/name``.
    ///   - knownValues: other exact strings to mask wherever they appear (phone, email, address line). Their kind is
    ///     guessed: with `@` an email; only digits and separators a phone if it is a phone number, an ID number if
    ///     it has 9 or 12 digits, otherwise an address; anything else an address.
    ///   Empty or blank strings are ignored.
    public init(knownNames: [String] = [], knownValues: [String] = []) {
        var words: [(PersonalDataKind, [String])] = []
        var digits: [(PersonalDataKind, String)] = []
        func add(_ value: String, as forcedKind: PersonalDataKind?) {
            let folded = VietnameseText.fold(value)
            guard !folded.isEmpty else { return }
            let onlyDigits = folded.allSatisfy { $0.isASCII && ($0.isNumber || $0 == " ") }
            if onlyDigits, forcedKind == nil {
                let plain = folded.filter { $0 != " " }
                let kind: PersonalDataKind =
                    PhoneRules.isPhone(plain, plus: value.contains("+")) ? .phone
                    : PhoneRules.isIDNumber(plain) ? .idNumber : .address
                digits.append((kind, PhoneRules.normalised(plain)))
            } else {
                let kind = forcedKind ?? (value.contains("@") ? .email : .address)
                words.append((kind, folded.split(separator: " ").map(String.init)))
            }
        }
        for name in knownNames { add(name, as: .name) }
        for value in knownValues { add(value, as: nil) }
        self.knownWordValues = words.map { (kind: $0.0, words: $0.1) }
        self.knownDigitValues = digits.map { (kind: $0.0, digits: $0.1) }
    }

    /// Masks `text` (any normalisation form; positions refer to `text` as given).
    ///
    /// - Returns: the text with every find replaced by its placeholder, and the finds with their ranges in `text`.
    public func mask(_ text: String) -> MaskingResult {
        let scan = Scan(text)
        var finds: [Find] = []
        finds += scan.knownValueFinds(words: knownWordValues, digits: knownDigitValues)
        let contacts = scan.phoneAndIDFinds() + scan.emailFinds()
        finds += contacts
        finds += scan.nameFinds(contacts: contacts)
        return scan.apply(merge(finds))
    }

    private func merge(_ finds: [Find]) -> [Find] {
        let sorted = finds.sorted { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var merged: [(find: Find, longest: Int)] = []
        for find in sorted {
            if let last = merged.last, find.start < last.find.end {
                let kind = find.end - find.start > last.longest ? find.kind : last.find.kind
                let longest = max(last.longest, find.end - find.start)
                merged[merged.count - 1] = (Find(kind: kind, start: last.find.start, end: max(last.find.end, find.end)), longest)
            } else {
                merged.append((find, find.end - find.start))
            }
        }
        return merged.map(\.find)
    }
}

/// A find, in `Character` offsets of the scanned text.
private struct Find {
    var kind: PersonalDataKind
    var start: Int
    var end: Int
}

// MARK: - Phone and ID rules

private enum PhoneRules {
    /// Replaces a leading `84` (country code) by `0` when what follows looks like a national number.
    static func normalised(_ digits: String) -> String {
        if digits.hasPrefix("84"), digits.count >= 11, digits.count <= 12 {
            return "0" + digits.dropFirst(2)
        }
        return digits
    }

    /// Mobile `0[35789]` + 8 digits, landline `02x` + 7–8 digits, after replacing `84` by `0`; with a leading `+`,
    /// any 8–15 digits.
    static func isPhone(_ digits: String, plus: Bool) -> Bool {
        if plus, !digits.hasPrefix("84") { return (8...15).contains(digits.count) }
        let national = Array(normalised(digits))
        guard national.first == "0", national.count >= 10 else { return false }
        if national.count == 10, "35789".contains(national[1]) { return true }
        if national[1] == "2", (10...11).contains(national.count) { return true }
        return false
    }

    static func isIDNumber(_ digits: String) -> Bool {
        digits.count == 9 || digits.count == 12
    }
}

// MARK: - Word lists

/// Word lists used by the name rules. Lowercase, with diacritics; compared by ``Scan/matches(_:_:)``.
private enum Lexicon {
    /// Forms of address that introduce a person: the name must have 2–4 words.
    static let honorifics: Set<String> = Set(["ông", "bà", "anh", "chị", "cô", "chú", "em", "cháu", "cụ", "bác"])

    /// Capitalised words that may come before a form of address inside a greeting ("Thưa Bà …", "Kính gửi Ông …").
    static let greetings: Set<String> = Set(["thưa", "kính", "gửi", "chào", "xin", "cảm", "ơn", "nhờ", "giúp", "hỏi", "gặp", "mời"])

    /// Cue phrases before a name and the least number of capitalised words they need.
    static let cues: [(words: [String], minWords: Int)] = {
        var list: [(words: [String], minWords: Int)] = []
        for h in honorifics { list.append(([h], 2)) }
        for phrase in ["tôi là", "em là", "cháu là", "mình là", "con là", "tôi tên", "em tên", "cháu tên", "mình tên",
                       "con tên", "họ tên", "họ và tên", "công dân", "người gửi", "người viết", "người phản ánh",
                       "người kiến nghị", "người liên hệ", "người báo", "người làm đơn", "người đại diện", "đại diện",
                       "liên hệ", "ký tên", "chủ nhà", "chủ hộ", "thông tin của tôi"] {
            list.append((phrase.split(separator: " ").map(String.init), 2))
        }
        for phrase in ["tên", "tên là", "tên gọi"] {
            list.append((phrase.split(separator: " ").map(String.init), 1))
        }
        return list
    }()

    /// Words that cannot start a name after a cue (titles and organisations: "Ông Trưởng Ban …").
    static let notNameStart: Set<String> = Set([
        "trưởng", "phó", "chủ", "giám", "cán", "bí", "công", "ban", "sở", "phòng", "trường", "ủy", "uỷ", "hội", "đội",
        "tổ", "xã", "phường", "thôn", "bác", "ông", "bà", "anh", "chị", "cô", "chú", "em", "cháu", "cụ", "ubnd",
    ])

    /// Words and phrases that, right before capitalised words, make them a place or an organisation rather than a
    /// person ("đường Trần Hưng Đạo", "phường Diên Hồng", "ngã tư Hùng Vương – Lê Lợi").
    static let placePhrases: [[String]] = [
        "đường", "phố", "phường", "xã", "quận", "huyện", "tỉnh", "thành phố", "thị xã", "thị trấn", "đặc khu", "hẻm",
        "ngõ", "ngách", "kiệt", "ngã tư", "ngã ba", "ngã năm", "ngã sáu", "vòng xoay", "bùng binh", "cầu", "chợ", "bến",
        "cảng", "ga", "khu", "khu phố", "cụm", "thôn", "làng", "buôn", "plei", "bản", "ấp", "xóm", "công viên",
        "quảng trường", "trường", "tiểu học", "trung học", "mầm non", "mẫu giáo", "thpt", "thcs", "bệnh viện",
        "trung tâm", "công ty", "chung cư", "tòa nhà", "toà nhà", "quốc lộ", "tỉnh lộ", "đại lộ", "tuyến", "nút giao",
        "giao lộ", "góc", "tượng đài", "đền", "chùa", "nhà thờ", "nhà văn hóa", "nhà văn hoá", "sân vận động", "hồ",
        "sông", "suối", "núi", "đèo", "đập", "kênh", "dự án", "ubnd", "hđnd", "tp", "tx", "đoạn", "phía",
    ].map { $0.split(separator: " ").map(String.init) }

    /// Places that start with a form of address ("Bà Rịa", "Hai Bà Trưng" is handled by the capitalised word before).
    static let placesWithHonorific: [String] = [
        "ba ria", "ba den", "ba trieu", "ba trung", "ba huyen thanh quan", "ba chieu", "ba diem", "ong ich khiem",
        "ong lanh", "co giang", "co bac", "co to", "chu ia",
    ]

    /// Common Vietnamese family names, and family names of the Jrai and Bahnar peoples of Gia Lai, lowercase.
    static let familyNames: Set<String> = Set([
        "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô",
        "dương", "lý", "trương", "đinh", "đào", "lâm", "mai", "tô", "trịnh", "vương", "hà", "lương", "cao", "châu",
        "tạ", "tăng", "nghiêm", "đoàn", "lưu", "thái", "quách", "từ", "kiều", "giang", "triệu", "la", "khổng", "đàm",
        "mạc", "tôn", "thân", "hứa", "đồng", "chu", "lục", "bạch", "diệp", "doãn", "phùng", "quan", "thạch", "tiêu",
        "ninh", "phí", "hàn", "âu", "vi", "lò", "ksor", "rơ", "siu", "kpă", "kpa", "nay", "rcom", "puih", "rahlan",
        "rmah", "lã", "lại", "khúc", "khương", "mẫn", "nông", "lữ",
    ])

    /// ``familyNames`` folded, for text written without diacritics.
    static let foldedFamilyNames: Set<String> = Set(familyNames.map(VietnameseText.fold))

    /// Capitalised words that are not a person when they stand alone without a cue, folded; a run of capitalised
    /// words equal to one of these, or starting with one, is left alone. People better known as street names,
    /// organisations, the provinces (after the 2025 merger, and the former Bình Định, Kon Tum) and a few cities.
    static let notPersons: [String] = [
        "doan thanh nien", "hoi lien hiep", "hoi nong dan", "hoi cuu chien binh", "hoi phu nu", "mat tran",
        "cao su", "cong an", "dien luc", "cap nuoc",
        "ha noi", "hue", "lai chau", "dien bien", "son la", "lang son", "quang ninh", "thanh hoa", "nghe an",
        "ha tinh", "cao bang", "tuyen quang", "lao cai", "thai nguyen", "phu tho", "bac ninh", "hung yen",
        "hai phong", "ninh binh", "quang tri", "da nang", "quang ngai", "gia lai", "khanh hoa", "lam dong",
        "dak lak", "ho chi minh", "dong nai", "tay ninh", "can tho", "vinh long", "dong thap", "ca mau",
        "an giang", "binh dinh", "kon tum", "quy nhon", "pleiku", "ha giang", "ha nam", "thai binh", "binh duong",
        "sai gon",
    ] + streetNamePeople

    /// People better known as street names, folded.
    static let streetNamePeople: [String] = [
        "ho chi minh", "vo nguyen giap", "tran hung dao", "le thanh tong", "le thanh ton", "nguyen tat thanh",
        "pham van dong", "nguyen thi minh khai", "ly thuong kiet", "nguyen thai hoc", "phan dinh phung",
        "to hien thanh", "nguyen van cu", "nguyen van linh", "ton duc thang", "hoang van thu", "le hong phong",
        "nguyen chi thanh", "phan boi chau", "phan chu trinh", "ngo gia tu", "le quy don", "nguyen thi dinh",
        "nguyen dinh chieu", "tran quang khai", "tran nhan tong", "ly thai to", "ly tu trong", "vo thi sau",
        "nguyen van troi", "tang bat ho", "mai xuan thuong", "dao duy tu", "bui thi xuan", "hoang hoa tham",
        "nguyen luong bang", "pham ngoc thach", "tran quoc toan", "le van sy", "nguyen binh khiem", "nguyen trai",
        "tran khanh du", "ly chinh thang", "truong dinh", "nguyen du", "tran phu", "le loi", "nguyen hue", "le duan",
        "hung vuong", "quang trung", "ngo quyen", "hai ba trung", "ba trieu",
    ]

    /// Capitals words that are abbreviations, not names (compared folded).
    static let abbreviations: Set<String> = Set([
        "ubnd", "hdnd", "sdt", "dt", "cccd", "cmnd", "thpt", "thcs", "bhxh", "bhyt", "csgt", "cand", "tp", "tx", "ql",
        "tl", "kcn", "kdc", "pakn", "tthc", "vnd", "nd", "qd", "cp", "ttg", "tnhh", "mtv", "htx", "gplx", "ca", "atm",
        "ok", "sms", "id", "mc", "qh", "ttxvn", "vtv", "evn", "vnpt", "ktx", "ttyt", "bv", "ptth", "mttq", "hcm", "sos",
        "kntc", "dvc", "zalo", "gps", "led", "pccc", "lpg", "atgt", "attp", "tt", "gd", "dt", "nt", "bq", "bql",
    ])

    /// Words after a 9- or 12-digit number that make it an amount, not an ID number (folded).
    static let units: Set<String> = Set([
        "dong", "d", "vnd", "trieu", "ty", "ti", "nghin", "ngan", "tram", "m", "m2", "m3", "km", "ha", "kg", "tan",
        "usd", "lit", "kw", "kwh", "so", "nguoi", "ho", "lan", "cm", "mm", "g", "ml", "met", "phan", "con", "cay",
    ])

    /// Words shortly before a 9- or 12-digit number that make it an amount (folded).
    static let moneyWords: Set<String> = Set([
        "gia", "tien", "phi", "luong", "thu", "nop", "tra", "vay", "no", "thuong", "chi", "tong", "khoang", "gan",
        "hon", "tren", "duoi", "len", "mat",
    ])

    /// Words that may stand between a name and the phone, email or ID number that follows it (folded).
    static let contactLabels: Set<String> = Set([
        "sdt", "dt", "dien", "thoai", "so", "email", "e", "mail", "cccd", "cmnd", "dinh", "danh", "can", "cuoc",
        "zalo", "di", "dong", "tel", "lien", "he", "la", "cua", "toi", "chung", "minh", "nhan", "dan", "so", "dd",
    ])

    /// Folded phrases shortly before a number that make it an ID number whatever follows it.
    static let idCues: [String] = ["cccd", "cmnd", "can cuoc", "chung minh", "dinh danh", "ho chieu", "giay to"]
}

// MARK: - Scanning

/// The text as characters with their indices, and a simple tokenisation.
private struct Scan {
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
        if Lexicon.idCues.contains(where: { context.contains($0) }) { return true }
        let written = String(chars[start..<end])
        if written.contains("."), written.hasSuffix(".000") { return false }
        let lastWords = folded(start - 20, start).split(separator: " ").suffix(2).map(String.init)
        if lastWords.contains(where: Lexicon.moneyWords.contains) { return false }
        var p = end
        while p < chars.count, chars[p] == " " || chars[p] == "\u{00A0}" { p += 1 }
        guard p < chars.count else { return true }
        if "%$₫€".contains(chars[p]) { return false }
        if chars[p] == "/" { return false }  // a rate or a fraction
        var q = p
        while q < chars.count, chars[q].isLetter || chars[q].isNumber || chars[q] == "²" || chars[q] == "³" { q += 1 }
        let next = folded(p, q).replacingOccurrences(of: "²", with: "2").replacingOccurrences(of: "³", with: "3")
        return !Lexicon.units.contains(next)
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

    // MARK: Names

    /// `word` (lowercase, with diacritics) matches a word of the text: equal when lowercased, or equal when folded if
    /// the text's word was written without diacritics ("toi ten" for "tôi tên").
    static func matches(_ textWord: String, _ word: String) -> Bool {
        let lower = textWord.lowercased()
        if lower == word { return true }
        return VietnameseText.isWithoutDiacritics(textWord) && lower == VietnameseText.fold(word)
    }

    static func isFamilyName(_ word: String) -> Bool {
        VietnameseText.isWithoutDiacritics(word)
            ? Lexicon.foldedFamilyNames.contains(word.lowercased())
            : Lexicon.familyNames.contains(word.lowercased())
    }

    /// Capitalised word that can be part of a name: `Nguyễn`, `A`, `H'Mai`, `NGUYỄN` (not an abbreviation).
    func isNameWord(_ t: Token) -> Bool {
        guard t.kind == .word else { return false }
        let letters = Array(t.text)
        guard let first = letters.first, first.isUppercase else { return false }
        let rest = letters.dropFirst()
        if rest.allSatisfy({ $0.isLowercase }) { return true }
        if rest.allSatisfy({ $0.isUppercase || $0 == "'" || $0 == "\u{2019}" }) {
            return !Lexicon.abbreviations.contains(VietnameseText.fold(t.text))
        }
        // H'Mai, Y'Nhi: one capital, an apostrophe, a capitalised word.
        if let apostrophe = letters.firstIndex(where: { $0 == "'" || $0 == "\u{2019}" }), apostrophe == 1,
           letters.count > 2, letters[2].isUppercase, letters[3...].allSatisfy({ $0.isLowercase }) {
            return true
        }
        return false
    }

    /// Whether token k is a space that does not break a line.
    private func isInlineSpace(_ k: Int) -> Bool {
        tokens[k].kind == .space && !tokens[k].text.contains(where: \.isNewline)
    }

    /// Maximal runs of name words separated by single spaces, as arrays of token indices.
    private func nameRuns() -> [[Int]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        var k = 0
        while k < tokens.count {
            if isNameWord(tokens[k]) {
                current.append(k)
                if k + 2 < tokens.count, tokens[k + 1].kind == .space,
                   tokens[k + 1].text == " " || tokens[k + 1].text == "\u{00A0}", isNameWord(tokens[k + 2]) {
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
    private func wordsBefore(_ k: Int, count: Int) -> [String] {
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

    private func endsWith(_ words: [String], _ phrase: [String]) -> Bool {
        guard words.count >= phrase.count else { return false }
        return zip(words.suffix(phrase.count), phrase).allSatisfy { Self.matches($0, $1) }
    }

    /// The least number of name words required by the cue right before token `k`, or nil without a cue.
    private func cue(before k: Int) -> Int? {
        var p = k - 1
        if p >= 0, isInlineSpace(p) { p -= 1 }
        var punctuated = false
        if p >= 0, tokens[p].kind == .other, [":", ",", "-", "–", "—"].contains(tokens[p].text) {
            punctuated = true
            p -= 1
            if p >= 0, isInlineSpace(p) { p -= 1 }
        }
        guard p >= 0, tokens[p].kind == .word else { return nil }
        let words = wordsBefore(p + 1, count: 4)
        var best: Int?
        for cue in Lexicon.cues where endsWith(words, cue.words) {
            // "Ông: X" is not how people write; a form of address must be followed directly by the name.
            if punctuated, cue.words.count == 1, Lexicon.honorifics.contains(cue.words[0]) { continue }
            // A lowercase form of address after a place word is part of the place: "đường bà Triệu".
            let cueStart = p - 2 * (cue.words.count - 1)
            if cue.words.count == 1, Lexicon.honorifics.contains(cue.words[0]), isPlace(before: cueStart) { continue }
            best = min(best ?? cue.minWords, cue.minWords)
        }
        return best
    }

    /// Whether the capitalised words starting at token `k` are a place or organisation: walking back over numbers,
    /// dashes, `số`, `và` and other capitalised words, the first other word ends a place phrase.
    private func isPlace(before k: Int) -> Bool {
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
                return Lexicon.placePhrases.contains { endsWith(words, $0) }
            }
            p -= 1
        }
        return false
    }

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

            // 1. A capitalised form of address at the start of the run (after greeting words): "Ông Hứa Văn Kiệt",
            //    "Thưa Bà …", but not inside a proper noun: "Hai Bà Trưng".
            if let h = lower.firstIndex(where: { w in Lexicon.honorifics.contains { Self.matches(w, $0) } }),
               lower[..<h].allSatisfy({ w in Lexicon.greetings.contains { Self.matches(w, $0) } }) {
                let nameCount = min(4, words.count - h - 1)
                let place = Lexicon.placesWithHonorific.contains { foldedWords(h, words.count - h).hasPrefix($0) }
                if nameCount >= 2, !place, !isPlace(before: run[0]),
                   !Lexicon.notNameStart.contains(lower[h + 1]) {
                    finds.append(find(h + 1, nameCount))
                }
                continue
            }

            // 2. A cue before the run: "tôi là", "tên", "ông" (lowercase), "Người gửi:".
            if let minWords = cue(before: run[0]) {
                let count = min(4, words.count)
                if count >= minWords, !Lexicon.notNameStart.contains(lower[0]) {
                    finds.append(find(0, count))
                }
                continue
            }

            // Without a cue: not after a place word, and not a place itself ("Đường Trần Hưng Đạo" opening a sentence).
            let startsWithPlace = Lexicon.placePhrases.contains { phrase in
                phrase.count <= words.count && zip(words, phrase).allSatisfy { Self.matches($0, $1) }
            }
            guard !startsWithPlace, !isPlace(before: run[0]), !Lexicon.notNameStart.contains(lower[0]) else { continue }

            // 3. 3–4 words starting with a family name: "…, Trương Văn Bảy".
            let runText = foldedWords(0, words.count)
            if Lexicon.notPersons.contains(where: { runText == $0 || runText.hasPrefix($0 + " ") }) { continue }
            if (3...4).contains(words.count), Self.isFamilyName(words[0]) {
                finds.append(find(0, words.count))
                continue
            }

            // 4. 2–4 words right before a phone, email or ID number: "Rơ Châm H'Linh, số định danh 0641…".
            if (2...4).contains(words.count) {
                let end = tokens[run[run.count - 1]].end
                if let next = contactStarts.first(where: { $0 >= end }), next - end <= 30 {
                    let between = String(chars[end..<next])
                    let labels = VietnameseText.fold(between).split(separator: " ")
                    if !between.contains(where: \.isNewline), labels.allSatisfy({ Lexicon.contactLabels.contains(String($0)) }) {
                        finds.append(find(0, words.count))
                    }
                }
            }
        }
        return finds
    }
}
