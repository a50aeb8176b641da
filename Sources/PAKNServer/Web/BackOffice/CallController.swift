import Fluent
import Foundation
import PAKNDomain
import Plot
import Vapor

/// Operator pages of the phone switchboard (issue 4 channel 1): recent calls with each caller's earlier requests,
/// the call-back queue of missed calls, and the admin's blocklist of nuisance numbers.
enum CallController {
    static func register(office: any RoutesBuilder) {
        office.get(SiteURL.calls, use: recent)
        office.get(SiteURL.callEvents, use: CallEventsController.stream)
        office.get(SiteURL.callbacks, use: callbacks)
        office.post(SiteURL.callbackDone(.key), use: calledBack)
        office.get(SiteURL.callCard(.key), use: card)
        office.post(SiteURL.callAttach(.key), use: attach)
        let admin = AdminArea.routes(office)
        admin.get(SiteURL.adminBlocklist, use: blocklist)
        admin.post(SiteURL.adminBlocklist, use: block)
        admin.post(SiteURL.adminBlocklistRemove(.key), use: unblock)
    }

    /// `GET /quan-tri/cuoc-goi`: the 100 latest calls, newest first, each with the caller's earlier requests (what
    /// the operator may see) and a link that creates a request from the call (`/quan-tri/tiep-nhan?call=…`).
    static func recent(_ req: Request) async throws -> Response {
        let acting = try req.requireOperator()
        let calls = try await Switchboard.recentCalls(on: req.db)
        let byPhone = try await Switchboard.earlierRequests(phones: Set(calls.compactMap(\.citizenPhone)), acting: acting, on: req.db)
        var earlier: [UUID: [ServiceRequestRecord]] = [:]
        for call in calls { if let id = call.id, let phone = call.citizenPhone { earlier[id] = byPhone[phone] ?? [] } }
        return Layout.response(Layout.render(title: "Cuộc gọi gần đây", for: req, body: .div(
            .h1(.text("Cuộc gọi gần đây")),
            .p(.a(.href(SiteURL.callbacks.path), .text("Danh sách cần gọi lại"))),
            .if(calls.isEmpty, .p(.class("muted"), .text("Chưa có cuộc gọi."))),
            .ul(.id("calls"), .forEach(calls) { call in
                .li(.class("card call call-\(call.status)"),
                    .p(.strong(.text(call.direction == .inbound ? call.fromNumber : call.toNumber)),
                       .text(" – \(call.statusLabel) – \(Layout.date(call.initializedAt))")),
                    .unwrap(call.recordingURL) { .p(.a(.href(Layout.attribute($0)), .attribute(named: "rel", value: "noreferrer"), .text("Nghe ghi âm cuộc gọi"))) },
                    .unwrap(call.requestID) { .p(.a(.href(SiteURL.staffRequest($0).path), .text("Phản ánh đã tạo từ cuộc gọi này"))) },
                    .if(call.requestID == nil, .p(.a(.href(intakeLink(call)), .text("Tạo phản ánh từ cuộc gọi này")), .text(" · "),
                                                  .a(.href(SiteURL.callCard(call.id!).path), .text("Gắn vào phản ánh đã có")))),
                    .unwrap(earlier[call.id!].flatMap { $0.isEmpty ? nil : $0 }) { list in
                        .ul(.class("earlier"), .forEach(list) { r in
                            .li(.a(.href(SiteURL.staffRequest(r.id!).path),
                                   .text("\(TrackingCode(digits: r.trackingCode)?.formatted ?? r.trackingCode) – "),
                                   .span(.peoplesWords, .text(r.title)), .text(" – \(r.status.label)")))
                        })
                    })
            })
        )))
    }

