import Foundation

/// A kind of personal data that ``Masking`` removes from text before it is published.
///
/// Source: Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 and NĐ 356/2025/NĐ-CP (from 1/1/2026; before that NĐ 13/2023):
/// name, date of birth, phone, email, personal identification, passport and tax numbers, address, vehicle plates,
/// bank accounts and online accounts are personal data; publishing a citizen's request and its answer needs them
/// removed (domain research §5).
public enum PersonalDataKind: String, Sendable, Codable, CaseIterable {
    /// A person's name (requester, neighbour, official named in a complaint), also a nickname after `nick`.
    case name
    /// A Vietnamese mobile or landline number, or any number written with a leading `+`.
    case phone
    /// An email address, also written to dodge spam filters (`ten (at) gmail chấm com`).
    case email
    /// A CMND (9 digits) or CCCD / personal identification number (12 digits); after its cue, a personal tax code
    /// (10 or 13 digits), a social-insurance number (10 digits); a health-insurance card number (2 letters and 13
    /// digits).
    case idNumber
    /// A house number or alley (`số 12/4 hẻm 7`, `kiệt 35`, `ngõ 12 ngách 3`), or any other exact string given to
    /// ``Masking/init(knownNames:knownValues:)``. The street, commune and province after it stay.
    case address
    /// A date or year of birth after `sinh ngày`, `sinh năm`, `ngày sinh`, `năm sinh`, `SN`: `12/03/1985`,
    /// `2 tháng 9 năm 1950`, `1990`.
    case dateOfBirth
    /// A vehicle registration plate: 2-digit province code, series (1–2 letters, maybe a digit), 4–5 digits
    /// (`81B1-234.56`, `77A-123.45`, `81-B1 23456`).
    case vehiclePlate
    /// A bank or e-wallet account number (6–19 digits) after `số tài khoản`, `STK`, `tài khoản`, `ngân hàng` or a bank
    /// name, or right before `ngân hàng` / a bank name.
    case bankAccount
    /// A passport number: one letter and 7 digits (`C1234567`); after `hộ chiếu` / `passport` also 2 letters or 8 digits.
    case passport
    /// A social-network handle (`@nguyenvanan`) or profile link (`facebook.com/…`, `fb.com/…`, `zalo.me/…`,
    /// `tiktok.com/@…`).
    case socialMedia

    /// The Vietnamese text that replaces a masked span in published text, e.g. `"[SĐT đã ẩn]"`.
    public var placeholder: String {
        switch self {
        case .name: "[họ tên đã ẩn]"
        case .phone: "[SĐT đã ẩn]"
        case .email: "[email đã ẩn]"
        case .idNumber: "[số giấy tờ đã ẩn]"
        case .address: "[địa chỉ đã ẩn]"
        case .dateOfBirth: "[ngày sinh đã ẩn]"
        case .vehiclePlate: "[biển số đã ẩn]"
        case .bankAccount: "[số tài khoản đã ẩn]"
        case .passport: "[số hộ chiếu đã ẩn]"
        case .socialMedia: "[tài khoản mạng xã hội đã ẩn]"
        }
    }
}

