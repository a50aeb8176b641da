import Foundation

/// Word lists used by ``Masking``. Lowercase; with diacritics unless the name says folded (``VietnameseText/fold(_:)``).
///
/// The lists describe kinds of words (forms of address, place words, family and given names, bank names), not the
/// cases of a test corpus: a word is here because Vietnamese uses it that way, with its common compounds.
enum MaskingLexicon {
    // MARK: Folding

    /// Folded forms of every word of the lists below, computed once (folding decomposes Unicode and is slow).
    private static let foldedWords: [String: String] = {
        var all = Set<String>()
        for set in [titles, greetings, notNameStart, familyNames, middleNames, givenNames, alleyWords,
                    addressLeads, numberedThings, addressFollows] {
            all.formUnion(set)
        }
        for phrase in placePhrases { all.formUnion(phrase) }
        for cue in cues { all.formUnion(cue.words) }
        all.formUnion(["số", "và", "nhà", "căn", "hộ", "lô", "đường", "phố", "ngày", "năm", "tháng", "bản", "tên"])
        return Dictionary(uniqueKeysWithValues: all.map { ($0, VietnameseText.fold($0)) })
    }()

    /// The folded form of a word of these lists (``VietnameseText/fold(_:)``), from a table.
    static func fold(_ word: String) -> String {
        foldedWords[word] ?? VietnameseText.fold(word)
    }

    static let foldedMiddleNames: Set<String> = Set(middleNames.map(VietnameseText.fold))
    static let foldedGivenNames: Set<String> = Set(givenNames.map(VietnameseText.fold))
    /// Middle and given names: the words after a family name.
    static let nameWords: Set<String> = middleNames.union(givenNames)
    static let foldedNameWords: Set<String> = foldedMiddleNames.union(foldedGivenNames)

    // MARK: Cues before a name

    /// What a cue says about the words after it.
    enum CueKind {
        /// A form of address or kinship word (`ông`, `chị`, `cô giáo`, `bé`): one capitalised word is enough, and a
        /// name written in lower case counts.
        case title
        /// An introduction (`tôi là`, `tên`): a name in lower case counts if it starts with a family name (`tên`
        /// also allows one given name).
        case introduction
        /// A label (`Người gửi:`, `chủ tài khoản`): as an introduction.
        case label
        /// A social-network or role word (`nick`, `Facebook`, `cán bộ`): capitalised words only.
        case other
    }

    struct Cue {
        let words: [String]
        /// The least number of capitalised words that make a name after this cue.
        let minWords: Int
        let kind: CueKind
    }

    /// The ten forms of address of the brief (Vietnamese kinship terms used for anyone), plus other kinship and
    /// school words used the same way before a name.
    static let titles: Set<String> = [
        "ông", "bà", "anh", "chị", "cô", "chú", "em", "cháu", "cụ", "bác", "bé", "thầy", "cậu", "dì", "mợ", "thím",
        "dượng",
    ]

    /// The forms of address that, written without diacritics, are rarely another word before a given name
    /// ("chi lan", "anh tuan"); `co` (có), `ba` (ba), `cu` (cũ), `chu` (chủ), `bac` (bắc), `di` (đi) are not.
    static let plainTitlesBeforeGivenNames: Set<String> = ["chi", "anh", "em", "ong", "chau", "thay"]

    /// Capitalised words that may come before a form of address inside a greeting ("Thưa Bà …", "Kính gửi Ông …").
    static let greetings: Set<String> = ["thưa", "kính", "gửi", "chào", "xin", "cảm", "ơn", "nhờ", "giúp", "hỏi", "gặp", "mời"]

