import Fluent
import Foundation
import PAKNDomain
import Vapor

/// The extra questions of a field (Open311 GeoReport v2 service attributes, `GET services/{code}`): what the
/// admin adds and switches on or off, checked as partners' `attribute[code]` answers are. Knows nothing of HTTP.
enum ServiceAttributes {
    /// The field and its questions in their order; unreadable rows are left out and logged. Throws `AppError` 404
    /// for an unknown field.
    static func of(_ serviceCode: String?, logger: Logger, on db: Database) async throws -> (Service, [ServiceAttribute]) {
        guard let serviceCode, let service = try await Service.find(serviceCode, on: db) else { throw AppError.notFound() }
        let list = try await ServiceAttribute.query(on: db).filter(\.$serviceCode == serviceCode).sort(\.$position).allReadable(logger: logger)
        return (service, list)
    }

    /// A question as the admin form describes it. `values` is one `key=Name` per line (list types only).
    struct Draft: Sendable {
        var code: String
        var variable: Bool
        var datatype: ServiceAttributeDefinition.Datatype?
        var required: Bool
        var description: String
        var hint: String
        var order: String
        var values: String
    }

    /// Adds a question to the field. Throws `AppError` 404 for an unknown field; 422 for a code that is not 2–50
    /// lower-case ASCII letters, digits or underscores (or is `commune_code`, which Open311 intake reserves), an
    /// unknown type, a question outside 2–500 characters, a hint over 200, an order outside 1–1000, a malformed
    /// value line or a list type without values; 409 when the field already has the code.
    static func add(to serviceCode: String?, _ draft: Draft, on db: Database) async throws {
        guard let serviceCode, try await Service.find(serviceCode, on: db) != nil else { throw AppError.notFound() }
        let code = draft.code.trimmingCharacters(in: .whitespaces)
        guard ServiceAttributeDefinition.isValidCode(code), code != "commune_code" else {
            throw AppError.invalid("Mã câu hỏi gồm 2–50 chữ thường không dấu, số, gạch dưới (commune_code đã dành cho xã, phường).")
        }
        guard let datatype = draft.datatype else { throw AppError.invalid("Kiểu trả lời không hợp lệ.") }
        let description = VietnameseText.sanitizedLine(draft.description)
        guard (2...500).contains(description.count), !Intake.containsMarkup(description) else { throw AppError.invalid("Câu hỏi cần từ 2 đến 500 ký tự, không chứa mã HTML.") }
        let hint = VietnameseText.sanitizedLine(draft.hint)
        guard hint.count <= 200, !Intake.containsMarkup(hint) else { throw AppError.invalid("Gợi ý tối đa 200 ký tự, không chứa mã HTML.") }
        guard let order = Int(draft.order), (1...1000).contains(order) else { throw AppError.invalid("Thứ tự là số từ 1 đến 1000.") }
        var values: [ServiceAttributeDefinition.Value] = []
        for line in draft.values.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { VietnameseText.sanitizedLine(String($0)) }
            guard parts.count == 2, (1...50).contains(parts[0].count),
                  parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }),
                  !parts[1].isEmpty, parts[1].count <= 200, !Intake.containsMarkup(parts[1]) else {
                throw AppError.invalid("Giá trị “\(line)” cần dạng ma=Tên hiển thị.")
            }
            values.append(.init(key: parts[0], name: parts[1]))
        }
        if datatype.isList, values.isEmpty { throw AppError.invalid("Kiểu chọn cần ít nhất một giá trị.") }
        if !datatype.isList { values = [] }
        if try await ServiceAttribute.query(on: db).filter(\.$serviceCode == serviceCode).filter(\.$code == code).count() > 0 {
            throw AppError.conflict("Mã câu hỏi đã có trong lĩnh vực này.")
        }
        let definition = ServiceAttributeDefinition(code: code, variable: draft.variable, datatype: datatype, required: draft.required,
                                                    description: description, datatypeDescription: hint, order: order, values: values)
        try await ServiceAttribute(serviceCode: serviceCode, definition).create(on: db)
    }

    /// Switches a question of the field on or off. Throws `AppError` 404 for an unknown question or another field's.
    static func toggle(_ id: UUID?, of serviceCode: String?, on db: Database) async throws {
        guard let serviceCode, let id, let attribute = try await ServiceAttribute.find(id, on: db),
              attribute.serviceCode == serviceCode else { throw AppError.notFound() }
        attribute.active.toggle()
        try await attribute.save(on: db)
    }
}
