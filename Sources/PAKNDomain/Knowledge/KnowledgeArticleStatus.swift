/// Where a knowledge-base article stands (issue 14, "Knowledge base"): guidance on administrative procedures,
/// scripts for frequent questions and the hotline's own rules, written by the 1022 centre or proposed by an agency.
///
/// Only ``published`` articles reach the public FAQ (`/hoi-dap`); ``published`` and ``internal`` ones are offered
/// to staff beside a case and may answer it; a ``proposed`` article waits for an editor; a ``retired`` one is kept
/// for the cases it answered and offered to nobody.
public enum KnowledgeArticleStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Proposed by an agency, waiting for an admin or coordinator.
    case proposed
    /// For staff only (the hotline's own rules, call scripts): offered beside cases, never public.
    case `internal`
    /// On the public FAQ and offered beside cases.
    case published
    /// Withdrawn: no longer offered, kept for the cases that it answered.
    case retired

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .proposed: "Đề xuất, chờ duyệt"
        case .internal: "Nội bộ"
        case .published: "Đã công khai"
        case .retired: "Ngừng sử dụng"
        }
    }

    /// Offered to staff beside a case and usable as (or quoted into) an answer.
    public var isUsable: Bool { self == .internal || self == .published }

    /// Shown on the public FAQ.
    public var isPublic: Bool { self == .published }
}

/// Who does what with the knowledge base (issue 14): admins and coordinators edit every article and decide its
/// status; agency staff propose articles for their own agency (an editor publishes them); every staff role
/// except the admin reads usable articles beside cases. Citizens read published articles only.
public enum KnowledgeRights {
    /// May create and edit any article and set its status.
    public static func mayEdit(_ role: Role) -> Bool { role == .admin || role == .coordinator }

    /// May propose an article (it is created as ``KnowledgeArticleStatus/proposed``, owned by their agency).
    public static func mayPropose(_ role: Role) -> Bool { role.isAgencyScoped }

    /// May read the staff knowledge base (usable articles; editors also see proposed and retired ones).
    public static func mayRead(_ role: Role) -> Bool { true }
}

/// How an article served a case: sent as the whole answer (an operator's on-the-spot answer) or quoted into an
/// agency's answer.
public enum KnowledgeArticleUse: String, Sendable, Codable, CaseIterable, Hashable {
    /// The article is the operator's on-the-spot answer (published articles only).
    case answer
    /// The article is quoted into an agency's answer (published or internal articles).
    case quote

    /// Vietnamese label.
    public var label: String {
        switch self {
        case .answer: "Trả lời bằng bài viết"
        case .quote: "Trích dẫn vào trả lời"
        }
    }

    /// The text an article puts in the answer box: its body as it is for an on-the-spot answer; for a quote, the
    /// title in Vietnamese quotation marks and the body, so the reader sees where the guidance comes from.
    /// `quote("Cấp lại CCCD", "Hồ sơ gồm…")` → `"Theo hướng dẫn “Cấp lại CCCD”:\nHồ sơ gồm…"`.
    public func text(title: String, body: String) -> String {
        switch self {
        case .answer: body
        case .quote: "Theo hướng dẫn “\(title)”:\n\(body)"
        }
    }
}