    static let cues: [Cue] = {
        var list: [Cue] = []
        func add(_ phrases: [String], _ minWords: Int, _ kind: CueKind) {
            for phrase in phrases {
                list.append(Cue(words: phrase.split(separator: " ").map(String.init), minWords: minWords, kind: kind))
            }
        }
        add(Array(titles), 1, .title)
        add(["cô giáo", "thầy giáo", "già làng", "vợ là", "chồng là", "cụ ông", "cụ bà", "ông cụ", "bà cụ", "con là",
             "mẹ là", "bố là", "cha là"], 1, .title)
        add(["tôi là", "em là", "cháu là", "mình là", "tôi tên", "em tên", "cháu tên", "mình tên", "con tên"], 2,
            .introduction)
        add(["tên", "tên là", "tên gọi"], 1, .introduction)
        add(["họ tên", "họ và tên", "công dân", "người gửi", "người viết", "người phản ánh", "người kiến nghị",
             "người liên hệ", "người báo", "người làm đơn", "người đại diện", "người nhận", "đại diện", "liên hệ",
             "ký tên", "chủ nhà", "chủ hộ", "thông tin của tôi", "chủ tài khoản", "tên tài khoản", "chủ tk", "tên tk"],
            2, .label)
        add(["nick", "nickname", "facebook", "fb", "zalo", "tiktok", "instagram", "cán bộ", "công chức",
             "trưởng thôn", "trưởng bản", "chủ tịch", "bí thư", "giám đốc", "hiệu trưởng", "tổ trưởng", "địa chính",
             "bác sĩ", "y tá", "giáo viên", "nhân viên", "đồng chí", "công an viên", "kế toán"], 2, .other)
        return list
    }()

    /// The cues by their last word, folded: a quick look-up before comparing the words before it.
    static let cuesByLastWord: [String: [Cue]] = Dictionary(grouping: cues) { VietnameseText.fold($0.words[$0.words.count - 1]) }

    /// A form of address followed by one of these words is a common word, not a name ("anh hùng", "chú trọng").
    static let titleCompounds: [String: Set<String>] = [
        "anh": ["hùng", "minh", "dũng", "tài", "thư", "linh", "đào", "hào", "quân", "hoa", "thảo"],
        "chú": ["tâm", "trọng", "ý"], "cô": ["nhi", "đơn", "tiên"], "bác": ["tài", "ái", "học", "sĩ"],
        "cụ": ["thể"], "em": ["út"], "bà": ["mụ", "đỡ"], "ông": ["tơ"],
        // folded, for text written without diacritics
        "chi": ["phi", "tiet", "tra", "nhanh", "bo", "cuc", "hoi", "tieu"],
    ]

    /// Plain-text pairs (folded) that are common words: "anh huong" is "ảnh hưởng", "anh sang" is "ánh sáng".
    static let plainTitleCompounds: Set<String> = [
        "anh huong", "anh sang", "anh dung", "anh hung", "anh minh", "anh thu", "anh linh", "anh dao", "anh tai",
        "em hoa", "ong lan",
    ]

    /// Words that cannot start a name after a cue: titles, organisations, places, kinship ("Ông Trưởng Ban …",
    /// "cô Giáo", "anh Công an", "em Ia Pa").
    static let notNameStart: Set<String> = [
        "trưởng", "phó", "chủ", "giám", "cán", "bí", "công", "ban", "sở", "phòng", "trường", "ủy", "uỷ", "hội", "đội",
        "tổ", "xã", "phường", "thôn", "bác", "ông", "bà", "anh", "chị", "cô", "chú", "em", "cháu", "cụ", "ubnd",
        "trạm", "bệnh", "bưu", "điện", "cấp", "môi", "thuế", "kho", "cục", "viện", "bộ", "hiệu", "tổng", "thủ", "kế",
        "giáo", "già", "mẹ", "cha", "bố", "con", "vợ", "chồng", "nội", "ngoại", "ia", "chư", "krông", "đak", "đắk",
        "đăk", "ea", "plei", "kon", "bến", "chợ", "cầu", "đường", "phố", "huyện", "tỉnh", "thị", "quận", "làng",
        "buôn", "khu", "tòa", "toà", "nhà", "tập", "đài", "chánh", "địa", "học", "cảnh", "dân", "điều", "hợp", "câu",
        "mặt", "văn", "sân", "thầy", "bé", "trời", "tây", "đảng", "nhà", "quỹ", "ngành", "vùng", "miền", "sông",
        "suối", "biển", "núi", "đèo",
    ]

    // MARK: Places

