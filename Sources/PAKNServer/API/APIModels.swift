import Foundation
import PAKNDomain
import Vapor

/// JSON shapes of `/api/v1`. Field names follow Open311 GeoReport v2 where one exists
/// (service_code, service_request_id, status, agency_responsible, expected_datetime, address, lat, long).
/// Dates are ISO 8601 with the +07:00 offset.
enum APIModels {
    struct CreateRequest: Content {
        var kind: String?
        var title: String?
        var description: String?
        var service_code: String?
        var commune_code: String?
        var address: String?
        var lat: Double?
        var long: Double?
        var full_name: String?
        var phone: String?
        var email: String?
        var hide_identity_public: Bool?
        var hide_identity_from_agency: Bool?
        /// Must be true: explicit consent to the privacy notice (Luật 91/2025/QH15).
        var consent: Bool?
    }

    struct Created: Content {
        let service_request_id: String
        let tracking_code: String
        let status: String
        let detailed_status: String
        let received_at: String
    }

    struct ValidationError: Content {
        struct Body: Content { let code: String; let message: String; let fields: [FieldError] }
        let error: Body
    }

    /// `note`: present only when a coordinator approved it, masked; `note_author`: the unit it is labelled with.
    struct PublicEvent: Content { let at: String; let action: String; let label: String; let note: String?; let note_author: String? }

    /// What anyone may read about a case: no personal data; content only after masked publication.
    struct PublicRequest: Content {
        let service_request_id: String
        let tracking_code: String
        let status: String
        let detailed_status: String
        let status_label: String
        let service_code: String?
        let commune_code: String?
        let agency_responsible: String?
        let requested_datetime: String
        let expected_datetime: String?
        let title: String?
        let description: String?
        let answer: String?
        let published_datetime: String?
        let events: [PublicEvent]?
    }

    struct Page<T: Content>: Content { let items: [T]; let total: Int; let page: Int; let page_size: Int }

    struct StaffRequest: Content {
        let id: UUID
        let tracking_code: String
        let status: String
        let kind: String
        let title: String
        let description: String
        let channel: String
        let service_code: String?
        let urgency: String?
        let commune_code: String?
        let address: String
        let lead_agency_id: UUID?
        let received_at: String
        let due_at: String?
        let restricted: Bool
        let available_actions: [String]
        /// Working hours left on the lead agency's running clock (negative: overdue); nil without a clock.
        let working_hours_left: Double?
        let overdue: Bool
    }

    struct StaffEvent: Content { let at: String; let action: String; let actor: String; let from: String?; let to: String?; let note: String?; let is_public: Bool }

    struct ActionBody: Content {
        var note: String?
        var note_public: Bool?
        var rejection_reason: String?
        var emergency_service: String?
        var duplicate_of: String?
        var lead_agency_id: UUID?
        var co_handler_ids: [UUID]?
    }

    struct TriageBody: Content { var service_code: String?; var urgency: String?; var commune_code: String?; var title: String? }
    /// `code`: the 6-digit TOTP code (or a recovery code) of a user who has the second factor on.
    struct TokenRequest: Content { var email: String?; var password: String?; var code: String? }
    struct TokenResponse: Content { let token: String; let expires_at: String; let role: String }
    struct RatingBody: Content { var stars: Int?; var comment: String?; /** last 4 digits of the phone, or the email */ var verification: String? }

    nonisolated(unsafe) static let iso: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        f.formatOptions = [.withInternetDateTime]
        return f
    }()

    static func date(_ d: Date?) -> String? { d.map { iso.string(from: $0) } }
}
