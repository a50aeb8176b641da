import Vapor

/// All routes, grouped by area. Every page route is registered from its `SiteURL` case, the same value that
/// builds its links; the JSON API, Open311 and the providers' webhooks are contracts declared with their documents.
func routes(_ app: Application) throws {
    // Liveness (the process answers) and readiness (database and data directory usable).
    app.get(SiteURL.healthz) { _ in ["status": "ok"] }
    app.get(SiteURL.readyz, use: Readiness.check)
    app.get(SiteURL.metrics, use: MetricsEndpoint.scrape)
    if app.paknConfiguration.benchProbe { app.post("bench", "insert", use: BenchProbe.insert) }

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
        .on(.POST, SiteURL.submit, body: .stream, use: PublicController.submit)
    site.get(SiteURL.home, use: PublicController.home)
    site.get(SiteURL.submit, use: PublicController.submitForm)
    site.get(SiteURL.submitted(.key), use: PublicController.submitted)
    site.get(SiteURL.lookup, use: PublicController.lookup)
    site.post(SiteURL.verify(.key), use: PublicController.verify)
    site.post(SiteURL.rate(.key), use: PublicController.rate)
    site.post(SiteURL.reopen(.key), use: PublicController.reopen)
    site.post(SiteURL.supply(.key), use: PublicController.supply)
    site.get(SiteURL.published, use: PublicController.published)
    site.get(SiteURL.publicStatistics, use: PublicController.statistics)
    site.get(SiteURL.publicMap, use: PublicController.map)
    site.get(SiteURL.publicAttachment(.key), use: PublicController.attachment)
    site.get(SiteURL.publicFAQ, use: FAQPage.list)
    site.get(SiteURL.publicFAQArticle(.key), use: FAQPage.show)
    site.get(SiteURL.help, use: HelpPage.index)
    app.get(SiteURL.logo, use: SiteImages.logo)
    app.get(SiteURL.favicon, use: SiteImages.favicon)
    site.get(SiteURL.helpTopic(.key), use: HelpPage.show)
    site.get(SiteURL.login, use: AuthController.loginForm)
    site.post(SiteURL.login, use: AuthController.login)
    site.get(SiteURL.loginSecondFactor, use: AuthController.secondFactorForm)
    site.post(SiteURL.loginSecondFactor, use: AuthController.secondFactor)
    site.post(SiteURL.logout, use: AuthController.logout)

    let office = site.grouped(RequireStaffPageMiddleware())
    let officeUploads = sessions.grouped(RequireStaffPageMiddleware(), UploadGate(), CSRFMiddleware(), AuditMiddleware.publication)
    officeUploads.on(.POST, SiteURL.phoneIntake, body: .stream, use: PhoneIntakeController.create)
    officeUploads.on(.POST, SiteURL.staffAction(.key, .key), body: .stream, use: BackOfficeController.action)
    office.get(SiteURL.queue, use: BackOfficeController.queue)
    office.get(SiteURL.staffMap, use: CaseMapPage.page)
    office.get(SiteURL.phoneIntake, use: PhoneIntakeController.form)
    office.post(SiteURL.phoneIntakeLookup, use: PhoneIntakeController.lookup)
    CallController.register(office: office)
    office.get(SiteURL.channelInbox, use: ChannelInboxController.inbox)
    office.post(SiteURL.channelInboxAttach(.key), use: ChannelInboxController.attach)
    office.get(SiteURL.staffRequest(.key), use: BackOfficeController.detail)
    office.get(SiteURL.staffCaseEvents(.key), use: LiveCase.stream)
    office.post(SiteURL.staffTriage(.key), use: BackOfficeController.triage)
    office.get(SiteURL.staffContact(.key), use: BackOfficeController.contact)
    office.post(SiteURL.staffCoHandlerInput(.key), use: BackOfficeController.coHandlerInput)
    office.grouped(AuditMiddleware(action: .publication))
        .post(SiteURL.staffNoteDecision(.key, .key, approve: true), use: BackOfficeController.decideNote)
    office.post(SiteURL.staffReply(.key), use: ReplyController.reply)
    office.post(SiteURL.staffExtension(.key), use: BackOfficeController.requestExtension)
    office.post(SiteURL.staffExtensionDecision(.key), use: BackOfficeController.decideExtension)
    office.get(SiteURL.notifications, use: BackOfficeController.notifications)
    office.get(SiteURL.staffAttachment(.key, .key), use: BackOfficeController.attachment)
    office.get(SiteURL.dashboard, use: DashboardController.dashboard)
    office.get(SiteURL.dashboardExport(.key), use: ExportController.statistics)
    office.get(SiteURL.queueExport(.key), use: ExportController.queue)
    office.get(SiteURL.report, use: ReportController.report)
    office.get(SiteURL.forecast, use: ForecastController.page)
    AnswerTemplateController.register(office)
    KnowledgeController.register(office)
    OfficerController.register(office)
    AccountController.register(office)
    DataSubjectController.register(office)
    AdminController.register(office)
    InteroperabilityAdminController.register(office)
    ChannelAdminController.register(office)

    API.register(app)
    Open311Controller.register(app)
}
