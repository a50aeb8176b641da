import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Open311 GeoReport v2 `POST requests`: a partner files a case on a citizen's behalf. The case is created by
/// `IntakeService.submit` like every other case, on channel `open311`, so the intake rules hold: a name, a phone or
/// an email, a commune of the province, no HTML.
///
/// Mapping (README "Open311"):
/// - `service_code` → the field (404 when unknown or inactive); the field's questions are checked
///   (`attribute[CODE]`, `attribute[CODE][]`) and their answers appended to the content under "Thông tin bổ sung".
/// - `description` (required, ≤ 4000 characters) → the content; its first line, cut to 80 characters → the title.
/// - location: `lat` + `long`, or `address_string` (one is required; `address_id` alone is not enough: we keep no
///   address register). `address_string` → the address.
/// - commune: `attribute[commune_code]` (accepted for every field), else the commune whose full name with its unit
///   ("Phường Quy Nhơn", accents optional) appears in `address_string`, else `PAKN_OPEN311_DEFAULT_COMMUNE`, else 400.
/// - `first_name` + `last_name` → the full name; `phone`, `email` as given.
/// - consent: the partner agreement under which the key was issued covers the citizen's consent; it is recorded
///   on the case (an internal event naming the partner, and the privacy notice version).
/// - `media_url`: kept as an internal note for staff (never fetched by the server, never shown publicly).
/// - `device_id`, `account_id`: ignored.
enum Open311RequestIntake {
    /// Creates the case; everything in one transaction.
    /// - Throws: `Open311Error` 404 (unknown service), 400 (anything missing or invalid, one entry per problem).
    static func submit(_ p: Open311Parameters, key: PartnerAPIKey, config: AppConfiguration, on db: Database,
                       now: Date = Date()) async throws -> ServiceRequestRecord {
        guard let serviceCode = p["service_code"] else { throw Open311Error.badRequest("service_code: required / bắt buộc") }
        guard let service = try await Service.find(serviceCode, on: db), service.active else {
            throw Open311Error.notFound("service_code: unknown service '\(serviceCode)' / lĩnh vực không tồn tại")
        }
        var errors: [String] = []
        let latitude = p["lat"].map { Double($0.replacingOccurrences(of: ",", with: ".")) }
        let longitude = p["long"].map { Double($0.replacingOccurrences(of: ",", with: ".")) }
        if case .some(nil) = latitude { errors.append("lat: not a number") }
        if case .some(nil) = longitude { errors.append("long: not a number") }
        if (latitude == nil) != (longitude == nil) { errors.append("lat, long: both are needed") }
        let address = p["address_string"] ?? ""
        if latitude == nil, longitude == nil, address.isEmpty {
            errors.append("lat, long, address_string: a location is required (lat and long, or address_string) / cần vị trí")
        }
        let description = VietnameseText.sanitizedText(p["description"] ?? "")
        if description.isEmpty { errors.append("description: required / bắt buộc") }
        else if description.count > Open311Intake.descriptionMaxLength { errors.append("description: at most 4000 characters") }
        let mediaURLs = p.all("media_url")
        for url in mediaURLs where !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.count > 2000 || URL(string: url) == nil {
            errors.append("media_url: '\(url.prefix(100))' is not an http(s) URL")
        }
        let definitions = try await ServiceAttribute.query(on: db).filter(\.$serviceCode == serviceCode).filter(\.$active == true).all().map(\.definition)
        var answers = p.attributes
        let communeAttribute = answers.removeValue(forKey: "commune_code")?.first?.trimmingCharacters(in: .whitespaces)
        var extra: [(question: String, answer: String)] = []
        switch ServiceAttributeDefinition.validate(answers, against: definitions) {
        case .success(let a): extra = a
        case .failure(let failure): errors += failure.errors.map { "\($0.field): \($0.message)" }
        }
        let commune = try await commune(attribute: communeAttribute, address: address, config: config, on: db)
        if commune == nil {
            errors.append(communeAttribute != nil
                ? "attribute[commune_code]: '\(communeAttribute!)' is not a commune of the province / không phải xã, phường của tỉnh"
                : "attribute[commune_code]: the commune could not be found; send attribute[commune_code] or name it in address_string (\"Phường Quy Nhơn\") / không xác định được xã, phường")
        }
        if !errors.isEmpty { throw Open311Error(.badRequest, errors) }

        var content = description
        if !extra.isEmpty {
            content += "\n\nThông tin bổ sung:\n" + extra.map { "- \($0.question): \($0.answer)" }.joined(separator: "\n")
        }
        let submission = Submission(
            kind: RequestKind.report.rawValue, title: Open311Intake.title(fromDescription: description), content: content,
            serviceCode: serviceCode, communeCode: commune ?? "", address: address, latitude: latitude ?? nil, longitude: longitude ?? nil,
            fullName: Open311Intake.fullName(first: p["first_name"], last: p["last_name"]),
            phone: p["phone"], email: p["email"], consent: true)
        let acting = PartnerKeys.acting(key)
        // The key's last use is written by `PartnerKeys.log` after the answer, at most once a minute (issue 12 item
        // 5): concurrent creates no longer queue on that one row. `writeTransaction` takes SQLite's write lock first.
        return try await db.writeTransaction { tx in
            switch try await IntakeService.submit(submission, files: [], channel: .open311, acting: acting, config: config, on: tx, now: now) {
            case .failure(let failure):
                throw Open311Error.validation(failure.errors)
            case .success(let record):
                try await EventLog.write(
                    request: record, action: .consentRecorded, from: nil, to: nil,
                    note: "Người gửi đồng ý xử lý dữ liệu cá nhân theo thỏa thuận với đối tác \(key.partner) (thông báo \(config.privacyNoticeVersion)).",
                    isPublic: false, acting: acting, on: tx, now: now)
                if !mediaURLs.isEmpty {
                    try await EventLog.write(
                        request: record, action: .partnerMedia, from: nil, to: nil,
                        note: "Ảnh, tệp do đối tác cung cấp (chưa kiểm tra, không công khai):\n" + mediaURLs.joined(separator: "\n"),
                        isPublic: false, acting: acting, on: tx, now: now)
                }
                return record
            }
        }
    }

    /// The commune code: the attribute when it names a commune of the province (`nil` when it names another one),
    /// else the longest name of a commune in force found in the address (accent- and case-insensitive, whole words),
    /// else the current commune of a former commune the address names (`AdministrativeUnits`), else the configured
    /// default.
    static func commune(attribute: String?, address: String, config: AppConfiguration, on db: Database) async throws -> String? {
        if let attribute, !attribute.isEmpty {
            guard let commune = try await Commune.find(attribute, on: db), commune.provinceCode == config.provinceCode else { return nil }
            return commune.id
        }
        let folded = " \(VietnameseText.fold(address)) "
        if folded.count > 2 {
            let communes = try await Commune.query(on: db).filter(\.$provinceCode == config.provinceCode).filter(\.$validTo == nil).all()
            if let best = communes.filter({ folded.contains(" \($0.searchName) ") }).max(by: { $0.searchName.count < $1.searchName.count }) {
                return best.id
            }
            // An address written with the units before 2025 ("Phường Thị Nại, TP Quy Nhơn"): the current commune it
            // went into, when the name is written with its unit word (or its district) and was not divided.
            if let mapped = try await AdministrativeUnits.currentCommune(address: address, province: config.provinceCode, on: db),
               !mapped.isSplit, (mapped.confidence ?? .nameOnly) >= .typedName, mapped.current[0].validTo == nil {
                return mapped.currentCode
            }
        }
        return config.open311DefaultCommune
    }
}
