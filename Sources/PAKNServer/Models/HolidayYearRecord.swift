import Fluent
import Foundation

/// One year of the holiday calendar, stored whole as the JSON of `PAKNDomain.HolidayCalendarYear`
/// (the year is the unit an admin edits, imports and exports).
public final class HolidayYearRecord: Model, @unchecked Sendable {
    public static let schema = "holiday_years"
    @ID(custom: "year", generatedBy: .user) public var id: Int?
    @Field(key: "data") public var data: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
    public init(year: Int, data: String) { self.id = year; self.data = data }
}
