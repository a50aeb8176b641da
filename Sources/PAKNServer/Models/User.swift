import Fluent
import PAKNDomain
import Vapor

/// A staff account. Passwords are stored as bcrypt hashes only.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"
    @ID(key: .id) public var id: UUID?
    @Field(key: "email") public var email: String
    @Field(key: "full_name") public var fullName: String
    @Field(key: "password_hash") public var passwordHash: String
    /// The staff role. A stored value the code does not know fails the read (fail closed: no rights).
    @Field(key: "role") public var role: Role
    @OptionalField(key: "agency_id") public var agencyID: UUID?
    @Field(key: "active") public var active: Bool
    /// The notices also sent by e-mail (and SMS to ``noticePhone``), as `StaffNoticePreferences.stored`; `nil`: the
    /// role's defaults.
    @OptionalField(key: "notice_kinds") public var noticeKinds: String?
    /// A mobile number for notices by SMS (national form), when the person wants them and SMS is configured.
    @OptionalField(key: "notice_phone") public var noticePhone: String?
    /// The switchboard extension or agent name this operator answers at, as the CTI names it in `user`; `nil`: the
    /// operator's screen pops for every inbound call.
    @OptionalField(key: "cti_extension") public var ctiExtension: String?
    /// The language chosen for the back office (`vi`, `en`), or `nil`: the browser's choice (issue 14, "English").
    @OptionalField(key: "language") public var language: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// The second factor's secret (RFC 6238), sealed with ``SettingsCipher`` under the name `totp:<user id>`; set at
    /// enrolment, in use once ``secondFactorSince`` is set.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// When the second factor was confirmed; nil: the user signs in with the password alone.
    @OptionalField(key: "totp_enabled_at") var secondFactorSince: Date?
    /// The last TOTP step accepted, so a code works once (RFC 6238 §5.2).
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    /// SHA-256 hex digests of the unused recovery codes, comma-separated.
    @OptionalField(key: "recovery_codes") var recoveryCodes: String?

    public init() {}
    public init(id: UUID? = nil, email: String, fullName: String, passwordHash: String, role: Role, agencyID: UUID? = nil) {
        self.id = id; self.email = email; self.fullName = fullName; self.passwordHash = passwordHash
        self.role = role; self.agencyID = agencyID; self.active = true
    }
}
