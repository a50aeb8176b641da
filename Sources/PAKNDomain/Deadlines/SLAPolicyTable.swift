import Foundation

/// The deployment's time limits per field (service code) and urgency, editable by an admin.
///
/// Look-up (`policy(serviceCode:urgency:)`): the rule for that exact service code and urgency, else the rule
/// for the urgency with no service code. Every table has a code-less rule for each urgency (checked by the
/// initialiser), so a look-up always succeeds.
/// JSON: `{"rules":[{"serviceCode":"chieu_sang","urgency":"thuong","policy":{…}},…]}`.
public struct SLAPolicyTable: Hashable, Sendable, Codable {
    /// One row of the table: a field (or any field) and an urgency, with their policy.
    public struct Rule: Hashable, Sendable, Codable {
        /// The field's service code (Open311 `service_code`), or `nil` for "any field".
        public var serviceCode: String?
        /// The urgency class.
        public var urgency: Urgency
        /// The limits.
        public var policy: SLAPolicy

        /// A rule; `serviceCode` nil means any field.
        public init(serviceCode: String?, urgency: Urgency, policy: SLAPolicy) {
            self.serviceCode = serviceCode
            self.urgency = urgency
            self.policy = policy
        }
    }

    /// Why a table was refused.
    public enum ValidationError: Error, Equatable, CustomStringConvertible {
        /// No rule without a service code for this urgency.
        case missingFallback(Urgency)
        /// Two rules for the same service code and urgency.
        case duplicateRule(serviceCode: String?, urgency: Urgency)
        /// A limit or lead time is negative.
        case negativeDuration(serviceCode: String?, urgency: Urgency)

        /// One line for admin messages.
        public var description: String {
            switch self {
            case .missingFallback(let urgency): "No default rule for urgency \(urgency.rawValue)"
            case .duplicateRule(let code, let urgency): "Two rules for \(code ?? "any field") / \(urgency.rawValue)"
            case .negativeDuration(let code, let urgency): "Negative duration in \(code ?? "any field") / \(urgency.rawValue)"
            }
        }
    }

    /// The rules, in the order given.
    public let rules: [Rule]

    /// - Throws: `ValidationError` if an urgency lacks a code-less rule, a (code, urgency) pair repeats, or a
    ///   duration is negative.
    public init(rules: [Rule]) throws(ValidationError) {
        var seen: Set<String> = []
        for rule in rules {
            let key = "\(rule.serviceCode ?? "\u{0}")|\(rule.urgency.rawValue)"
            guard seen.insert(key).inserted else { throw .duplicateRule(serviceCode: rule.serviceCode, urgency: rule.urgency) }
            let p = rule.policy
            if p.acceptanceLimit.isNegative || p.resolutionLimit.isNegative || p.reminderLead.isNegative || p.acceptanceReminderLead.isNegative {
                throw .negativeDuration(serviceCode: rule.serviceCode, urgency: rule.urgency)
            }
        }
        for urgency in Urgency.allCases where !rules.contains(where: { $0.serviceCode == nil && $0.urgency == urgency }) {
            throw .missingFallback(urgency)
        }
        self.rules = rules
    }

    /// The policy for a request of field `serviceCode` (nil: unknown) and `urgency`.
    public func policy(serviceCode: String?, urgency: Urgency) -> SLAPolicy {
        if let serviceCode, let exact = rules.first(where: { $0.serviceCode == serviceCode && $0.urgency == urgency }) {
            return exact.policy
        }
        return rules.first(where: { $0.serviceCode == nil && $0.urgency == urgency })!.policy
    }

    /// A copy with the rule for (`serviceCode`, `urgency`) replaced or added.
    public func setting(_ policy: SLAPolicy, serviceCode: String?, urgency: Urgency) throws(ValidationError) -> SLAPolicyTable {
        var rules = self.rules.filter { !($0.serviceCode == serviceCode && $0.urgency == urgency) }
        rules.append(Rule(serviceCode: serviceCode, urgency: urgency, policy: policy))
        return try SLAPolicyTable(rules: rules)
    }

    private enum CodingKeys: String, CodingKey { case rules }