    /// `GET /quan-tri/cuoc-goi/{id}`: the caller's card (issue 14, screen pop): the number, the caller's open cases,
    /// each with "attach this call to it", their earlier cases, "new request from this call", and attaching to any
    /// case by its code. The live channel's script shows the `#call-card` section of this page as soon as the call
    /// rings; without scripts the operator opens it from the list of calls.
    static func card(_ req: Request) async throws -> Response {
        let acting = try req.requireOperator()
        let (call, open, earlier) = try await Switchboard.card(req.parameters.get("id", as: UUID.self), acting: acting, on: req.db)
        let number = call.direction == .inbound ? call.fromNumber : call.toNumber
        func line(_ r: ServiceRequestRecord) -> Node<HTML.BodyContext> {
            .group(.a(.href(SiteURL.staffRequest(r.id!).path), .text(TrackingCode(digits: r.trackingCode)?.formatted ?? r.trackingCode)),
                   .text(" – "), .span(.peoplesWords, .text(r.title)), .text(" – \(r.status.label) – \(Layout.date(r.receivedAt))"))
        }
        let attachForm: (ServiceRequestRecord) -> Node<HTML.BodyContext> = { r in
            .form(.class("inline"), .method(.post), .action(SiteURL.callAttach(call.id!).path), Layout.csrfField(req),
                  .input(.type(.hidden), .name("requestID"), .value(r.id!.uuidString)),
                  .button(.type(.submit), .class("secondary"), .text("Gắn cuộc gọi vào phản ánh này")))
        }
        return Layout.response(Layout.render(title: "Cuộc gọi \(number)", for: req, body: .div(
            .section(.class("card call-card"), .id("call-card"), .attribute(named: "aria-label", value: "Cuộc gọi đến"),
                .h2(.text("Cuộc gọi \(call.direction == .inbound ? "từ" : "tới") "), .span(.class("caller"), .text(number)),
                    .text(" – \(call.statusLabel) – \(Layout.date(call.initializedAt))")),
                .unwrap(call.requestID) { .p(.text("Đã gắn vào "), .a(.href(SiteURL.staffRequest($0).path), .text("phản ánh của cuộc gọi này")), .text(".")) },
                .if(call.requestID == nil, .p(.a(.class("button"), .href(intakeLink(call)), .text("Tạo phản ánh mới từ cuộc gọi này")))),
                .h3(.text("Phản ánh đang xử lý của số này")),
                .if(open.isEmpty, .p(.class("muted"), .text("Không có."))),
                .ul(.class("open-cases"), .forEach(open) { r in .li(line(r), .if(call.requestID == nil, attachForm(r))) }),
                .h3(.text("Phản ánh trước đây")),
                .if(earlier.isEmpty, .p(.class("muted"), .text("Không có."))),
                .ul(.class("earlier"), .forEach(earlier) { r in .li(line(r)) }),
                .if(call.requestID == nil, .form(.method(.post), .action(SiteURL.callAttach(call.id!).path), Layout.csrfField(req),
                    FormFields.text("code", label: "Gắn vào phản ánh khác (mã 10 chữ số)", value: nil, maxLength: 20, id: "attach-code", inputMode: "numeric"),
                    .button(.type(.submit), .class("secondary"), .text("Gắn cuộc gọi"))))
            ))))
    }

    struct AttachForm: Content { var requestID: String?; var code: String? }

    /// `POST /quan-tri/cuoc-goi/{id}/gan`: attaches the call to a case (by id or code) and opens the case. 404, 409
    /// and 422 as `Switchboard.attach`.
    static func attach(_ req: Request) async throws -> Response {
        let acting = try req.requireOperator()
        let form = try req.content.decode(AttachForm.self)
        let id = try await Switchboard.attach(req.parameters.get("id", as: UUID.self), to: form.requestID.flatMap(UUID.init(uuidString:)),
                                              code: form.code, acting: acting, on: req.db)
        return req.redirect(to: SiteURL.staffRequest(id).path, redirectType: .normal)
    }

