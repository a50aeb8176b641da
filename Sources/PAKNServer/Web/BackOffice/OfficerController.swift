import Foundation
import PAKNDomain
import Plot
import Vapor

/// Named officers (issue 14): `POST /quan-tri/phan-anh/{id}/can-bo` names the officer on the viewer's agency's
/// assignment (a leader names anyone of the agency, an officer takes it); `/quan-tri/ban-giao` shows each officer's
/// running cases and hands one officer's cases over to another (the agency's leader). The rules are
/// `OfficerAssignment`; `OfficerAssignments` applies them.
enum OfficerController {
    static func register(_ office: any RoutesBuilder) {
        office.post(SiteURL.staffOfficer(.key), use: assign)
        office.get(SiteURL.handOver, use: handOverPage)
        office.post(SiteURL.handOver, use: handOver)
    }

    struct AssignForm: Content { var officerID: String? }

    static func assign(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let record = try await BackOfficeController.record(req, acting: acting)
        let form = try req.content.decode(AssignForm.self)
        try await OfficerAssignments.assign(try record.requireID(), to: form.officerID.flatMap(UUID.init(uuidString:)), by: acting, on: req.db)
        return req.redirect(to: SiteURL.staffRequest(try record.requireID()).path, redirectType: .normal)
    }

    static func handOverPage(_ req: Request) async throws -> Response {
        try await handOverPage(req, moved: nil, error: nil)
    }

    /// The officers of the leader's agency with their running cases, and the hand-over form; after a hand-over, how
    /// many cases moved, or why nothing did.
    static func handOverPage(_ req: Request, moved: Int?, error: String?) async throws -> Response {
        let acting = try req.requireActing()
        guard let role = acting.role, OfficerAssignment.mayHandOver(role), let agency = acting.agencyID else { throw AppError.forbidden() }
        // Handing over from anyone of the agency, a locked account included (someone who left); to active people only.
        let everyone = try await OfficerAssignments.officers(of: agency, includingLocked: true, on: req.db)
        let load = try await OfficerAssignments.workload(of: agency, on: req.db)
        let officers = everyone.filter { $0.active || (load[$0.id!] ?? 0) > 0 }
        let fromOptions = officers.map { ($0.id!.uuidString, $0.fullName + ($0.active ? "" : " (đã khóa)")) }
        let options = everyone.filter(\.active).map { ($0.id!.uuidString, $0.fullName) }
        let html = Layout.render(title: "Bàn giao công việc", for: req, body: .div(
            .h1(.text("Bàn giao công việc")),
            .p(.class("muted"), .text("Khi cán bộ nghỉ phép, đi công tác hay chuyển công tác, chuyển toàn bộ phản ánh đang xử lý của họ cho cán bộ khác.")),
            .unwrap(moved) { .p(.class("notice"), .id("handover-result"), .attribute(named: "role", value: "status"), .text("Đã bàn giao \($0) phản ánh.")) },
            .unwrap(error) { .p(.class("errors"), .attribute(named: "role", value: "alert"), .text($0)) },
            .div(.class("table-wrap"), .table(.id("workload"),
                .thead(.tr(.th(.text("Cán bộ")), .th(.text("Vai trò")), .th(.text("Đang xử lý")))),
                .tbody(.forEach(officers) { officer in
                    .tr(.td(.text(officer.fullName + (officer.active ? "" : " (đã khóa)"))), .td(.text(officer.role.label)), .td(.text("\(load[officer.id!] ?? 0)")))
                }))),
            .form(.method(.post), .action(SiteURL.handOver.path), .class("card"), .id("handover-form"),
                Layout.csrfField(req),
                FormFields.select("fromID", label: "Bàn giao việc của", options: fromOptions, selected: nil, required: true, emptyLabel: "— Chọn cán bộ —"),
                FormFields.select("toID", label: "Cho cán bộ", options: options, selected: nil, required: true, emptyLabel: "— Chọn cán bộ —"),
                .button(.type(.submit), .text("Bàn giao")))
        ))
        return Layout.response(html, status: error == nil ? .ok : .unprocessableEntity)
    }

    struct HandOverForm: Content { var fromID: String?; var toID: String? }

    /// `POST /quan-tri/ban-giao`: 403 unless an agency leader; a refused hand-over (422) shows the page with why.
    static func handOver(_ req: Request) async throws -> Response {
        let acting = try req.requireActing()
        let form = try req.content.decode(HandOverForm.self)
        do {
            let moved = try await OfficerAssignments.handOver(from: form.fromID.flatMap(UUID.init(uuidString:)),
                                                              to: form.toID.flatMap(UUID.init(uuidString:)), by: acting, on: req.db)
            return try await handOverPage(req, moved: moved, error: nil)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await handOverPage(req, moved: nil, error: error.message)
        }
    }
}
