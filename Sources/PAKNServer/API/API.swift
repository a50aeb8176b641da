import Fluent
import Foundation
import PAKNDomain
import Vapor

/// The JSON REST API under `/api/v1`: public (create, look up, list published, rate) and staff (bearer token).
/// Errors: `{"error": {"code": "…", "message": "…"}}` (validation errors add `fields`).
enum API {
    static func register(_ app: Application) {
        let v1 = app.grouped("api", "v1").grouped(APIWriteGuard())
        v1.on(.OPTIONS, "**") { _ -> Response in Response(status: .noContent) }
        v1.get("services", use: services)
        v1.get("communes", use: communes)
        v1.get("agencies", use: agencies)
        v1.post("requests", use: create)
        v1.get("requests", use: listPublished)
        v1.get("requests", ":code", use: lookup)
        v1.post("requests", ":code", "rating", use: rate)
        v1.post("auth", "token", use: token)
        let staff = v1.grouped("staff").grouped(BearerStaffMiddleware())
        staff.get("requests", use: staffQueue)
        staff.get("requests", ":id", use: staffDetail)
        staff.get("requests", ":id", "events", use: staffEvents)
        staff.post("requests", ":id", "triage", use: staffTriage)
        staff.grouped(AuditMiddleware.publication).post("requests", ":id", "actions", ":action", use: staffAction)
        staff.get("statistics", use: statistics)
        v1.get("openapi.json", use: OpenAPIDocument.serve)
    }

    static func services(_ req: Request) async throws -> [[String: String]] {
        try await ReferenceQueries.services(on: req.db).map {
            ["service_code": $0.id ?? "", "service_name": $0.name, "group": $0.group.rawValue, "default_urgency": $0.defaultUrgency.rawValue]
        }
    }

    static func communes(_ req: Request) async throws -> [[String: String]] {
        try await ReferenceQueries.communes(province: req.paknConfiguration.provinceCode, on: req.db).map {
            ["code": $0.id ?? "", "name": $0.name, "full_name": $0.fullName]
        }
    }

    static func agencies(_ req: Request) async throws -> [[String: String]] {
        try await ReferenceQueries.agencies(on: req.db).map { ["id": $0.id!.uuidString, "name": $0.name, "kind": $0.kind.rawValue] }
    }

    /// `POST /api/v1/requests`, at most once per `Idempotency-Key` (`Idempotency`).
    static func create(_ req: Request) async throws -> Response {
        try await Idempotency.once(req, scope: "POST /api/v1/requests") { db in try await createCase(req, on: db) }
    }

    /// Creates the case from the JSON body on `db` (a transaction under an `Idempotency-Key`): 201 `Created`,
    /// 422 with the field errors, 400 for malformed JSON, 429 over the per-address hourly limit.
    static func createCase(_ req: Request, on db: any Database) async throws -> Response {
        try await req.enforceRateLimit("submit", limit: req.paknConfiguration.submissionsPerHour, window: 3600)
        let body = try req.content.decode(APIModels.CreateRequest.self)
        let submission = Submission(
            kind: body.kind ?? RequestKind.report.rawValue, title: body.title ?? "", content: body.description ?? "",
            serviceCode: body.service_code, communeCode: body.commune_code ?? "", address: body.address ?? "",
            latitude: body.lat, longitude: body.long, fullName: body.full_name ?? "", phone: body.phone, email: body.email,
            hideIdentityPublic: body.hide_identity_public ?? false, hideIdentityFromAgency: body.hide_identity_from_agency ?? false,
            consent: body.consent ?? false)
        switch try await IntakeService.submit(submission, files: [], channel: .api, acting: .citizen, config: req.paknConfiguration, on: db) {
        case .success(let record):
            let created = APIModels.Created(
                service_request_id: record.trackingCode, tracking_code: TrackingCode(digits: record.trackingCode)?.formatted ?? record.trackingCode,
                status: RequestStatus.received.open311Status, detailed_status: record.status.rawValue, received_at: APIModels.date(record.receivedAt)!)
            let response = Response(status: .created)
            try response.content.encode(created, as: .json)
            return response
        case .failure(let failure):
            let errors = failure.errors
            let response = Response(status: .unprocessableEntity)
            try response.content.encode(APIModels.ValidationError(error: .init(
                code: "validation_failed", message: errors.map(\.message).joined(separator: " "), fields: errors)), as: .json)
            return response
        }
    }

