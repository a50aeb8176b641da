import Fluent
import Foundation
import PAKNDomain

/// Reads of reference data used by forms and filters.
enum ReferenceQueries {
    /// What the forms and filters offer: the province's communes and the fields.
    struct Choices: Sendable {
        let communes: [Commune]
        let services: [Service]
    }

    /// The province's communes and the fields (only active ones unless `allServices`: a filter of past cases
    /// offers retired fields too).
    static func choices(province: String, allServices: Bool = false, on db: Database) async throws -> Choices {
        Choices(communes: try await communes(province: province, on: db), services: try await services(activeOnly: !allServices, on: db))
    }

    /// The deployment province's communes in force (`valid_to` null), sorted by Vietnamese name: what forms offer.
    static func communes(province: String, on db: Database) async throws -> [Commune] {
        try await Commune.query(on: db).filter(\.$provinceCode == province).filter(\.$validTo == nil).all()
            .sorted { $0.searchName < $1.searchName }
    }

    /// The province's name ("Gia Lai") for `code`, or nil when the reference data does not hold it.
    static func provinceName(_ code: String, on db: Database) async throws -> String? {
        try await Province.find(code, on: db)?.name
    }

    /// Every agency's name by id (inactive ones too: lists and statistics name past cases' agencies).
    /// The routing rules as the domain's `Router` takes them (agency ids as strings).
    static func routingRules(on db: Database) async throws -> [RoutingRule] {
        try await RoutingRuleRecord.query(on: db).all().map {
            RoutingRule(serviceCode: $0.serviceCode, communeCode: $0.communeCode, agencyID: $0.agencyID.uuidString)
        }
    }

    static func agencyNames(on db: Database) async throws -> [UUID: String] {
        Dictionary(try await Agency.query(on: db).all().compactMap { a in a.id.map { ($0, a.name) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Every field's name by code (inactive ones too).
    static func serviceNames(on db: Database) async throws -> [String: String] {
        Dictionary(try await Service.query(on: db).all().compactMap { s in s.id.map { ($0, s.name) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Every commune's full name ("Phường Quy Nhơn") by code, those no longer in force too (past cases name them).
    static func communeNames(on db: Database) async throws -> [String: String] {
        Dictionary(try await Commune.query(on: db).all().compactMap { c in c.id.map { ($0, c.fullName) } }, uniquingKeysWith: { a, _ in a })
    }

    static func services(activeOnly: Bool = true, on db: Database) async throws -> [Service] {
        var query = Service.query(on: db).sort(\.$position)
        if activeOnly { query = query.filter(\.$active == true) }
        return try await query.allReadable(logger: db.logger)
    }

    static func agencies(activeOnly: Bool = true, on db: Database) async throws -> [Agency] {
        var query = Agency.query(on: db)
        if activeOnly { query = query.filter(\.$active == true) }
        // Departments first, then the communes' People's Committees, each by name (diacritics folded).
        func order(_ agency: Agency) -> (Int, String) { (agency.kind == .commune ? 1 : 0, VietnameseText.fold(agency.name)) }
        return try await query.allReadable(logger: db.logger).sorted { order($0) < order($1) }
    }

    /// Fields grouped by service group, for `FormFields.groupedSelect`.
    static func serviceGroups(_ services: [Service]) -> [(String, [(String, String)])] {
        ServiceGroup.allCases.compactMap { group in
            let options = services.filter { $0.group == group }.map { ($0.id ?? "", $0.name) }
            return options.isEmpty ? nil : (group.label, options)
        }
    }

    /// Options for a `<select>` of services, labelled "Group – Name".
    static func serviceOptions(_ services: [Service]) -> [(String, String)] {
        services.map { ($0.id ?? "", "\($0.group.label) – \($0.name)") }
    }
}
