import Foundation
import Testing
@testable import PAKNDomain

@Suite struct DammTests {
    @Test func wikipediaExample() {
        // setup: the worked example of the Wikipedia article "Damm algorithm"
        let digits = [5, 7, 2]
        // act
        let check = Damm.checkDigit(for: digits)
        // check
        #expect(check == 4)
        #expect(Damm.isValid([5, 7, 2, 4]))
        #expect(!Damm.isValid([5, 7, 2, 3]))
    }

    @Test func detectsEverySingleDigitSubstitution() {
        var rng = SplitMix64(seed: 1022)
        for _ in 0..<500 {
            let digits = Array(TrackingCode.generate(using: &rng).digits).map { $0.wholeNumberValue! }
            for position in digits.indices {
                for replacement in 0...9 where replacement != digits[position] {
                    var wrong = digits
                    wrong[position] = replacement
                    #expect(!Damm.isValid(wrong), "\(digits) with \(replacement) at \(position)")
                }
            }
        }
    }

    @Test func detectsEveryAdjacentTransposition() {
        var rng = SplitMix64(seed: 52)
        for _ in 0..<2_000 {
            let digits = Array(TrackingCode.generate(using: &rng).digits).map { $0.wholeNumberValue! }
            for position in 0..<(digits.count - 1) where digits[position] != digits[position + 1] {
                var swapped = digits
                swapped.swapAt(position, position + 1)
                #expect(!Damm.isValid(swapped), "\(digits) swapped at \(position)")
            }
        }
    }
}

@Suite struct TrackingCodeTests {
    /// 123456789 + Damm check digit.
    static let valid = "123456789" + String(Damm.checkDigit(for: [1, 2, 3, 4, 5, 6, 7, 8, 9]))

    @Test func formatsThreeThreeFour() throws {
        let code = try #require(TrackingCode(digits: Self.valid))
        let d = Array(Self.valid)
        #expect(code.formatted == "123-456-78\(d[8])\(d[9])")
        #expect(code.description == code.formatted)
    }

    @Test(arguments: ["-", " ", ".", "\u{00A0}", "\u{2013}"])
    func parsesGroupedForms(separator: String) throws {
        // setup
        let d = Array(Self.valid).map(String.init)
        let grouped = d[0..<3].joined() + separator + d[3..<6].joined() + separator + d[6..<10].joined()
        // act
        let code = try #require(TrackingCode(parsing: "  " + grouped + " "))
        // check
        #expect(code.digits == Self.valid)
    }

    @Test func parsesItsOwnFormattedForm() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let code = TrackingCode.generate(using: &rng)
            #expect(TrackingCode(parsing: code.formatted) == code)
            #expect(TrackingCode(parsing: code.digits) == code)
        }
    }

    @Test func digitsInitialiserDoesNotStripSeparators() throws {
        let code = try #require(TrackingCode(digits: Self.valid))
        #expect(TrackingCode(digits: code.formatted) == nil)
    }

    @Test func rejectsMalformedInput() {
        let valid = Self.valid
        let wrongCheck = String(valid.dropLast()) + String((Int(String(valid.last!))! + 1) % 10)
        #expect(TrackingCode(parsing: String(valid.dropLast())) == nil)  // 9 digits
        #expect(TrackingCode(parsing: valid + "0") == nil)  // 11 digits
        #expect(TrackingCode(parsing: wrongCheck) == nil)
        #expect(TrackingCode(parsing: "12345678a4") == nil)
        #expect(TrackingCode(parsing: "abc-def-ghij") == nil)
        #expect(TrackingCode(parsing: "") == nil)
        #expect(TrackingCode(parsing: "١٢٣٤٥٦٧٨٩٠") == nil)  // non-ASCII digits
        #expect(TrackingCode(parsing: "123/456/7894") == nil)
    }

    @Test func generatedCodesValidateAndNeverStartWithZero() {
        var rng = SplitMix64(seed: 42)
        var firstDigits = Set<Character>()
        for _ in 0..<5_000 {
            let code = TrackingCode.generate(using: &rng)
            #expect(code.digits.count == 10)
            #expect(code.digits.first != "0")
            #expect(TrackingCode(digits: code.digits) == code)
            firstDigits.insert(code.digits.first!)
        }
        #expect(firstDigits == Set("123456789"))
        #expect(TrackingCode(digits: TrackingCode.generate().digits) != nil)
    }

    @Test func generatedCodesSpreadOverTheWholeSpace() {
        // With a fixed seed the draw is reproducible: 10,000 codes, no two alike.
        var rng = SplitMix64(seed: 2026)
        var seeded = Set<TrackingCode>()
        for _ in 0..<10_000 { seeded.insert(TrackingCode.generate(using: &rng)) }
        #expect(seeded.count == 10_000)
        // The system generator: 9 × 10^8 possible codes, so 10,000 draws collide 0.055 times on average (birthday
        // bound n²/2N); more than 5 collisions has a probability below 10^-10 unless the generator is broken.
        // Uniqueness itself is the database's unique index, with a retry (IntakeService.uniqueTrackingCode).
        var system = Set<TrackingCode>()
        for _ in 0..<10_000 { system.insert(TrackingCode.generate()) }
        #expect(10_000 - system.count <= 5)
    }

    @Test func codableUsesThePlainDigitString() throws {
        // setup
        let code = try #require(TrackingCode(digits: Self.valid))
        // act
        let json = try JSONEncoder().encode([code])
        let decoded = try JSONDecoder().decode([TrackingCode].self, from: json)
        // check
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(Self.valid)\"]")
        #expect(decoded == [code])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([TrackingCode].self, from: Data("[\"1234567890\"]".utf8))
        }
    }

    @Test func ordersByDigits() throws {
        var rng = SplitMix64(seed: 3)
        let codes = (0..<50).map { _ in TrackingCode.generate(using: &rng) }
        #expect(codes.sorted().map(\.digits) == codes.map(\.digits).sorted())
    }
}