    /// Words and phrases that, right before capitalised words, make them a place or an organisation rather than a
    /// person ("đường Trần Hưng Đạo", "phường Diên Hồng", "ngã tư Hùng Vương – Lê Lợi", "chỗ giao với Trần Cao Vân").
    /// Role words that end in one of these are not listed ("trưởng phòng", "cán bộ"), so "phòng" and "bộ" are not.
    static let placePhrases: [[String]] = [
        "đường", "phố", "phường", "xã", "quận", "huyện", "tỉnh", "thành phố", "thị xã", "thị trấn", "đặc khu", "hẻm",
        "ngõ", "ngách", "kiệt", "ngã tư", "ngã ba", "ngã năm", "ngã sáu", "vòng xoay", "bùng binh", "cầu", "chợ", "bến",
        "cảng", "ga", "khu", "khu phố", "cụm", "thôn", "làng", "buôn", "plei", "bản", "ấp", "xóm", "công viên",
        "quảng trường", "trường", "tiểu học", "trung học", "mầm non", "mẫu giáo", "thpt", "thcs", "bệnh viện",
        "trung tâm", "công ty", "chung cư", "tòa nhà", "toà nhà", "quốc lộ", "tỉnh lộ", "đại lộ", "tuyến", "nút giao",
        "giao lộ", "góc", "tượng đài", "đền", "chùa", "nhà thờ", "nhà văn hóa", "nhà văn hoá", "sân vận động", "hồ",
        "sông", "suối", "núi", "đèo", "đập", "kênh", "dự án", "ubnd", "hđnd", "tp", "tx", "đoạn", "phía",
        "giao với", "giao nhau với", "phòng khám", "nhà hàng", "khách sạn", "siêu thị", "sân bay", "đại học",
        "cao đẳng", "học viện", "bảo tàng", "thư viện", "nghĩa trang", "đình", "miếu", "lăng", "đảo", "hòn", "bãi",
        "thác", "đầm", "vịnh", "mũi", "gành", "ghềnh", "cù lao", "biển", "khu du lịch", "lưu niệm", "di tích",
        "nhà rông", "hợp tác xã", "câu lạc bộ", "đồn", "đài", "nhà thi đấu", "sân bóng", "bệnh xá", "trạm",
        "chi nhánh", "khu dân cư", "khu đô thị", "khu công nghiệp", "tổ dân phố", "dân tộc", "nội trú", "y tế",
    ].map { $0.split(separator: " ").map(String.init) }

    /// A form of address inside a proper noun or a famous figure's common name, folded ("Bà Rịa", "Bác Hồ",
    /// "Anh hùng Núp"); compared with the folded words from the form of address on.
    static let placesWithHonorific: [String] = [
        "ba ria", "ba den", "ba trieu", "ba trung", "ba huyen thanh quan", "ba chieu", "ba diem", "ong ich khiem",
        "ong lanh", "co giang", "co bac", "co to", "chu ia", "bac ho", "cu ho", "anh hung nup", "ong giong", "ong tao",
        "ong dia", "ong troi", "ba chua", "chu cuoi", "chi hang", "ong tho", "ba mu", "ong cong", "co tien",
    ]

    /// First words of place names of the Central Highlands that never start a person's name (compared folded):
    /// "Ia Grai", "Chư Sê", "Krông Pa", "Đak Đoa", "Ea H'leo", "Kon Tum", "Plei Ku".
    static let highlandsPlaceHeads: Set<String> = ["ia", "chu", "krong", "dak", "ea", "kon", "plei", "buon", "mang", "kbang"]

    // MARK: Names

    /// Common Vietnamese family names, and family names of the Jrai and Bahnar peoples of Gia Lai, lowercase.
    static let familyNames: Set<String> = [
        "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô",
        "dương", "lý", "trương", "đinh", "đào", "lâm", "mai", "tô", "trịnh", "vương", "hà", "lương", "cao", "châu",
        "tạ", "tăng", "nghiêm", "đoàn", "lưu", "thái", "quách", "từ", "kiều", "giang", "triệu", "la", "khổng", "đàm",
        "mạc", "tôn", "thân", "hứa", "đồng", "chu", "lục", "bạch", "diệp", "doãn", "phùng", "quan", "thạch", "tiêu",
        "ninh", "phí", "hàn", "âu", "vi", "lò", "ksor", "rơ", "siu", "kpă", "kpa", "nay", "rcom", "puih", "rahlan",
        "rmah", "lã", "lại", "khúc", "khương", "mẫn", "nông", "lữ", "kpuih", "rlan", "rchăm", "hiao",
    ]

