import Fluent
import Foundation
import PAKNDomain
import Vapor

/// `pakn units map …` and `pakn units import FILE.json [--valid-from YYYY-MM-DD] [--apply]`: the administrative units
/// that change (issue 15 item 7). Both migrate and seed reference data first (the former units included).
struct UnitsCommand: AsyncCommandGroup {
    var help: String { "Đơn vị hành chính: đối chiếu đơn vị cũ, nhập danh mục mới / Administrative units: map former units, import a dataset." }
    var commands: [String: any AnyAsyncCommand] { ["map": UnitsMapCommand(), "import": UnitsImportCommand()] }

    /// Migrations and reference data (current and former units), as `pakn migrate` does.
    static func prepareDatabase(_ app: Application) async throws {
        try await Migrations.withStartupLock(on: app) {
            try await app.autoMigrate()
            try await ReferenceSeeder.seed(on: app.db, logger: app.logger)
        }
    }
}

/// `pakn units map [--province CODE|all] "TEXT" …`: for each text (or, without texts, each line of standard input:
/// a JSON object `{"address": "…"}` or `{"old_province_code": "52", "old_commune_code": "21583"}`, or a plain line
/// of text), one JSON line on standard output:
/// `{"input": …, "current": [{"code", "name", "province_code", "default", "valid_to"}], "former": {"province_code",
/// "province_name", "district_code", "district_name", "commune_code", "commune_name"} (the commune null for an island
/// district without communes), "split": bool,
/// "confidence": "confirmed"|"typed_name"|"name_only"|null, "matched": "Phường Thị Nại"}`; `current` is empty and
/// `former` null when no former unit is named (or the text is ambiguous). Codes under `former` are **old** codes.
/// Texts are read within the deployment's province (`PAKN_PROVINCE`) unless `--province` says another current
/// province or `all`.
struct UnitsMapCommand: AnyAsyncCommand {
    var help: String { "In đơn vị hiện nay của địa chỉ theo đơn vị cũ (JSON lines) / current commune of a former unit." }

    struct Input: Decodable {
        let address: String?
        let oldProvinceCode: String?
        let oldCommuneCode: String?
        enum CodingKeys: String, CodingKey { case address, oldProvinceCode = "old_province_code", oldCommuneCode = "old_commune_code" }
    }
    struct FormerOut: Encodable {
        let provinceCode: String, provinceName: String, districtCode: String, districtName: String
        let communeCode: String?, communeName: String?
        enum CodingKeys: String, CodingKey {
            case provinceCode = "province_code", provinceName = "province_name", districtCode = "district_code"
            case districtName = "district_name", communeCode = "commune_code", communeName = "commune_name"
        }
        /// Every key, `null` for the commune of an island district without communes.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(provinceCode, forKey: .provinceCode); try c.encode(provinceName, forKey: .provinceName)
            try c.encode(districtCode, forKey: .districtCode); try c.encode(districtName, forKey: .districtName)
            try c.encode(communeCode, forKey: .communeCode); try c.encode(communeName, forKey: .communeName)
        }
    }
    struct Output: Encodable {
        let input: String
        let current: [AdministrativeUnits.CurrentCommune]
        let former: FormerOut?
        let split: Bool
        let confidence: String?
        let matched: String?
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(input, forKey: .input); try c.encode(current, forKey: .current)
            try c.encode(former, forKey: .former); try c.encode(split, forKey: .split)
            try c.encode(confidence, forKey: .confidence); try c.encode(matched, forKey: .matched)
        }
        enum CodingKeys: String, CodingKey { case input, current, former, split, confidence, matched }
    }

    func outputHelp(using context: inout CommandContext) throws {
        context.console.output("Usage: pakn units map [--province CODE|all] \"TEXT\" …  (or JSON lines on stdin)")
    }

    func run(using context: inout CommandContext) async throws {
        let app = context.application
        var arguments = context.input.arguments
        var province: String? = app.paknConfiguration.provinceCode
        if let index = arguments.firstIndex(of: "--province") {
            guard index + 1 < arguments.count else { throw AppError.invalid("--province cần một mã tỉnh hiện nay hoặc all.") }
            province = arguments[index + 1] == "all" ? nil : arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) { try outputHelp(using: &context); return }
        try await UnitsCommand.prepareDatabase(app)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        func answer(_ label: String, _ mapped: AdministrativeUnits.Mapped?) throws {
            let former = mapped.map { m in
                FormerOut(provinceCode: m.former.provinceCode, provinceName: m.former.provinceName, districtCode: m.former.districtCode,
                          districtName: m.former.districtName, communeCode: m.former.communeCode, communeName: m.former.communeName)
            }
            let output = Output(input: label, current: mapped?.current ?? [], former: former, split: mapped?.isSplit ?? false,
                                confidence: mapped?.confidence?.rawValue, matched: mapped?.matchedText)
            StandardOutput.line(String(decoding: try encoder.encode(output), as: UTF8.self))
        }
        if !arguments.isEmpty {
            for text in arguments { try answer(text, try await AdministrativeUnits.currentCommune(address: text, province: province, on: app.db)) }
            return
        }
        while let line = readLine() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("{") {
                guard let input = try? JSONDecoder().decode(Input.self, from: Data(trimmed.utf8)) else {
                    try answer(trimmed, nil); continue
                }
                if let oldProvince = input.oldProvinceCode, let oldCommune = input.oldCommuneCode {
                    try answer(trimmed, try await AdministrativeUnits.currentCommune(oldProvinceCode: oldProvince, oldUnitCode: oldCommune, on: app.db))
                } else {
                    try answer(input.address ?? trimmed, try await AdministrativeUnits.currentCommune(address: input.address ?? "", province: province, on: app.db))
                }
            } else {
                try answer(trimmed, try await AdministrativeUnits.currentCommune(address: trimmed, province: province, on: app.db))
            }
        }
    }
}

