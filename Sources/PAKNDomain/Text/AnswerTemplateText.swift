import Foundation

/// The placeholders of answer templates (issue 14): `{ma}`, `{co_quan}`, `{ngay_nhan}`, `{han}`, `{ngay}` in a
/// template's text are replaced by the case's values when an officer picks the template in the answer form.
public enum AnswerTemplateText {
    /// Every placeholder name with what it stands for (Vietnamese, for the admin page).
    public static let placeholders: [(name: String, meaning: String)] = [
        ("ma", "mã tra cứu của phản ánh, ví dụ 123-456-7894"),
        ("co_quan", "tên cơ quan chủ trì"),
        ("ngay_nhan", "ngày tiếp nhận phản ánh (dd/MM/yyyy)"),
        ("han", "hạn xử lý (dd/MM/yyyy HH:mm)"),
        ("ngay", "ngày trả lời, tức hôm nay (dd/MM/yyyy)"),
    ]

    /// `body` with each `{name}` replaced by `values[name]`; a placeholder without a value stays as written, so the
    /// officer sees what is missing.
    public static func render(_ body: String, values: [String: String]) -> String {
        var out = ""
        var rest = Substring(body)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return out + rest[open...] }
            let name = String(rest[rest.index(after: open)..<close])
            out += values[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The `{names}` in `body` that are not placeholders (a typo such as `{ma_so}`), in order, once each.
    public static func unknownPlaceholders(in body: String) -> [String] {
        let known = Set(placeholders.map(\.name))
        var found: [String] = []
        var rest = Substring(body)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if !known.contains(name), !found.contains(name) { found.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}
