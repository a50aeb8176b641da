import Foundation

/// An extra question of a field (Open311 GeoReport v2, `GET services/{service_code}`: `attributes/attribute`),
/// kept by the admin as data. The citizen's answers arrive as `attribute[code]=value`
/// (`attribute[code][]=v1&attribute[code][]=v2` for a multivaluelist).
public struct ServiceAttributeDefinition: Sendable, Equatable {
    /// GeoReport v2 `datatype`.
    public enum Datatype: String, Sendable, CaseIterable, Codable {
        case string, number, datetime, text, singlevaluelist, multivaluelist

        /// Vietnamese label for the admin page.
        public var label: String {
            switch self {
            case .string: "Chuỗi ngắn (một dòng)"
            case .number: "Số"
            case .datetime: "Ngày giờ"
            case .text: "Văn bản dài"
            case .singlevaluelist: "Chọn một"
            case .multivaluelist: "Chọn nhiều"
            }
        }

        /// Whether answers must be keys of `values`.
        public var isList: Bool { self == .singlevaluelist || self == .multivaluelist }
    }

    /// One allowed answer of a list: `key` is sent back, `name` is shown.
    public struct Value: Sendable, Equatable, Codable {
        public let key: String
        public let name: String
        /// An allowed answer: `key` on the wire, `name` shown to people.
        public init(key: String, name: String) { self.key = key; self.name = name }
    }

    /// The answer's name on the wire (`attribute[code]`): lower-case ASCII letters, digits and `_`.
    public let code: String
    /// `false`: an informational text shown to the citizen, never answered (GeoReport v2 `variable`).
    public let variable: Bool
    public let datatype: Datatype
    public let required: Bool
    /// The question, in Vietnamese (GeoReport v2 `description`).
    public let description: String
    /// A hint on the expected format (GeoReport v2 `datatype_description`).
    public let datatypeDescription: String
    /// Display order, from 1.
    public let order: Int
    /// The allowed answers of a list; empty for other datatypes.
    public let values: [Value]

    /// A question; `values` only for the list datatypes, `order` from 1.
    public init(code: String, variable: Bool = true, datatype: Datatype, required: Bool, description: String,
                datatypeDescription: String = "", order: Int, values: [Value] = []) {
        self.code = code; self.variable = variable; self.datatype = datatype; self.required = required
        self.description = description; self.datatypeDescription = datatypeDescription; self.order = order; self.values = values
    }

    /// Longest accepted `string` answer, in characters.
    public static let stringMaxLength = 200
    /// Longest accepted `text` answer, in characters.
    public static let textMaxLength = 2000

    /// Whether `code` is a valid attribute code (2–50 characters: a–z, 0–9, `_`).
    public static func isValidCode(_ code: String) -> Bool {
        (2...50).contains(code.count) && code.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
    }

    /// Checks the answers to a field's questions.
    /// - Parameters:
    ///   - answers: `attribute[code]` values as received, by code (several for a multivaluelist).
    ///   - definitions: the field's questions.
    /// - Returns: for each answered question, in `order`, the question and its answer as a readable text (list keys
    ///   replaced by their names, datetimes as sent); or one `FieldError` per bad answer, field `attribute[code]`.
    ///   Answers to unknown codes and to informational (`variable: false`) entries are ignored.
    public static func validate(_ answers: [String: [String]], against definitions: [ServiceAttributeDefinition])
        -> Result<[(question: String, answer: String)], ValidationFailure> {
        var errors: [FieldError] = []
        var out: [(String, String)] = []
        for definition in definitions.sorted(by: { $0.order < $1.order }) where definition.variable {
            let field = "attribute[\(definition.code)]"
            let given = (answers[definition.code] ?? []).map { VietnameseText.sanitizedText($0) }.filter { !$0.isEmpty }
            guard !given.isEmpty else {
                if definition.required { errors.append(FieldError(field: field, message: "Vui lòng trả lời: \(definition.description)")) }
                continue
            }
            if definition.datatype != .multivaluelist, given.count > 1 {
                errors.append(FieldError(field: field, message: "Chỉ được một giá trị.")); continue
            }
            let value = given[0]
            switch definition.datatype {
            case .string:
                guard !value.contains("\n"), value.count <= stringMaxLength, !Intake.containsMarkup(value) else {
                    errors.append(FieldError(field: field, message: "Cần một dòng, tối đa \(stringMaxLength) ký tự, không chứa mã HTML.")); continue
                }
                out.append((definition.description, value))
            case .text:
                guard value.count <= textMaxLength, !Intake.containsMarkup(value) else {
                    errors.append(FieldError(field: field, message: "Tối đa \(textMaxLength) ký tự, không chứa mã HTML.")); continue
                }
                out.append((definition.description, value))
            case .number:
                guard let number = Double(value.replacingOccurrences(of: ",", with: ".")), number.isFinite else {
                    errors.append(FieldError(field: field, message: "Cần một số.")); continue
                }
                out.append((definition.description, value))
            case .datetime:
                guard W3CDateTime.parse(value) != nil else {
                    errors.append(FieldError(field: field, message: "Cần ngày giờ dạng 2026-11-30T08:00:00+07:00.")); continue
                }
                out.append((definition.description, value))
            case .singlevaluelist, .multivaluelist:
                let names = Dictionary(definition.values.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
                let unknown = given.filter { names[$0] == nil }
                guard unknown.isEmpty else {
                    errors.append(FieldError(field: field, message: "Giá trị không có trong danh sách.")); continue
                }
                out.append((definition.description, given.compactMap { names[$0] }.joined(separator: ", ")))
            }
        }
        return errors.isEmpty ? .success(out) : .failure(ValidationFailure(errors))
    }
}
