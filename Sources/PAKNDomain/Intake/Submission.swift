/// What a citizen (or an operator on their behalf) submits: a PAKN before it becomes a case.
/// All strings are as typed; `Intake.validate` normalises them (NFC, trimmed) and says what is wrong.
public struct Submission: Sendable, Equatable {
    public var kind: String
    public var title: String
    public var content: String
    public var serviceCode: String?
    public var communeCode: String
    public var address: String
    public var latitude: Double?
    public var longitude: Double?
    public var fullName: String
    public var phone: String?
    public var email: String?
    public var hideIdentityPublic: Bool
    public var hideIdentityFromAgency: Bool
    public var consent: Bool

    public init(kind: String, title: String, content: String, serviceCode: String? = nil, communeCode: String,
                address: String, latitude: Double? = nil, longitude: Double? = nil, fullName: String,
                phone: String? = nil, email: String? = nil, hideIdentityPublic: Bool = false,
                hideIdentityFromAgency: Bool = false, consent: Bool) {
        self.kind = kind; self.title = title; self.content = content; self.serviceCode = serviceCode
        self.communeCode = communeCode; self.address = address; self.latitude = latitude; self.longitude = longitude
        self.fullName = fullName; self.phone = phone; self.email = email
        self.hideIdentityPublic = hideIdentityPublic; self.hideIdentityFromAgency = hideIdentityFromAgency
        self.consent = consent
    }
}

/// One problem with one field of a submission, in Vietnamese.
public struct FieldError: Sendable, Equatable, Codable {
    /// The form field's name ("title", "content", "phone", …).
    public let field: String
    public let message: String
    public init(field: String, message: String) { self.field = field; self.message = message }
}

/// A submission that passed validation: normalised values, ready to store.
public struct ValidSubmission: Sendable, Equatable {
    public let kind: RequestKind
    public let title: String
    public let content: String
    public let serviceCode: String?
    public let communeCode: String
    public let address: String
    public let latitude: Double?
    public let longitude: Double?
    public let fullName: String
    /// National form, e.g. "0912345678".
    public let phone: String?
    /// Lower-cased.
    public let email: String?
    public let hideIdentityPublic: Bool
    public let hideIdentityFromAgency: Bool
}

/// The problems found in a submission (at most one per field), in Vietnamese.
public struct ValidationFailure: Error, Sendable, Equatable {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
}
