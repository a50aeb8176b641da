import Foundation
import Testing
@testable import PAKNDomain

@Suite struct VietnameseTextTests {
    /// "Đường" with the ư and the grave accent typed as combining marks (NFD).
    static let decomposedDuong = "\u{0110}u\u{031B}o\u{031B}\u{0300}ng"

    @Test func nfcComposesDecomposedInput() {
        // setup
        let decomposed = Self.decomposedDuong + " Tra\u{0302}\u{0300}n"
        // act
        let composed = VietnameseText.nfc(decomposed)
        // check
        #expect(composed.unicodeScalars.map(\.value) == "Đường Trần".unicodeScalars.map(\.value))
        #expect(composed.unicodeScalars.count == 10)
    }

    @Test func foldsForSearch() {
        #expect(VietnameseText.fold("Đường Trần Hưng Đạo") == "duong tran hung dao")
        #expect(VietnameseText.fold("ĐƯỜNG TRẦN HƯNG ĐẠO") == "duong tran hung dao")
        #expect(VietnameseText.fold(Self.decomposedDuong) == "duong")
        #expect(VietnameseText.fold("  Nước   bẩn!!! (phường\tDiên Hồng)… ") == "nuoc ban phuong dien hong")
        #expect(VietnameseText.fold("0912.345.678") == "0912 345 678")
        #expect(VietnameseText.fold("") == "")
        #expect(VietnameseText.fold("Đường").contains("duong"))
        #expect(VietnameseText.fold("đĐ") == "dd")
    }

    /// The 12 vowels of the alphabet, each without a tone and with the five tones (huyền, sắc, hỏi, ngã, nặng).
    static let vowelTable: [(base: String, forms: String)] = [
        ("a", "aàáảãạăằắẳẵặâầấẩẫậ"),
        ("e", "eèéẻẽẹêềếểễệ"),
        ("i", "iìíỉĩị"),
        ("o", "oòóỏõọôồốổỗộơờớởỡợ"),
        ("u", "uùúủũụưừứửữự"),
        ("y", "yỳýỷỹỵ"),
    ]

    @Test func everyVowelWithEveryToneFoldsToItsBaseLetter() {
        for (base, forms) in Self.vowelTable {
            #expect(forms.count == (base == "a" || base == "o" ? 18 : base == "e" || base == "u" ? 12 : 6))
            for vowel in forms {
                let lower = String(vowel)
                let upper = lower.uppercased()
                #expect(VietnameseText.fold(lower) == base, "\(lower)")
                #expect(VietnameseText.fold(upper) == base, "\(upper)")
                #expect(VietnameseText.fold(lower.decomposedStringWithCanonicalMapping) == base, "NFD \(lower)")
                #expect(VietnameseText.withoutDiacritics(lower) == base, "\(lower)")
                #expect(VietnameseText.withoutDiacritics(upper) == base.uppercased(), "\(upper)")
            }
        }
    }

    @Test func withoutDiacriticsKeepsCaseAndPunctuation() {
        #expect(VietnameseText.withoutDiacritics("Đã tiếp nhận") == "Da tiep nhan")
        #expect(VietnameseText.withoutDiacritics("PAKN số 123-456-7894: ĐÃ XỬ LÝ, cảm ơn!")
                == "PAKN so 123-456-7894: DA XU LY, cam on!")
        #expect(VietnameseText.withoutDiacritics(Self.decomposedDuong) == "Duong")
    }

    @Test func sanitizedLine() {
        #expect(VietnameseText.sanitizedLine("  Vỡ\tống\u{0007}  nước\r\n chính \u{00A0}") == "Vỡ ống nước chính")
        #expect(VietnameseText.sanitizedLine("a\u{200B}b\u{202E}c\u{FEFF}") == "abc")
        #expect(VietnameseText.sanitizedLine(Self.decomposedDuong) == "Đường")
        #expect(VietnameseText.sanitizedLine(" \n\t ") == "")
    }

    @Test func sanitizedText() {
        // setup
        let input = "  \r\nDòng 1   \r\n  thụt lề\u{0000}\r\r\n\n\n\n\nDòng\tcuối \u{0008}\n\n"
        // act
        let text = VietnameseText.sanitizedText(input)
        // check
        #expect(text == "Dòng 1\n  thụt lề\n\n\nDòng cuối")
        #expect(VietnameseText.sanitizedText("a\n\nb") == "a\n\nb")
        #expect(VietnameseText.sanitizedText("a\n\n\nb") == "a\n\n\nb")
        #expect(VietnameseText.sanitizedText("a\n\n\n\n\nb") == "a\n\n\nb")
        #expect(VietnameseText.sanitizedText(Self.decomposedDuong + "\n") == "Đường")
    }

    @Test func searchTerms() {
        #expect(VietnameseText.searchTerms("Đường  đường, TRẦN hưng-đạo  duong") == ["duong", "tran", "hung", "dao"])
        #expect(VietnameseText.searchTerms("  ...  ") == [])
    }
}