    /// ``familyNames`` folded, for text written without diacritics.
    static let foldedFamilyNames: Set<String> = Set(familyNames.map(VietnameseText.fold))

    /// Family names of the Jrai and Bahnar (first word of the name), folded: two capitalised words starting with one
    /// of them are a name even without a cue ("Nay Phin", "Siu Thơm").
    static let highlandsFamilyNames: Set<String> = [
        "ksor", "ro", "siu", "kpa", "nay", "rcom", "puih", "rmah", "rahlan", "kpuih", "rlan", "rcham", "hiao",
    ]

    /// Ê Đê family names, which end the name ("Y Bih Niê", "H'Yến Ayun"), folded.
    static let edeFamilyNames: Set<String> = [
        "nie", "mlo", "ktla", "eban", "ayun", "hdok", "bya", "kbuor", "adrong", "knul", "ksor", "bkrong", "enuol",
        "ale", "eung", "hwing", "kpor", "mdrang", "hmok", "mjao", "buon ya",
    ]

    /// Words after `Y` that make a common word, not the Ê Đê male prefix ("Y tế", "Y khoa"), folded.
    static let yCompounds: Set<String> = ["te", "khoa", "hoc", "duoc", "si", "duc", "ta", "lenh", "nhu", "ve", "phuc"]

    /// Middle names (tên đệm), lowercase with diacritics.
    static let middleNames: Set<String> = [
        "văn", "thị", "đức", "minh", "ngọc", "quốc", "hữu", "công", "xuân", "thanh", "kim", "hoàng", "quang", "đình",
        "thành", "gia", "bảo", "phương", "anh", "hồng", "tấn", "trọng", "như", "thu", "mỹ", "thùy", "thuỳ", "bích",
        "diệu", "hoài", "khánh", "nhật", "phúc", "việt", "hải", "duy", "trung", "thế", "mạnh", "bá", "chí", "tiến",
        "vĩnh", "lệ", "cẩm", "tường", "vân", "thảo", "hà", "thái", "hoà", "hòa", "huy", "đăng", "trường", "kiều",
        "mai", "tuấn", "ánh", "hạnh", "ý", "uyên", "yến", "lan",
    ]

    /// The most common middle names, folded: in text without diacritics, the second word of a name of three words
    /// or more must be one of them ("nguyen van an"; "to truong thu tien" is "tổ trưởng thu tiền").
    static let plainMiddleNames: Set<String> = [
        "van", "thi", "duc", "ngoc", "quoc", "huu", "xuan", "kim", "hoang", "quang", "dinh", "gia", "bao", "hong",
        "tan", "minh", "thanh", "thu", "my", "bich", "dieu", "khanh", "nhat", "phuc", "viet", "duy", "the", "manh",
        "ba", "chi", "vinh", "le", "cam", "tuong", "kieu", "cong", "trong", "nhu", "thuy", "hoai", "anh", "phuong",
    ]

    /// Common given names, lowercase with diacritics.
    static let givenNames: Set<String> = [
        "an", "anh", "ánh", "bảo", "bích", "bình", "cảnh", "chi", "chiến", "chinh", "châu", "cúc", "cường", "danh",
        "diệp", "diễm", "diệu", "dung", "dũng", "duy", "duyên", "dương", "đạt", "đào", "điệp", "định", "đông", "đức",
        "giang", "giao", "hà", "hải", "hạnh", "hào", "hằng", "hân", "hậu", "hiền", "hiếu", "hiệp", "hoa", "hòa",
        "hoà", "hoài", "hoàn", "hoàng", "hồng", "huệ", "hùng", "hưng", "hương", "hường", "huy", "huyền", "khang",
        "khánh", "khoa", "khôi", "kiên", "kiệt", "kim", "lan", "lâm", "lệ", "liên", "liễu", "linh", "loan", "lộc",
        "lợi", "long", "luân", "lực", "lụa", "ly", "lý", "mai", "mạnh", "minh", "my", "mỹ", "na", "nam", "nga",
        "ngân", "nghĩa", "ngọc", "nguyên", "nguyệt", "nhàn", "nhân", "nhật", "nhi", "nhung", "như", "oanh", "phát",
        "phong", "phú", "phúc", "phụng", "phương", "phượng", "quang", "quân", "quốc", "quý", "quyên", "quyết",
        "quỳnh", "sang", "sáng", "sen", "sơn", "sương", "tài", "tâm", "tân", "thạch", "thái", "thanh", "thành",
        "thảo", "thắm", "thắng", "thịnh", "thơ", "thu", "thủy", "thuỷ", "thúy", "thuý", "thùy", "thư", "thương",
        "tiến", "tín", "toàn", "trang", "trâm", "trân", "trí", "trinh", "trọng", "trung", "trúc", "tú", "tuấn",
        "tùng", "tuyết", "uyên", "vân", "vi", "việt", "vinh", "vũ", "vy", "xuân", "yến", "hiển", "khải", "lượng",
        "nhơn", "sỹ", "thuận", "thiện", "thông", "tuyền", "thoa", "khanh", "hạ", "hậu", "quyền", "tám", "bảy",
        "sáu", "mười", "út", "hai", "ba", "tư", "năm", "chín", "rớt", "nở", "sử", "hiếu", "thịnh", "lộc", "hằng",
    ]