    /// `GET /quan-tri/goi-lai`: missed inbound calls not yet called back, the earliest due on top, each with its due
    /// time (overdue ones marked) and how long the caller has waited.
    static func callbacks(_ req: Request) async throws -> Response {
        _ = try req.requireOperator()
        let calls = try await Switchboard.awaitingCallback(on: req.db)
        let now = Date()
        let calendar = try await DeadlineStore.load(on: req.db).intakeCalendar
        let hours = try await ChannelConfiguration.effective(base: req.paknConfiguration.channels, on: req.db).callbackWorkingHours
        let due = calls.map { (call: $0, due: Switchboard.callbackDue($0, hours: hours, calendar: calendar)) }.sorted { $0.due < $1.due }
        return Layout.response(Layout.render(title: "Cần gọi lại", for: req, body: .div(
            .h1(.text("Cuộc gọi nhỡ cần gọi lại")),
            .p(.class("muted"), .text("Hạn gọi lại: \(hours.formatted()) giờ trong giờ tiếp nhận của tổng đài kể từ khi người gọi gác máy.")),
            .if(calls.isEmpty, .p(.class("muted"), .text("Không có cuộc gọi nhỡ."))),
            .ul(.id("callbacks"), .forEach(due) { item in
                let call = item.call
                return .li(.class("card"),
                    .p(.strong(.text(call.fromNumber)), .text(" – gọi lúc \(Layout.date(call.initializedAt)), đã chờ \(Int(now.timeIntervalSince(call.initializedAt) / 60)) phút")),
                    .p(.class(item.due < now ? "urgent callback-due" : "callback-due"),
                       .text("Hạn gọi lại: \(Layout.date(item.due))\(item.due < now ? " – quá hạn" : "")")),
                    .a(.href(intakeLink(call)), .text("Tạo phản ánh")),
                    .form(.method(.post), .action(SiteURL.callbackDone(call.id!).path),
                          Layout.csrfField(req), .button(.type(.submit), .class("secondary"), .text("Đã gọi lại"))))
            })
        )))
    }

    /// `POST /quan-tri/goi-lai/{id}/xong`: the operator called back; the call leaves the queue.
    static func calledBack(_ req: Request) async throws -> Response {
        _ = try req.requireOperator()
        try await Switchboard.markCalledBack(req.parameters.get("id", as: UUID.self), on: req.db)
        return req.redirect(to: SiteURL.callbacks.path)
    }

    /// `GET /quan-tri/chan-so` (admin): blocked numbers with reason and expiry, and the form to add one.
    static func blocklist(_ req: Request) async throws -> Response {
        let entries = try await Switchboard.blocklist(on: req.db)
        return Layout.response(Layout.render(title: "Số bị chặn", for: req, body: .div(
            .h1(.text("Số điện thoại bị chặn")),
            .ul(.id("blocked"), .forEach(entries) { entry in
                .li(.text("\(entry.phone) – \(entry.reason) – \(entry.expiresAt.map { "đến \(Layout.date($0))" } ?? "không thời hạn")"),
                    .form(.method(.post), .action(SiteURL.adminBlocklistRemove(entry.id!).path), .style("display:inline"),
                          Layout.csrfField(req), .button(.type(.submit), .class("secondary"), .text("Bỏ chặn"))))
            }),
            .form(.method(.post), .action(SiteURL.adminBlocklist.path), .class("card"),
                  Layout.csrfField(req),
                  FormFields.text("phone", label: "Số điện thoại", value: nil, type: .tel, required: true),
                  FormFields.text("reason", label: "Lý do", value: nil, required: true),
                  FormFields.text("days", label: "Số ngày chặn (để trống: không thời hạn)", value: nil),
                  .button(.type(.submit), .text("Chặn số này")))
        )))
    }

    /// `POST /quan-tri/chan-so` with `phone`, `reason`, optional `days`: 422 when the number or reason is unusable.
    static func block(_ req: Request) async throws -> Response {
        try await Switchboard.block(phone: (try? req.content.get(String.self, at: "phone")) ?? "",
                                    reason: (try? req.content.get(String.self, at: "reason")) ?? "",
                                    days: (try? req.content.get(String.self, at: "days")).flatMap(Int.init), on: req.db)
        return req.redirect(to: SiteURL.adminBlocklist.path)
    }

    /// `POST /quan-tri/chan-so/{id}/xoa`: removes a block.
    static func unblock(_ req: Request) async throws -> Response {
        try await Switchboard.unblock(req.parameters.get("id", as: UUID.self), on: req.db)
        return req.redirect(to: SiteURL.adminBlocklist.path)
    }

    static func intakeLink(_ call: CallRecord) -> String {
        // The call carries the number: no phone number in the URL.
        SiteURL.intakeFromCall(call.id!).path
    }

}