    /// The public view of a case. `agencyNames` (id → name) spares a query per case when listing.
    static func publicRequest(_ r: ServiceRequestRecord, events: [APIModels.PublicEvent]?, agencyNames: [UUID: String]? = nil,
                              on db: Database) async throws -> APIModels.PublicRequest {
        let status = r.status
        let published = r.publishedAt != nil
        var agencyName: String?
        if let id = r.leadAgencyID {
            if let agencyNames { agencyName = agencyNames[id] } else { agencyName = try await Agency.find(id, on: db)?.name }
        }
        return APIModels.PublicRequest(
            service_request_id: r.trackingCode, tracking_code: TrackingCode(digits: r.trackingCode)?.formatted ?? r.trackingCode,
            status: status.open311Status, detailed_status: status.rawValue, status_label: status.label,
            service_code: r.serviceCode, commune_code: r.communeCode,
            agency_responsible: agencyName,
            requested_datetime: APIModels.date(r.receivedAt)!, expected_datetime: APIModels.date(r.dueAt),
            title: published ? r.publicTitle : nil, description: published ? r.publicDescription : nil,
            answer: published ? r.publicAnswer : nil, published_datetime: APIModels.date(r.publishedAt), events: events)
    }

    static func lookup(_ req: Request) async throws -> APIModels.PublicRequest {
        guard let code = req.parameters.get("code").flatMap(TrackingCode.init(parsing:)) else {
            throw AppError(.badRequest, "invalid_tracking_code", "Mã tra cứu không đúng (10 chữ số, chữ số cuối là chữ số kiểm tra).")
        }
        guard let record = try await PublicQueries.byCode(code, on: req.db) else { throw AppError.notFound("Không tìm thấy phản ánh.") }
        let masking = try await Publication.masking(for: record, on: req.db)
        let events = try await PublicQueries.publicTimeline(of: record, masking: masking, on: req.db).map {
            APIModels.PublicEvent(at: APIModels.date($0.at)!, action: $0.action.rawValue, label: $0.label,
                                  note: $0.note, note_author: $0.noteAuthor)
        }
        return try await publicRequest(record, events: events, on: req.db)
    }