    /// Given names that, in lower case right after a form of address, are nearly always a name; the others are too
    /// often a verb or noun there ("anh bảo", "chị thu tiền", "ông quyết định", "em hiểu").
    static let lowercaseGivenNames: Set<String> = givenNames.subtracting([
        "bảo", "thu", "sang", "sáng", "thông", "quyết", "định", "tiến", "hoàn", "đào", "giao", "lâm", "toàn", "phát",
        "hằng", "tài", "liên", "thương", "mai", "duy", "đông", "đạt", "thành", "thắng", "nghĩa", "an", "bình", "hòa",
        "hoà", "trọng", "tâm", "chiến", "cường", "lực", "lợi", "khang", "hiển", "hiệp", "thiện", "thuận", "lượng",
        "danh", "nhân", "quang", "trung", "vinh", "hưng", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín",
        "mười", "út", "hạ", "thơ", "tín", "ngân", "nhàn", "quốc", "việt", "châu", "phú", "nguyên", "sơn", "kim",
        "long", "phong", "hoàng", "anh", "minh", "chinh", "dương", "đức", "rớt", "nở", "sử", "nam", "na", "vi",
    ])

    /// Given names (folded) safe enough in text written without diacritics after ``plainTitlesBeforeGivenNames``.
    static let plainGivenNames: Set<String> = [
        "lan", "hoa", "tuan", "trang", "linh", "hanh", "thuy", "phuong", "khoa", "loc", "nhung", "oanh", "quynh",
        "vinh", "yen", "duyen", "ngoc", "cuc", "giang", "hue", "kiet", "nhi", "quyen", "tram", "my", "vy", "uyen",
        "tuyet", "huyen", "loan", "diep", "khanh", "thao", "trinh", "binh", "phuc", "son", "duc",
    ]

    /// A given name in lower case followed by one of these words is a common compound, not a name ("em an tâm").
    static let givenCompounds: [String: Set<String>] = [
        "an": ["toàn", "tâm", "ninh", "cư", "ủi", "sinh", "táng", "khang", "nhàn", "phận"],
        "bình": ["thường", "yên", "tĩnh", "đẳng", "chọn", "luận", "dân", "quân", "an", "minh"],
        "hòa": ["giải", "nhập", "bình", "thuận", "đồng", "hợp"], "phúc": ["lợi", "đáp", "khảo"],
        "thanh": ["toán", "tra", "niên", "lý", "minh", "xuân"], "hiếu": ["học", "thảo", "kỳ"],
        "tú": ["tài"], "trí": ["thức", "tuệ"], "yên": ["tâm", "ổn", "bình"], "lan": ["truyền", "rộng", "ra", "tràn"],
        "linh": ["động", "hoạt", "tinh"], "hạnh": ["kiểm", "phúc"], "khánh": ["thành"], "hồng": ["ngoại"],
        // folded
        "binh": ["thuong", "yen", "tinh"], "yen": ["tam"], "phuc": ["vu", "hoi"], "son": ["nha", "lai"],
        "duc": ["lo"],
    ]

