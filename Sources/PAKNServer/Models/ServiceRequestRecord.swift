import Fluent
import Foundation
import PAKNDomain

/// A PAKN case (Open311 "service request"). Holds no personal data of the requester: see `Contact`.
public final class ServiceRequestRecord: Model, @unchecked Sendable {
    public static let schema = "service_requests"
    @ID(key: .id) public var id: UUID?
    /// 10 digits (`TrackingCode.digits`), unique.
    @Field(key: "tracking_code") public var trackingCode: String
    @Field(key: "kind") public var kind: RequestKind
    @Field(key: "title") public var title: String
    @Field(key: "description") public var description: String
    @OptionalField(key: "service_code") public var serviceCode: String?
    @OptionalField(key: "urgency") public var urgency: Urgency?
    @OptionalField(key: "commune_code") public var communeCode: String?
    @Field(key: "address") public var address: String
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @Field(key: "channel") public var channel: PAKNDomain.Channel
    @Field(key: "status") public var status: RequestStatus
    /// Khiếu nại / tố cáo: visible to `complaintOfficer` only, never published, counted or exported.
    @Field(key: "restricted") public var restricted: Bool
    @OptionalField(key: "duplicate_of_id") public var duplicateOfID: UUID?
    @OptionalField(key: "lead_agency_id") public var leadAgencyID: UUID?
    @OptionalField(key: "emergency_service") public var emergencyService: EmergencyService?
    @OptionalField(key: "rejection_reason") public var rejectionReason: RejectionReason?
    @Field(key: "hide_identity_public") public var hideIdentityPublic: Bool
    @Field(key: "hide_identity_from_agency") public var hideIdentityFromAgency: Bool
    @OptionalField(key: "consent_version") public var consentVersion: String?
    @OptionalField(key: "primary_contact_id") public var primaryContactID: UUID?
    @Field(key: "received_at") public var receivedAt: Date
    /// When the case counts as received: `receivedAt`, or the next opening of intake hours when it arrived outside them.
    @OptionalField(key: "counted_from") public var countedFrom: Date?
    @OptionalField(key: "due_at") public var dueAt: Date?
    /// The answer as approved (may hold personal data; never shown publicly).
    @OptionalField(key: "answer") public var answer: String?
    /// Masked copies written at publication: the only texts public pages and APIs show.
    @OptionalField(key: "public_title") public var publicTitle: String?
    @OptionalField(key: "public_description") public var publicDescription: String?
    @OptionalField(key: "public_answer") public var publicAnswer: String?
    /// Folded (VietnameseText.fold) masked text for public search; empty until published.
    @Field(key: "public_search") public var publicSearch: String
    /// Folded title, description and code for staff search.
    @Field(key: "staff_search") public var staffSearch: String
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    /// When the personal data of this case was anonymised past retention (`Anonymisation`); nil: not yet.
    @OptionalField(key: "anonymised_at") public var anonymisedAt: Date?
    /// The language the citizen wrote in on the web form (`vi`, `en`): the notices about this request speak it.
    /// nil: Vietnamese (older requests, the other channels).
    @OptionalField(key: "language") public var language: String?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}
