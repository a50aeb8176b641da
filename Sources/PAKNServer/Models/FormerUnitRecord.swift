import Fluent
import Foundation
import PAKNDomain

/// One row of `former_units`: a unit before the 2025 reform (old GSO codes and names; the commune is nil for an
/// island district without communes) and one current commune it went into, with how (`note`: the raw values of
/// `FormerUnitShare`). Old codes are old: never compare them with a current code. In force until `validTo`
/// (2025-06-30, Asia/Ho_Chi_Minh).
public final class FormerUnitRecord: Model, @unchecked Sendable {
    public static let schema = "former_units"
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "old_province_code") public var oldProvinceCode: String
    @Field(key: "old_province_name") public var oldProvinceName: String
    @Field(key: "old_district_code") public var oldDistrictCode: String
    @Field(key: "old_district_name") public var oldDistrictName: String
    @OptionalField(key: "old_commune_code") public var oldCommuneCode: String?
    @OptionalField(key: "old_commune_name") public var oldCommuneName: String?
    @Field(key: "new_province_code") public var newProvinceCode: String
    @Field(key: "new_commune_code") public var newCommuneCode: String
    /// The current commune's name as the mapping file has it (the `communes` row may carry a later name).
    @Field(key: "new_commune_name") public var newCommuneName: String
    @Field(key: "note") public var note: String
    @Field(key: "valid_to") public var validTo: String

    public init() {}

    /// The domain's row, or nil when the stored note is not one the code knows (the row is then left out and
    /// logged by the caller: fail closed).
    var row: FormerUnitRow? {
        guard let share = FormerUnitShare(rawValue: note) else { return nil }
        return FormerUnitRow(
            former: FormerUnit(provinceCode: oldProvinceCode, provinceName: oldProvinceName, districtCode: oldDistrictCode,
                               districtName: oldDistrictName, communeCode: oldCommuneCode, communeName: oldCommuneName),
            target: CurrentCommuneTarget(code: newCommuneCode, provinceCode: newProvinceCode, name: newCommuneName, share: share))
    }
}