    /// Two lowercase words after a family name that are a common phrase, not a name ("từ thiện", "lương thiện").
    static let familyCompounds: Set<String> = [
        "từ thiện", "lương thiện", "đào tạo", "hồ sơ", "cao tuổi", "lại nói", "hà khắc", "từ nam", "từ bắc",
        "phan văn", "mai mốt", "lý do", "ninh bình", "giang sơn", "châu thành", "đồng minh", "thái bình",
        "hoàng thành", "phí hoài", "tô vẽ", "cao minh", "thân thiện",
    ]

    static let foldedFamilyCompounds: Set<String> = Set(familyCompounds.map(VietnameseText.fold))

    // MARK: Capitalised words that are not people

    /// Capitalised words that are not a person when they stand alone without a cue, folded; a run of capitalised
    /// words equal to one of these, or starting with one, is left alone. Organisations, the provinces (after the
    /// 2025 merger, and the former Bình Định, Kon Tum) and a few cities; see also ``streetNamePeople``.
    static let organisationsAndProvinces: [String] = [
        "doan thanh nien", "hoi lien hiep", "hoi nong dan", "hoi cuu chien binh", "hoi phu nu", "mat tran",
        "cao su", "cong an", "dien luc", "cap nuoc", "hanh chinh cong", "dich vu cong", "viettel", "vnpt",
        "mobifone", "vinaphone",
        "ha noi", "hue", "lai chau", "dien bien", "son la", "lang son", "quang ninh", "thanh hoa", "nghe an",
        "ha tinh", "cao bang", "tuyen quang", "lao cai", "thai nguyen", "phu tho", "bac ninh", "hung yen",
        "hai phong", "ninh binh", "quang tri", "da nang", "quang ngai", "gia lai", "khanh hoa", "lam dong",
        "dak lak", "ho chi minh", "dong nai", "tay ninh", "can tho", "vinh long", "dong thap", "ca mau",
        "an giang", "binh dinh", "kon tum", "quy nhon", "pleiku", "ha giang", "ha nam", "thai binh", "binh duong",
        "sai gon", "tay nguyen", "phu thien", "an khe", "ayun pa", "an nhon", "hoai nhon", "tay son", "phu cat",
        "phu my", "tuy phuoc", "van canh", "vinh thanh", "hoai an", "an lao", "duc co", "mang yang", "chu se",
    ]

    /// People better known as street, school and square names (Quy Nhơn, Pleiku and most towns), folded: without a
    /// cue, their names are places ("đoạn từ Nguyễn Thái Học đến Lê Hồng Phong").
    static let streetNamePeople: [String] = [
        "ho chi minh", "vo nguyen giap", "tran hung dao", "le thanh tong", "le thanh ton", "nguyen tat thanh",
        "pham van dong", "nguyen thi minh khai", "ly thuong kiet", "nguyen thai hoc", "phan dinh phung",
        "to hien thanh", "nguyen van cu", "nguyen van linh", "ton duc thang", "hoang van thu", "le hong phong",
        "nguyen chi thanh", "phan boi chau", "phan chu trinh", "ngo gia tu", "le quy don", "nguyen thi dinh",
        "nguyen dinh chieu", "tran quang khai", "tran nhan tong", "ly thai to", "ly tu trong", "vo thi sau",
        "nguyen van troi", "tang bat ho", "mai xuan thuong", "dao duy tu", "bui thi xuan", "hoang hoa tham",
        "nguyen luong bang", "pham ngoc thach", "tran quoc toan", "le van sy", "nguyen binh khiem", "nguyen trai",
        "tran khanh du", "ly chinh thang", "truong dinh", "nguyen du", "tran phu", "le loi", "nguyen hue", "le duan",
        "hung vuong", "quang trung", "ngo quyen", "hai ba trung", "ba trieu", "ngo may", "xuan dieu",
        "an duong vuong", "tran cao van", "dao tan", "han mac tu", "pham hung", "nguyen nhac", "nguyen lu",
        "tran thi ky", "truong chinh", "ton that tung", "dinh tien hoang", "kpa klong", "nguyen viet xuan",
        "tran nhat duat", "su van hanh", "hoang quoc viet", "pham ngu lao", "nguyen trung truc", "vo van kiet",
        "nguyen huu tho", "tran quang dieu", "vo van dung", "ngo thoi nhiem", "nguyen sinh sac", "huynh thuc khang",
        "tran quy cap", "phan huy chu", "nguyen cong tru", "ha huy tap", "le van tam", "kim dong", "vo thi sau",
        "nguyen thi minh khai", "dinh nup", "anh hung nup", "no trang long", "y jut", "y ngong", "y wang",
        "ama khe", "ama jhao", "nay der", "le thanh nghi", "tran van on", "nguyen van cu", "to vinh dien",
        "cu chinh lan", "be van dan", "phan dang luu", "nguyen dinh chinh", "tran binh trong", "ly nam de",
    ]

