import Foundation
import PAKNDomain
import Testing

/// The mapping of the units before the 2025 reform to the current communes (issue 15 item 7), on the shipped
/// `mapping-2025.csv`. Expected values were read by hand from the file (and agree with the second package, see its
/// README).
@Suite("Former administrative units")
struct FormerUnitMappingTests {
    static let rows: [FormerUnitRow] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PAKNServer/Resources/admin-units-history/mapping-2025.csv")
        return try! FormerUnitRow.parse(csv: String(contentsOf: file, encoding: .utf8))
    }()
    static let mapping = FormerUnitMapping(rows: rows)

    func codes(_ targets: [CurrentCommuneTarget]) -> [String] { targets.map(\.code) }

    @Test("the file: 10,602 rows, 10,040 former units, 5 island districts without communes")
    func counts() {
        #expect(Self.rows.count == 10_602)
        #expect(Self.mapping.formerUnits.count == 10_040)
        #expect(Self.mapping.formerUnits.filter { $0.communeCode == nil }.count == 5)
    }

    @Test("by old codes: old province 52 is Bình Định, 64 is Gia Lai; a divided commune gives its default first")
    func byCode() {
        let m = Self.mapping
        #expect(codes(m.currentCommunes(oldProvinceCode: "52", oldUnitCode: "21583")) == ["21583"])  // Thị Nại → Quy Nhơn
        #expect(m.currentCommunes(oldProvinceCode: "52", oldUnitCode: "21583").first?.name == "Phường Quy Nhơn")
        for old in ["21556", "21562", "21580"] {  // Đống Đa, Hải Cảng, Trần Phú
            #expect(codes(m.currentCommunes(oldProvinceCode: "52", oldUnitCode: old)) == ["21583"])
        }
        #expect(codes(m.currentCommunes(oldProvinceCode: "52", oldUnitCode: "21565")) == ["21592"])  // Quang Trung → Quy Nhơn Nam
        #expect(codes(m.currentCommunes(oldProvinceCode: "64", oldUnitCode: "23575")) == ["23575"])  // Tây Sơn → Pleiku
        #expect(codes(m.currentCommunes(oldProvinceCode: "64", oldUnitCode: "23608")) == ["23611"])  // Ia Kênh → Gào
        #expect(codes(m.currentCommunes(oldProvinceCode: "52", oldUnitCode: "21808")) == ["21808"])  // Phú Phong → Xã Tây Sơn
        #expect(codes(m.currentCommunes(oldProvinceCode: "64", oldUnitCode: "23941")) == ["23941"])  // TT Chư Sê → Xã Chư Sê
        let canhHiep = m.currentCommunes(oldProvinceCode: "52", oldUnitCode: "22000")
        #expect(codes(canhHiep) == ["22006", "21994"])
        #expect(canhHiep.map(\.share) == [.splitDefault, .split])
        #expect(canhHiep.map(\.name) == ["Xã Canh Vinh", "Xã Vân Canh"])
        // Old codes are old: 23575 under old province 52 (Bình Định) is no unit at all.
        #expect(m.currentCommunes(oldProvinceCode: "52", oldUnitCode: "23575").isEmpty)
        #expect(m.formerUnit(oldProvinceCode: "52", oldUnitCode: "21583")?.districtName == "Thành phố Quy Nhơn")
    }

    @Test("an address naming a former commune, with or without diacritics and unit-type words")
    func resolveAddresses() throws {
        let m = Self.mapping
        let thiNai = try #require(m.resolve(address: "Phường Thị Nại, TP Quy Nhơn, Bình Định"))
        #expect(thiNai.former.communeCode == "21583" && thiNai.former.provinceCode == "52")
        #expect(codes(thiNai.targets) == ["21583"] && !thiNai.isSplit)
        #expect(thiNai.confidence == .confirmed)
        #expect(thiNai.matchedText == "Phường Thị Nại")

        let folded = try #require(m.resolve(address: "p. thi nai quy nhon"))
        #expect(folded.former.communeCode == "21583" && folded.confidence == .confirmed)
        #expect(folded.matchedText == "p. thi nai")

        let phuPhong = try #require(m.resolve(address: "Thị trấn Phú Phong, huyện Tây Sơn"))
        #expect(phuPhong.former.communeCode == "21808" && phuPhong.former.provinceCode == "52")
        #expect(codes(phuPhong.targets) == ["21808"] && phuPhong.confidence == .confirmed)

        // A street that is also a ward's name ("Nguyễn Huệ" is not, "Trần Phú" is) does not win over "Phường Thị Nại".
        let street = try #require(m.resolve(address: "Số 5 Trần Phú, Phường Thị Nại, TP Quy Nhơn"))
        #expect(street.former.communeCode == "21583")

        let iaKenh = try #require(m.resolve(address: "thôn 3, xã Ia Kênh, Pleiku, Gia Lai"))
        #expect(iaKenh.former.communeCode == "23608" && codes(iaKenh.targets) == ["23611"])

        let chuSe = try #require(m.resolve(address: "TT Chư Sê, H. Chư Sê"))
        #expect(chuSe.former.communeCode == "23941" && codes(chuSe.targets) == ["23941"] && chuSe.confidence == .confirmed)

        // 16 former wards were named Quang Trung; "Quy Nhơn" names the right one.
        let quangTrung = try #require(m.resolve(address: "Phường Quang Trung, Quy Nhơn"))
        #expect(codes(quangTrung.targets) == ["21592"] && quangTrung.confidence == .confirmed)
        #expect(m.resolve(address: "Phường Quang Trung") == nil)
        // The typed name alone, unique in the country: sure of the name, not confirmed by a district.
        #expect(m.resolve(address: "Phường Thị Nại")?.confidence == .typedName)
        // Untyped, and only one in the province: a likely name, not more.
        #expect(m.resolve(address: "Thị Nại", inProvince: "52")?.confidence == .nameOnly)
        // After a street word it is the street's name.
        #expect(m.resolve(address: "đường Thị Nại", inProvince: "52") == nil)
    }

    @Test("an island district that had no communes is found by its own name and became a special zone")
    func islandDistrict() throws {
        // 51 Tỉnh Quảng Ngãi / 536 Huyện Lý Sơn → 21548 Đặc khu Lý Sơn (province 51).
        let lySon = try #require(Self.mapping.resolve(address: "huyện Lý Sơn, Quảng Ngãi"))
        #expect(lySon.former.communeCode == nil && lySon.former.districtCode == "536")
        #expect(codes(lySon.targets) == ["21548"] && lySon.targets[0].name == "Đặc khu Lý Sơn" && lySon.targets[0].share == .districtWithoutCommunes)
        #expect(lySon.confidence == .confirmed)
        #expect(codes(Self.mapping.currentCommunes(oldProvinceCode: "51", oldUnitCode: "536")) == ["21548"])
    }

    @Test("a divided former commune: the default target first, marked as a split")
    func split() throws {
        let canhHiep = try #require(Self.mapping.resolve(address: "Xã Canh Hiệp, huyện Vân Canh, tỉnh Bình Định"))
        #expect(canhHiep.isSplit)
        #expect(codes(canhHiep.targets) == ["22006", "21994"])
        #expect(canhHiep.defaultTarget.share == .splitDefault)
    }

    @Test("a name two former wards share is resolved by its district, and left unresolved without one")
    func ambiguous() throws {
        let m = Self.mapping
        // Phường Tây Sơn: 23575 of Thành phố Pleiku and another of Thị xã An Khê (both old Gia Lai, 64).
        let pleiku = try #require(m.resolve(address: "Phường Tây Sơn, TP Pleiku", inProvince: "52"))
        #expect(pleiku.former.communeCode == "23575" && pleiku.former.districtName == "Thành phố Pleiku")
        #expect(codes(pleiku.targets) == ["23575"] && pleiku.confidence == .confirmed)
        let anKhe = try #require(m.resolve(address: "phuong tay son, thi xa an khe", inProvince: "52"))
        #expect(anKhe.former.districtName == "Thị xã An Khê" && anKhe.former.communeCode != "23575")
        #expect(m.resolve(address: "Phường Tây Sơn", inProvince: "52") == nil)
        #expect(m.resolve(address: "Phường Tây Sơn, Gia Lai", inProvince: "52") == nil, "both are in old Gia Lai")
        // "Xã Ia Sao": Thị xã Ayun Pa and Huyện Ia Grai.
        #expect(m.resolve(address: "xã Ia Sao", inProvince: "52") == nil)
        #expect(m.resolve(address: "xã Ia Sao, huyện Ia Grai", inProvince: "52")?.former.districtName == "Huyện Ia Grai")
    }

    @Test("texts naming no former commune, or only a district, give nothing")
    func nothing() {
        let m = Self.mapping
        #expect(m.resolve(address: "") == nil)
        #expect(m.resolve(address: "Đường Trần Hưng Đạo") == nil)
        // "huyện Tây Sơn" is a district, not the wards named Tây Sơn.
        #expect(m.resolve(address: "huyện Tây Sơn", inProvince: "52") == nil)
        // A number-named ward needs its "Phường".
        #expect(m.resolve(address: "Số 1, Quận 1") == nil)
    }

    @Test("the changes a dataset makes: added, removed, renamed, compared by code")
    func datasetChanges() {
        func commune(_ code: String, _ name: String) -> AdministrativeUnitEntry {
            AdministrativeUnitEntry(level: .commune, code: code, provinceCode: "52", name: name, fullName: "Phường \(name)", unitType: 3)
        }
        let province = AdministrativeUnitEntry(level: .province, code: "52", provinceCode: nil, name: "Gia Lai", fullName: "Tỉnh Gia Lai")
        let current = [province, commune("21583", "Quy Nhơn"), commune("21592", "Quy Nhơn Nam"), commune("23575", "Pleiku")]
        let incoming = [province, commune("21583", "Quy Nhơn"), commune("21592", "Quy Nhơn Mới"), commune("99999", "Mới")]
        let changes = AdministrativeUnitChanges(current: current, incoming: incoming)
        #expect(changes.added.map(\.code) == ["99999"])
        #expect(changes.removed.map(\.code) == ["23575"])
        #expect(changes.renamed.map { [$0.before.name, $0.after.name] } == [["Quy Nhơn Nam", "Quy Nhơn Mới"]])
        #expect(AdministrativeUnitChanges(current: current, incoming: current).isEmpty)
        #expect(AdministrativeUnitChanges.lastDay(validFrom: SolarDay(year: 2026, month: 3, day: 1)!) == SolarDay(year: 2026, month: 2, day: 28)!)
    }

    @Test("malformed mapping lines are refused with their line number")
    func parseErrors() {
        #expect(throws: FormerUnitRow.ParseError(line: 1, reason: "dòng tiêu đề không đúng")) { try FormerUnitRow.parse(csv: "a,b\n") }
        let bad = FormerUnitRow.header + "\n52,Tỉnh Bình Định,540,Thành phố Quy Nhơn,21583,Phường Thị Nại,52,21583,Phường Quy Nhơn,half\n"
        #expect(throws: FormerUnitRow.ParseError.self) { try FormerUnitRow.parse(csv: bad) }
        let quoted = FormerUnitRow.header + "\n52,\"Tỉnh Bình Định\",540,\"Thành phố, \"\"Quy Nhơn\"\"\",21583,Phường Thị Nại,52,21583,Phường Quy Nhơn,\n"
        #expect((try? FormerUnitRow.parse(csv: quoted))?.first?.former.districtName == "Thành phố, \"Quy Nhơn\"")
    }
}