    /// Decodes `{"rules":[…]}` and validates it (`DecodingError.dataCorrupted` on a `ValidationError`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(rules: try c.decode([Rule].self, forKey: .rules))
        } catch let error as ValidationError {
            throw DecodingError.dataCorruptedError(forKey: .rules, in: c, debugDescription: error.description)
        }
    }

    /// Writes `{"rules":[…]}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rules, forKey: .rules)
    }

    // MARK: - Defaults

    /// Fields whose incidents can be checked and fixed on site (urban infrastructure, sanitation, urban order):
    /// 3 working days under Đà Nẵng QĐ 960/QĐ-UBND (2021), domain.md §3.3.
    public static let onSiteServiceCodes: [String] = [
        "su_co_duong", "su_co_ho_ga", "ngap_ung", "cay_do", "mat_dien_dut_day",
        "vo_ong_nuoc", "den_tin_hieu", "chieu_sang", "rac_ve_sinh", "cay_xanh",
    ]

    /// Acceptance within 8 working hours, including on-site checks: iHanoi QĐ 1207/QĐ-UBND (2025).
    static let acceptanceSource = "Tiếp nhận: ≤ 8 giờ làm việc (iHanoi, QĐ 1207/QĐ-UBND Hà Nội 2025)"

    /// The defaults of domain.md §3.3, all editable:
    /// - every class: acceptance within 8 working hours (iHanoi QĐ 1207/QĐ-UBND 2025);
    /// - khẩn: resolved within 4 working hours of acceptance (iHanoi QĐ 1207/QĐ-UBND 2025), reminder 1 working
    ///   hour before;
    /// - thường, on-site fields (`onSiteServiceCodes`): 3 working days (Đà Nẵng QĐ 960/QĐ-UBND 2021), reminder
    ///   4 working hours before;
    /// - thường, other fields: 10 working days (local default; the national limits of NĐ 20/2008 as amended by
    ///   NĐ 92/2017 are UNVERIFIED), reminder 1 working day (8 working hours) before;
    /// - phức tạp: 15 working days ("không quá 15 ngày làm việc", quoted for a Hải Phòng PAKN procedure by a
    ///   non-authoritative source: UNVERIFIED), reminder 2 working days (16 working hours) before.
    /// Acceptance reminders come 2 working hours before the acceptance due instant (local default). A lawyer
    /// must confirm the numbers before go-live (domain.md §3.1).
    public static let defaults: SLAPolicyTable = {
        let urgent = SLAPolicy(acceptanceLimit: .workingHours(8), resolutionLimit: .workingHours(4), reminderLead: .workingHours(1),
                               source: "\(acceptanceSource); khẩn: ≤ 4 giờ làm việc từ khi tiếp nhận (cùng quyết định)")
        let onSite = SLAPolicy(acceptanceLimit: .workingHours(8), resolutionLimit: .workingDays(3), reminderLead: .workingHours(4),
                               source: "\(acceptanceSource); xử lý được tại chỗ: ≤ 3 ngày làm việc (QĐ 960/QĐ-UBND Đà Nẵng 2021)")
        let normal = SLAPolicy(acceptanceLimit: .workingHours(8), resolutionLimit: .workingDays(10), reminderLead: .workingHours(8),
                               source: "\(acceptanceSource); thường: 10 ngày làm việc, mặc định của địa phương (thời hạn theo NĐ 20/2008, NĐ 92/2017 chưa được xác minh)")
        let complex = SLAPolicy(acceptanceLimit: .workingHours(8), resolutionLimit: .workingDays(15), reminderLead: .workingHours(16),
                                source: "\(acceptanceSource); phức tạp: 15 ngày làm việc (\"không quá 15 ngày làm việc\", quy trình PAKN Hải Phòng, chưa được xác minh)")
        var rules = [
            Rule(serviceCode: nil, urgency: .urgent, policy: urgent),
            Rule(serviceCode: nil, urgency: .normal, policy: normal),
            Rule(serviceCode: nil, urgency: .complex, policy: complex),
        ]
        rules += onSiteServiceCodes.map { Rule(serviceCode: $0, urgency: .normal, policy: onSite) }
        return try! SLAPolicyTable(rules: rules)
    }()
}