    static let notPersons: [String] = organisationsAndProvinces + streetNamePeople

    /// Brand and product words that are never part of a name even when capitalised ("nick Facebook Thu Hà").
    static let brands: Set<String> = [
        "facebook", "zalo", "tiktok", "youtube", "google", "messenger", "viber", "instagram", "telegram", "twitter",
        "shopee", "lazada", "grab", "momo", "gmail", "yahoo", "outlook", "internet", "wifi", "email", "fanpage",
        "vneid", "iphone", "samsung", "honda", "yamaha", "toyota",
    ]

    /// All-capital words that are abbreviations, not names (compared folded).
    static let abbreviations: Set<String> = [
        "ubnd", "hdnd", "sdt", "dt", "cccd", "cmnd", "thpt", "thcs", "bhxh", "bhyt", "csgt", "cand", "tp", "tx", "ql",
        "tl", "kcn", "kdc", "pakn", "tthc", "vnd", "nd", "qd", "cp", "ttg", "tnhh", "mtv", "htx", "gplx", "ca", "atm",
        "ok", "sms", "id", "mc", "qh", "ttxvn", "vtv", "evn", "vnpt", "ktx", "ttyt", "bv", "ptth", "mttq", "hcm", "sos",
        "kntc", "dvc", "zalo", "gps", "led", "pccc", "lpg", "atgt", "attp", "tt", "gd", "nt", "bq", "bql", "oa",
        "bks", "stk", "tk", "sn", "mst", "otp", "clb", "xiv", "xv", "ii", "iii", "iv", "vi", "vii", "viii", "ix",
    ]

    // MARK: Numbers

    /// Words after a 9- or 12-digit number that make it an amount, not an ID number (folded).
    static let units: Set<String> = [
        "dong", "d", "vnd", "trieu", "ty", "ti", "nghin", "ngan", "tram", "m", "m2", "m3", "km", "ha", "kg", "tan",
        "usd", "lit", "kw", "kwh", "so", "nguoi", "ho", "lan", "cm", "mm", "g", "ml", "met", "phan", "con", "cay",
        "k", "tr", "chiec", "thang", "nam", "ngay",
    ]

    /// Words shortly before a 9- or 12-digit number that make it an amount (folded).
    static let moneyWords: Set<String> = [
        "gia", "tien", "phi", "luong", "thu", "nop", "tra", "vay", "no", "thuong", "chi", "tong", "khoang", "gan",
        "hon", "tren", "duoi", "len", "mat",
    ]

    /// Words that may stand between a name and the phone, email or ID number that follows it (folded).
    static let contactLabels: Set<String> = [
        "sdt", "dt", "dien", "thoai", "so", "email", "e", "mail", "cccd", "cmnd", "dinh", "danh", "can", "cuoc",
        "zalo", "di", "dong", "tel", "lien", "he", "la", "cua", "toi", "chung", "minh", "nhan", "dan", "dd",
    ]

    /// Folded phrases shortly before a number that make it an ID number whatever follows it.
    static let idCues: [String] = ["cccd", "cmnd", "can cuoc", "chung minh", "dinh danh", "ho chieu", "giay to"]

    // MARK: Addresses

    /// Alley words: followed by a number they are part of a house address ("hẻm 58/3", "kiệt 35", "ngõ 12 ngách 3").
    static let alleyWords: Set<String> = ["hẻm", "hẽm", "kiệt", "ngõ", "ngách", "hxh"]
    static let foldedAlleyWords: Set<String> = Set(alleyWords.map(VietnameseText.fold))

