import Fluent
import Foundation
import PAKNDomain

/// An extra question of a field (Open311 `attributes/attribute`), kept by the admin (`/quan-tri/linh-vuc/{code}/cau-hoi`).
/// A field with at least one active question answers `metadata: true` in `GET services`.
public final class ServiceAttribute: Model, @unchecked Sendable {
    public static let schema = "service_attributes"
    @ID(key: .id) public var id: UUID?
    @Field(key: "service_code") public var serviceCode: String
    /// `attribute[code]` on the wire; unique within the field.
    @Field(key: "code") public var code: String
    /// False: an informational text, never answered.
    @Field(key: "variable") public var variable: Bool
    /// Open311's datatype; a stored value the code does not know fails the read (`UnreadableRow`), never "string".
    @Field(key: "datatype") public var datatype: ServiceAttributeDefinition.Datatype
    @Field(key: "required") public var required: Bool
    @Field(key: "description") public var description: String
    @Field(key: "datatype_description") public var datatypeDescription: String
    /// Display order, from 1.
    @Field(key: "position") public var position: Int
    /// JSON array of `{"key": …, "name": …}` (lists only; "[]" otherwise).
    @Field(key: "values_json") public var valuesJSON: String
    @Field(key: "active") public var active: Bool

    public init() {}

    /// The domain value of this row.
    public var definition: ServiceAttributeDefinition {
        let values = (try? JSONDecoder().decode([ServiceAttributeDefinition.Value].self, from: Data(valuesJSON.utf8))) ?? []
        return ServiceAttributeDefinition(
            code: code, variable: variable, datatype: datatype, required: required,
            description: description, datatypeDescription: datatypeDescription, order: position, values: values)
    }

    /// A row holding `definition` for the field `serviceCode`.
    public convenience init(serviceCode: String, _ definition: ServiceAttributeDefinition) {
        self.init()
        self.serviceCode = serviceCode
        code = definition.code; variable = definition.variable; datatype = definition.datatype
        required = definition.required; description = definition.description
        datatypeDescription = definition.datatypeDescription; position = definition.order
        valuesJSON = String(decoding: (try? JSONEncoder().encode(definition.values)) ?? Data("[]".utf8), as: UTF8.self)
        active = true
    }
}
