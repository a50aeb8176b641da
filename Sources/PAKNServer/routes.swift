import Vapor

/// All routes, grouped by area. Paths come from `SiteURL` (pages) and `API` (JSON).
func routes(_ app: Application) throws {
    // Liveness (the process answers) and readiness (database and data directory usable).
    app.get("healthz") { _ in ["status": "ok"] }
    app.get("readyz", use: Readiness.check)
    app.get("metrics", use: MetricsEndpoint.scrape)

    // Provider webhooks: outside sessions and CSRF; authenticated by their signatures on the raw body.
    WebhookController.register(app)
    CTIController.register(app)
    SMSWebhookController.register(app)

    // Public site and back office share sessions and CSRF protection. The routes that take files read their
    // bodies to disk through `UploadGate` (limits checked before and while reading), before the CSRF check.
    let sessions = app.grouped(SessionStaffMiddleware())
    let site = sessions.grouped(CSRFMiddleware())
    let submissionsPerHour = app.paknConfiguration.submissionsPerHour
    sessions.grouped(UploadGate(rateLimit: ("submit", submissionsPerHour)), CSRFMiddleware())
        .on(.POST, "gui-phan-anh", body: .stream, use: PublicController.submit)
    site.get(use: PublicController.home)
    site.get("gui-phan-anh", use: PublicController.submitForm)
    site.get("gui-phan-anh", "da-gui", use: PublicController.submitted)
    site.get("tra-cuu", use: PublicController.lookup)
    site.post("tra-cuu", ":code", "xac-minh", use: PublicController.verify)
    site.post("tra-cuu", ":code", "danh-gia", use: PublicController.rate)
    site.post("tra-cuu", ":code", "phan-anh-lai", use: PublicController.reopen)
    site.post("tra-cuu", ":code", "bo-sung", use: PublicController.supply)
    site.get("cong-khai", use: PublicController.published)
    site.get("thong-ke", use: PublicController.statistics)
    site.get("ban-do", use: PublicController.map)
    site.get("tep", ":id", use: PublicController.attachment)
    site.get("dang-nhap", use: AuthController.loginForm)
    site.post("dang-nhap", use: AuthController.login)
    site.get("dang-nhap", "ma-xac-thuc", use: AuthController.secondFactorForm)
    site.post("dang-nhap", "ma-xac-thuc", use: AuthController.secondFactor)
    site.post("dang-xuat", use: AuthController.logout)

    let office = site.grouped(RequireStaffPageMiddleware()).grouped("quan-tri")
    let officeUploads = sessions.grouped(RequireStaffPageMiddleware(), UploadGate(), CSRFMiddleware(), AuditMiddleware.publication)
        .grouped("quan-tri")
    officeUploads.on(.POST, "tiep-nhan", body: .stream, use: PhoneIntakeController.create)
    officeUploads.on(.POST, "phan-anh", ":id", "thao-tac", ":action", body: .stream, use: BackOfficeController.action)
    office.get(use: BackOfficeController.queue)
    office.get("tiep-nhan", use: PhoneIntakeController.form)
    office.post("tiep-nhan", "tra-so", use: PhoneIntakeController.lookup)
    CallController.register(office: office)
    office.get("kenh", use: ChannelInboxController.inbox)
    office.post("kenh", ":id", "gan", use: ChannelInboxController.attach)
    office.get("phan-anh", ":id", use: BackOfficeController.detail)
    office.post("phan-anh", ":id", "phan-loai", use: BackOfficeController.triage)
    office.get("phan-anh", ":id", "lien-he", use: BackOfficeController.contact)
    office.post("phan-anh", ":id", "phoi-hop", use: BackOfficeController.coHandlerInput)
    office.grouped(AuditMiddleware(action: .publication))
        .post("phan-anh", ":id", "ghi-chu", ":event", ":decision", use: BackOfficeController.decideNote)
    office.post("phan-anh", ":id", "tra-loi", use: ReplyController.reply)
    office.post("phan-anh", ":id", "gia-han", use: BackOfficeController.requestExtension)
    office.post("phan-anh", ":id", "gia-han", "quyet-dinh", use: BackOfficeController.decideExtension)
    office.get("thong-bao", use: BackOfficeController.notifications)
    office.get("phan-anh", ":id", "tep", ":file", use: BackOfficeController.attachment)
    office.get("thong-ke", use: DashboardController.dashboard)
    office.get("thong-ke", "xuat", use: ExportController.statistics)
    office.get("xuat", use: ExportController.queue)
    office.get("bao-cao", use: ReportController.report)
    office.get("du-bao", use: ForecastController.page)
    AnswerTemplateController.register(office)
    AccountController.register(office)
    DataSubjectController.register(office)
    AdminController.register(office)
    InteroperabilityAdminController.register(office)
    ChannelAdminController.register(office)

    API.register(app)
    Open311Controller.register(app)
}