/// `pakn units import FILE.json [--valid-from YYYY-MM-DD] [--apply]`: prints what a dataset of current units
/// changes against the database (`AdministrativeUnitImport.lines`: one tab-separated line per unit added, removed or
/// renamed, then a summary line), and writes it only with `--apply` (the default is a dry run). `--valid-from`: the
/// day the dataset takes effect (Asia/Ho_Chi_Minh; default today there); removed units get the day before as
/// `valid_to`.
struct UnitsImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A dataset in the shape of vn_units_2026-07-25.json") var file: String
        @Option(name: "valid-from", help: "YYYY-MM-DD, the first day the dataset is in force (Asia/Ho_Chi_Minh)") var validFrom: String?
        @Flag(name: "apply", help: "Write the changes (without it: a dry run)") var apply: Bool
    }
    var help: String { "So sánh và nhập danh mục đơn vị hành chính / compare and import a dataset of administrative units." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let day: SolarDay
        if let text = signature.validFrom {
            guard let parsed = SolarDay(isoString: text) else { throw AppError.invalid("Ngày không hợp lệ: \(text) (định dạng YYYY-MM-DD).") }
            day = parsed
        } else {
            day = SolarDay(Date(), in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: signature.file)) } catch {
            throw AppError.invalid("Không đọc được tệp \(signature.file).")
        }
        try await UnitsCommand.prepareDatabase(app)
        let changes = try await AdministrativeUnitImport.plan(dataset: data, on: app.db)
        for line in AdministrativeUnitImport.lines(changes, validFrom: day) { StandardOutput.line(line) }
        let summary = "\(changes.added.count) added, \(changes.removed.count) removed, \(changes.renamed.count) renamed"
        if signature.apply && !changes.isEmpty {
            try await AdministrativeUnitImport.apply(changes, validFrom: day, on: app.db)
            StandardOutput.line("đã ghi / applied: \(summary), valid from \(day.isoString)")
        } else if signature.apply {
            StandardOutput.line("không có thay đổi / no changes")
        } else {
            StandardOutput.line("chạy thử, chưa ghi gì / dry run, nothing written: \(summary) (--apply to write)")
        }
    }
}
