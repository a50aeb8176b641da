import Fluent
import Foundation

/// An answer template (issue 14): a title and a text with placeholders (`AnswerTemplateText`), offered in the
/// answer form of the cases of its field (`serviceCode`) and agency (`agencyID`); nil means any.
public final class AnswerTemplate: Model, @unchecked Sendable {
    public static let schema = "answer_templates"
    @ID(key: .id) public var id: UUID?
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    @OptionalField(key: "service_code") public var serviceCode: String?
    @OptionalField(key: "agency_id") public var agencyID: UUID?
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    /// Whether the template is offered for a case of `serviceCode` led by `agencyID`.
    func applies(serviceCode: String?, agencyID: UUID?) -> Bool {
        active && (self.serviceCode == nil || self.serviceCode == serviceCode) && (self.agencyID == nil || self.agencyID == agencyID)
    }
}