    /// Words before `số N` that make it a house number ("ở số 9", "nhà số 45", "trú tại số 12").
    static let addressLeads: Set<String> = [
        "ở", "tại", "trú", "ngụ", "sống", "nhà", "chỉ", "trước", "sau", "cạnh", "gần", "đối", "diện", "kế", "bên",
        "hàng", "quán", "tiệm", "xóm", "căn",
    ]

    /// Words before `số N` that make it anything but a house number ("Quyết định số 12", "quầy số 3", "xe buýt số 3").
    static let numberedThings: Set<String> = [
        "định", "văn", "bản", "thông", "tư", "trình", "biên", "đơn", "đồng", "phiếu", "quầy", "phòng", "bàn", "cửa",
        "tuyến", "buýt", "lớp", "tổ", "thôn", "khu", "đội", "điểm", "trạm", "ô", "giường", "ghế", "mẫu", "điều",
        "khoản", "chương", "mục", "thửa", "tờ", "sổ", "seri", "đất", "lần", "vé", "hiệu", "tài", "kiốt",
        "ki", "ốt", "pháp", "lệnh", "hồ", "sơ", "thẻ", "xe", "máy", "tiền", "hạng", "bậc", "câu", "bài",
        "trang", "tập", "kỳ", "đợt", "hộp", "thư", "công",
    ]

    /// Words after a house number that show an address follows (street, alley, neighbourhood, commune).
    static let addressFollows: Set<String> = [
        "đường", "phố", "hẻm", "hẽm", "kiệt", "ngõ", "ngách", "tổ", "thôn", "khu", "ấp", "xóm", "phường", "xã",
        "quốc", "tỉnh", "đại", "lô", "dãy", "block",
    ]

    // MARK: Dates of birth

    /// Words before `sinh` that make a compound, not "born": "học sinh", "phát sinh", "vệ sinh", "khai sinh" (folded).
    static let sinhCompounds: Set<String> = [
        "hoc", "phat", "nay", "hy", "ve", "khai", "san", "ky", "sat", "hoi", "tai", "giang", "nhan", "dan", "thi",
        "mon", "cuu", "truong", "hau", "tien", "so", "phuc", "sieu", "sui", "nam", "nu",
    ]

    // MARK: Banks and social networks

    /// Bank and wallet names, folded, written as one word.
    static let bankNames: Set<String> = [
        "vietcombank", "vcb", "vietinbank", "bidv", "agribank", "techcombank", "tcb", "mbbank", "mb", "acb",
        "sacombank", "vpbank", "tpbank", "shb", "hdbank", "vib", "ocb", "seabank", "msb", "eximbank", "lpbank",
        "lienvietpostbank", "namabank", "kienlongbank", "pvcombank", "abbank", "scb", "shinhan", "hsbc", "vietbank",
        "baovietbank", "vietabank", "saigonbank", "ncb", "pgbank", "gpbank", "oceanbank", "cbbank", "bacabank",
        "momo", "zalopay", "viettelpay", "vikki", "cake", "timo", "bvbank", "kienlong", "agri",
    ]

    /// Profile hosts of social networks, lowercase: a link to one of them with a path is a person's profile.
    static let socialHosts: [String] = [
        "facebook.com", "fb.com", "fb.me", "m.me", "messenger.com", "zalo.me", "tiktok.com", "instagram.com",
        "instagr.am", "x.com", "twitter.com", "threads.net", "threads.com", "linkedin.com", "t.me", "telegram.me",
        "youtube.com",
    ]

    /// Subdomains of the social hosts that serve profile pages; a link to another one (`graph.facebook.com`,
    /// `openapi.zalo.me`) is an API call in an error message, not a person.
    static let profileSubdomains: Set<String> = [
        "www", "m", "web", "mobile", "mbasic", "touch", "vt", "vm", "business", "chat", "vn",
    ]

    /// `@words` that address a role or everyone, not a person.
    static let genericHandles: Set<String> = [
        "admin", "ad", "all", "everyone", "here", "mod", "moderator", "support", "team", "channel", "group",
    ]

    /// Top-level domains accepted at the end of an obfuscated e-mail address ("… chấm com").
    static let topLevelDomains: Set<String> = [
        "com", "vn", "net", "org", "edu", "gov", "info", "biz", "io", "me", "co", "us", "uk", "jp", "kr", "de", "fr",
        "au", "xyz", "online", "site",
    ]
}