/// One span of personal data that was masked.
public struct MaskedSpan: Sendable, Equatable {
    /// What the span was taken for. When several finds overlapped and were merged, the kind of the one read from its
    /// context (date of birth, plate, account, passport, social account, house number), otherwise of the longest.
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
/// It is a heuristic: it errs on the side of masking, and published text should still be read by a person. Measured
/// on the 240 fictional requests of `pakn-samples` (every `pii` substring masked) and on an annotated corpus of
/// sentences written as citizens write (`MaskingCorpus` in the tests, with the recall and over-masking it reaches).
/// It finds:
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
/// - **Emails**, also obfuscated: `(at)`, `[@]`, `[at]`, `{at}`, `(a)`, ` at `, `a còng` for `@` and `chấm`, `(dot)`,
///   `[dot]`, ` dot `, spaced dots for `.`, ending in a common top-level domain (`ten a còng gmail chấm com`).
/// - **ID numbers**: 9 digits (CMND) or 12 digits (CCCD, personal identification number), possibly grouped with
///   spaces or dots. Unless introduced by `CCCD`, `CMND`, `căn cước`, `định danh`, …, a number that looks like money
///   is left alone: followed by a unit (`đồng`, `m²`, `%`, …), after a money word (`giá`, `tiền`, `phí`, …) or
///   grouped in thousands ending `.000` (so `150.000.000 đồng` and `giá 120.000.000` survive). After `mã số thuế` /
///   `MST` a 10- or 13-digit tax code, after `BHXH` a 10-digit number; a health-insurance card `GD4525212345678`.
/// - **Passports** (`C1234567`), **vehicle plates** (`81B1-234.56`; in lower case only after `xe`, `biển`, `BKS`),
///   **bank accounts** (after or right before a bank cue), **dates of birth** (after a birth cue, not after `học
///   sinh`, `phát sinh`, `vệ sinh`, …), **social-network handles and profile links** (`@handle` except `@admin`,
///   `@all`, …; links to Facebook, Zalo, TikTok, Instagram, X, Threads, LinkedIn, Telegram, YouTube channels).
/// - **House numbers and alleys**: `hẻm`, `kiệt`, `ngõ`, `ngách` + number; `số nhà`, `nhà số`, `căn hộ`, `lô` + number;
///   `số` + number after `ở`, `tại`, `nhà`, … or before a street, alley or neighbourhood word; a number right after
///   `ở`, `tại`, `Địa chỉ:` and before a street name (`45 Hùng Vương`). Not `Quyết định số 12/2025/QĐ-UBND`,
///   `quầy số 3`, `thôn 3`, `tổ 4`, `nhà 2 tầng`.
/// - **Names**: 1–4 capitalised words (`Nguyễn`, `H'Mai`, all-capitals `NGUYỄN`) after a cue: a form of address or
///   kinship word (`Ông`, `Bà`, `Anh`, `Chị`, `Cô`, `Chú`, `Em`, `Cháu`, `Cụ`, `Bác`, `Bé`, `Thầy`, `cô giáo`, …: one
///   word is enough, "chị Lan"), an introduction (`Tôi là`, `tôi tên`, `tên là`, `tên`), a label (`Họ tên`,
///   `Công dân`, `Người gửi`, `chủ tài khoản`, …) or a social or role word (`nick`, `Facebook`, `cán bộ`: 2–4 words).
///   After a form of address or an introduction, also a name in lower case: a family name and given names
///   ("ông nguyễn văn an", "toi ten le van hung"), or after a form of address one common given name ("chị lan",
///   "anh tuấn"), unless the pair is a common word ("anh hùng", "chú ý", "cụ thể", "bác sĩ", "anh huong" for "ảnh
///   hưởng"). Cues and names without diacritics count only in a text written without diacritics, so "ngã ba Phú
///   Tài" is not "bà Phú Tài". Without a cue: 3–4 capitalised words starting with a common family name; names of the
///   Central Highlands peoples: two or more capitalised words starting with a Jrai or Bahnar family name (`Ksor`,
///   `Rơ Mah`, `Siu`, `Nay`, `Rcom`, `Kpă`, `Puih`, …), starting with the Ê Đê prefix `Y` or ending with an Ê Đê
///   family name (`Niê`, `Mlô`, `Ayun`, …), or containing a word like `H'Hoa`; and 2–4 capitalised words right
///   before a phone, email or ID number ("Rơ Châm H'Linh, số định danh …"). The cue itself stays.
///
/// It leaves alone: sums of money, meter readings (`4.812`), dates other than of birth (`14/10/2025`), years, the
/// 10-digit tracking codes (they never start with `0`), and proper nouns that are places: capitalised words after a
/// place word (`đường`, `phố`, `phường`, `xã`, `thôn`, `làng`, `buôn`, `hẻm`, `ngã tư`, `trường`, `THPT`, `cầu`, `chợ`,
/// `bệnh viện`, `công viên`, `quảng trường`, `UBND`, …) or starting with one or with `Sở`, `Trung tâm`, `Công ty`
/// ("đường Trần Hưng Đạo", "Đường Trần Hưng Đạo", "trường THPT Lê Quý Đôn", "Sở Xây dựng" stay), Central Highlands
/// places (`Ia Grai`, `Chư Sê`, `Krông Pa`, `Ea H'leo`), a form of address inside a proper noun or a famous figure's
/// name ("Hai Bà Trưng", "Bác Hồ", "Anh hùng Núp"), and, without a cue, lists of provinces, organisations and
/// historical figures known as street names ("Gia Lai", "Đoàn Thanh Niên", "Lý Thường Kiệt", "đoạn từ Nguyễn Thái
/// Học đến Lê Hồng Phong").
///
/// Overlapping finds are merged into one span; its kind is the kind of the find read from its context (date of
/// birth, plate, bank account, passport, social account, house number) if any, otherwise of the longest find. Each
/// span is replaced by its kind's placeholder (the result is the same as replacing from right to left in the
/// original).
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
        let contacts = scan.phoneAndIDFinds() + scan.emailFinds() + scan.obfuscatedEmailFinds()
        finds += contacts
        finds += scan.contextualFinds()
        finds += scan.nameFinds(contacts: contacts)
        return scan.apply(Self.merge(finds))
    }

    /// Merges overlapping finds; the merged kind is that of the highest ``Find/priority``, then of the longest.
    static func merge(_ finds: [Find]) -> [Find] {
        let sorted = finds.sorted { ($0.start, -$0.end, -$0.priority) < ($1.start, -$1.end, -$1.priority) }
        var merged: [(find: Find, rank: (Int, Int))] = []
        for find in sorted {
            let rank = (find.priority, find.end - find.start)
            if let last = merged.last, find.start < last.find.end {
                let better = rank > last.rank
                let kind = better ? find.kind : last.find.kind
                let priority = max(find.priority, last.find.priority)
                merged[merged.count - 1] = (Find(kind: kind, start: last.find.start, end: max(last.find.end, find.end),
                                                 priority: priority), better ? rank : last.rank)
            } else {
                merged.append((find, rank))
            }
        }
        return merged.map(\.find)
    }
}

/// A find, in `Character` offsets of the scanned text.
struct Find {
    var kind: PersonalDataKind
    var start: Int
    var end: Int
    /// 1 for finds read from their context (date of birth, plate, bank account, passport, social account, house
    /// number): their kind wins when finds overlap ("STK 0912345678" is an account, not a phone).
    var priority: Int = 0
}

// MARK: - Phone and ID rules

enum PhoneRules {
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