    static func listPublished(_ req: Request) async throws -> APIModels.Page<APIModels.PublicRequest> {
        let q = try? req.query.get(String.self, at: "q")
        let paging = try Paging.read(req, page: "page", size: "page_size", defaultSize: 20, maximumSize: 100)
        let result = try await PublicQueries.published(query: q, serviceCode: try? req.query.get(String.self, at: "service_code"), paging: paging, on: req.db)
        let agencyIDs = Array(Set(result.items.compactMap(\.leadAgencyID)))
        let agencyNames = agencyIDs.isEmpty ? [:] : Dictionary(
            try await Agency.query(on: req.db).filter(\.$id ~~ agencyIDs).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        var items: [APIModels.PublicRequest] = []
        for r in result.items { items.append(try await publicRequest(r, events: nil, agencyNames: agencyNames, on: req.db)) }
        return .init(items: items, total: result.total, page: paging.page, page_size: paging.size)
    }

    static func rate(_ req: Request) async throws -> Response {
        try await req.enforceRateLimit("verify", limit: 10, window: 900)
        guard let code = req.parameters.get("code").flatMap(TrackingCode.init(parsing:)),
              let record = try await PublicQueries.byCode(code, on: req.db) else { throw AppError.notFound() }
        let body = try req.content.decode(APIModels.RatingBody.self)
        guard SecondFactor.matches(body.verification, contacts: try await Publication.contacts(of: record, on: req.db)) else {
            throw AppError(.forbidden, "verification_failed", "Thông tin xác minh không khớp.")
        }
        try await Ratings.rate(record, stars: body.stars, comment: body.comment, config: req.application.paknConfiguration, on: req.db)
        return Response(status: .noContent)
    }

    static func token(_ req: Request) async throws -> APIModels.TokenResponse {
        let body = try req.content.decode(APIModels.TokenRequest.self)
        let email = (body.email ?? "").lowercased()
        try await req.slowDownLogin(email: email)
        guard let user = try await AccountService(db: req.db, hasher: req.password.async).authenticate(email: email, password: body.password ?? "", logger: req.logger) else {
            await req.recordLoginFailure(email: email)
            throw AppError(.unauthorized, "invalid_credentials", "Email hoặc mật khẩu không đúng.")
        }
        // The API does not bypass the second factor: a user who has it gives the code; one whose role requires it
        // and who has not set it up gets no token until they do (on the account page).
        let factors = SecondFactorService(db: req.db, cipher: req.application.paknConfiguration.channels.settingsCipher)
        if user.secondFactorSince != nil {
            guard let code = body.code, !code.isEmpty else {
                throw AppError(.unauthorized, "second_factor_required", "Tài khoản này cần mã xác thực hai bước (trường code).")
            }
            guard try await req.secondFactorAttemptsLeft(for: user) else { throw SecondFactorService.tooManyFailures }
            guard try await factors.verify(user, input: code) else {
                await req.recordLoginFailure(email: email)
                await req.recordSecondFactorFailure(for: user)
                throw SecondFactorService.wrongCode
            }
        } else if try await factors.mustEnrol(user) {
            throw AppError(.forbidden, "second_factor_enrolment_required",
                           "Vai trò của bạn bắt buộc xác thực hai bước. Hãy bật nó trên trang Tài khoản trước.")
        }
        let issued = try await APITokens.issue(for: user, on: req.db)
        return .init(token: issued.token, expires_at: APIModels.date(issued.expiresAt)!, role: user.role.rawValue)
    }

    static func staffRequest(_ r: ServiceRequestRecord, acting: Acting, deadline: DeadlineSummary? = nil, on db: Database) async throws -> APIModels.StaffRequest {
        var deadline = deadline
        if deadline == nil, let id = r.id { deadline = try await DeadlineSummary.forRequests([id], on: db)[id] }
        let status = r.status
        let hidden = ContactAccess.identityHidden(from: acting.role, requesterAskedToHideFromAgency: r.hideIdentityFromAgency)
        let masking: Masking? = hidden ? try await Publication.masking(for: r, on: db) : nil
        return .init(id: try r.requireID(), tracking_code: r.trackingCode, status: r.status.rawValue, kind: r.kind.rawValue,
                     title: masking?.mask(r.title).text ?? r.title,
                     description: masking?.mask(r.description).text ?? r.description,
                     channel: r.channel.rawValue, service_code: r.serviceCode, urgency: r.urgency?.rawValue, commune_code: r.communeCode,
                     address: r.address, lead_agency_id: r.leadAgencyID, received_at: APIModels.date(r.receivedAt)!,
                     due_at: APIModels.date(r.dueAt), restricted: r.restricted,
                     available_actions: Workflow.availableActions(from: status, for: acting.actor).map(\.rawValue),
                     working_hours_left: deadline.map { ($0.secondsLeft / 36).rounded() / 100 }, overdue: deadline?.isOverdue ?? false)
    }

    static func staffQueue(_ req: Request) async throws -> APIModels.Page<APIModels.StaffRequest> {
        let acting = try req.requireActing()
        let filter = try StaffListQuery.filter(req)
        let paging = try StaffListQuery.paging(req)
        let result = try await QueueQuery.run(filter, paging: paging, acting: acting, on: req.db)
        var items: [APIModels.StaffRequest] = []
        let deadlines = try await DeadlineSummary.forRequests(result.items.compactMap(\.id), on: req.db)
        for r in result.items { items.append(try await staffRequest(r, acting: acting, deadline: deadlines[r.id!], on: req.db)) }
        return .init(items: items, total: result.total, page: paging.page, page_size: paging.size)
    }

    static func staffRecord(_ req: Request, acting: Acting) async throws -> ServiceRequestRecord {
        try await CaseAccess.visibleCase(req.parameters.get("id", as: UUID.self), to: acting, logger: req.logger, on: req.db)
    }

    static func staffDetail(_ req: Request) async throws -> APIModels.StaffRequest {
        let acting = try req.requireActing()
        return try await staffRequest(try await staffRecord(req, acting: acting), acting: acting, on: req.db)
    }

    static func staffEvents(_ req: Request) async throws -> [APIModels.StaffEvent] {
        let acting = try req.requireActing()
        let record = try await staffRecord(req, acting: acting)
        // Notes may name the requester: masked for whoever may not receive the identity, as on the case page.
        let hidden = ContactAccess.identityHidden(from: acting.role, requesterAskedToHideFromAgency: record.hideIdentityFromAgency)
        let masking: Masking? = hidden ? try await Publication.masking(for: record, on: req.db) : nil
        return try await EventRecord.query(on: req.db).filter(\.$requestID == record.requireID()).sort(\.$occurredAt).all().map {
            .init(at: APIModels.date($0.occurredAt)!, action: $0.action.rawValue, actor: $0.actorLabel, from: $0.fromStatus?.rawValue,
                  to: $0.toStatus?.rawValue, note: $0.note.map { masking?.mask($0).text ?? $0 }, is_public: $0.isPublic)
        }
    }

    static func staffTriage(_ req: Request) async throws -> APIModels.StaffRequest {
        let acting = try req.requireActing()
        let record = try await staffRecord(req, acting: acting)
        let body = try req.content.decode(APIModels.TriageBody.self)
        try await TriageService.triage(record, serviceCode: body.service_code, urgency: body.urgency, communeCode: body.commune_code,
                                       title: body.title, acting: acting, config: req.paknConfiguration, on: req.db,
                                       liveEvents: req.application)
        return try await staffRequest(record, acting: acting, on: req.db)
    }

    static func staffAction(_ req: Request) async throws -> APIModels.StaffRequest {
        let acting = try req.requireActing()
        let record = try await staffRecord(req, acting: acting)
        guard let action = req.parameters.get("action").flatMap(WorkflowAction.init(rawValue:)) else {
            throw AppError(.notFound, "unknown_action", "Thao tác không tồn tại.")
        }
        let body = try req.content.decode(APIModels.ActionBody.self)
        if let raw = body.rejection_reason, RejectionReason(rawValue: raw) == nil { throw AppError.invalid("Lý do từ chối không hợp lệ.") }
        if let raw = body.emergency_service, EmergencyService(rawValue: raw) == nil { throw AppError.invalid("Số khẩn cấp không hợp lệ.") }
        let input = ActionInput(note: body.note, notePublic: body.note_public,
                                rejectionReason: body.rejection_reason.flatMap(RejectionReason.init(rawValue:)),
                                emergencyService: body.emergency_service.flatMap(EmergencyService.init(rawValue:)),
                                duplicateOf: body.duplicate_of, leadAgencyID: body.lead_agency_id, coHandlerIDs: body.co_handler_ids ?? [])
        let updated = try await CaseWorkflow.perform(action, requestID: record.requireID(), by: acting, input: input,
                                                     config: req.paknConfiguration, on: req.db, liveEvents: req.application)
        return try await staffRequest(updated, acting: acting, on: req.db)
    }

    static func statistics(_ req: Request) async throws -> Statistics.Report {
        let acting = try req.requireActing()
        guard acting.role != .complaintOfficer, acting.role?.isAgencyScoped == false else { throw AppError.forbidden() }
        let (from, to, _, _) = try Statistics.period(from: try? req.query.get(String.self, at: "tu"), to: try? req.query.get(String.self, at: "den"))
        return try await Statistics.report(from: from, to: to, on: req.db)
    }
}
