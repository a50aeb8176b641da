import Fluent
import Vapor

/// `pakn api-key --partner NAME [--permissions create_requests,post_updates] [--agency UUID] [--per-hour N]`:
/// issues an Open311 partner API key (as the admin page `/quan-tri/khoa-api` does) after migrating, and prints
/// the key once on standard output. For scripted deployments and the interoperability test suites.
struct APIKeyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "partner", help: "The partner's name.") var partner: String?
        @Option(name: "permissions", help: "Comma-separated: create_requests, post_updates (default: create_requests).") var permissions: String?
        @Option(name: "agency", help: "The agency (UUID) whose officer the partner's updates act as.") var agency: String?
        @Option(name: "per-hour", help: "Calls allowed per hour (default 600).") var perHour: Int?
    }
    var help: String { "Cấp khóa API Open311 cho đối tác / Issue an Open311 partner API key." }

    /// Migrates, issues the key and prints it; 422 (`AppError`) for an unknown permission or a bad agency id.
    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Migrations.run(on: app)
        var permissions: Set<PartnerPermission> = []
        for name in (signature.permissions ?? PartnerPermission.createRequests.rawValue).split(separator: ",") {
            guard let permission = PartnerPermission(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw AppError.invalid("unknown permission \(name)")
            }
            permissions.insert(permission)
        }
        let agency = try signature.agency.map { raw in
            guard let id = UUID(uuidString: raw) else { throw AppError.invalid("--agency is not a UUID") }
            return id
        }
        let (key, _) = try await PartnerKeys.issue(partner: signature.partner ?? "", agencyID: agency, permissions: permissions,
                                                    requestsPerHour: signature.perHour ?? PartnerKeys.defaultRequestsPerHour,
                                                    createdBy: nil, on: app.db)
        StandardOutput.line(key)
    }
}
