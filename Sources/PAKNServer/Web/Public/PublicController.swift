import Fluent
import Foundation
import PAKNDomain
import Vapor

/// The public site: submit, look up by tracking code, verify with a second factor, rate, re-open,
/// supply information, browse published answers. Works without scripts.
enum PublicController {
    static func home(_ req: Request) async throws -> Response {
        let recent = try await PublicQueries.published(query: nil, paging: Paging(page: 1, size: 5), on: req.db).items
        return Layout.response(HomePage.render(req, recent: recent))
    }

    /// `/thong-ke`: the public statistics (published, non-restricted data only), recomputed at most hourly.
    static func statistics(_ req: Request) async throws -> Response {
        let report = try await req.application.publicStatisticsCache.report(on: req.db)
        return Layout.response(StatisticsPage.render(req, report: report))
    }

    /// `/ban-do`: the public map by commune (published, non-restricted data only).
    static func map(_ req: Request) async throws -> Response {
        Layout.response(MapPage.render(req, communes: try await PublicMap.communes(on: req.db)))
    }

    // MARK: Submission

    struct SubmissionForm: Content {
        var kind: String?; var title: String?; var content: String?; var serviceCode: String?
        var communeCode: String?; var address: String?; var latitude: String?; var longitude: String?
        var fullName: String?; var phone: String?; var email: String?
        var hideIdentityPublic: String?; var hideIdentityFromAgency: String?; var consent: String?
        /// The single-use id the form page gives each form (`Idempotency`): sending the same form again (a double
        /// click, a reload of the confirmation) answers with the first request's code instead of filing a second one.
        var formID: String?

        var submission: Submission {
            Submission(kind: kind ?? "", title: title ?? "", content: content ?? "", serviceCode: serviceCode,
                       communeCode: communeCode ?? "", address: address ?? "",
                       latitude: latitude.flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) },
                       longitude: longitude.flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) },
                       fullName: fullName ?? "", phone: phone, email: email,
                       hideIdentityPublic: hideIdentityPublic == "on", hideIdentityFromAgency: hideIdentityFromAgency == "on",
                       consent: consent == "on")
        }

        /// Coordinates typed but not numbers are an error, not silently dropped.
        var coordinateErrors: [FieldError] {
            var errors: [FieldError] = []
            if let lat = latitude, !lat.isEmpty, Double(lat.replacingOccurrences(of: ",", with: ".")) == nil { errors.append(FieldError(field: "latitude", message: "Vĩ độ phải là số.")) }
            if let lon = longitude, !lon.isEmpty, Double(lon.replacingOccurrences(of: ",", with: ".")) == nil { errors.append(FieldError(field: "longitude", message: "Kinh độ phải là số.")) }
            return errors
        }
    }

    static func submitForm(_ req: Request) async throws -> Response {
        Layout.response(SubmitPage.render(req, form: SubmissionForm(), errors: [], choices: try await choices(req)))
    }

    /// `POST /gui-phan-anh`: files the form once per form id, then redirects to the confirmation page (303, "redirect
    /// after POST": reloading the confirmation does not send the form again); a form sent again (a double click, the
    /// back button) redirects to the first request's confirmation. A form with errors is shown again (422).
    static func submit(_ req: Request) async throws -> Response {
        let formID = (req.uploadForm?.value("formID") ?? (try? req.content.get(String.self, at: "formID"))).flatMap(UUID.init(uuidString:))
        // The files are cleaned before the transaction that files the form (the tools take seconds; a write
        // transaction must not wait for them), and whatever was not stored is removed after it.
        let prepared = await IntakeService.prepare(req.uploadedFiles, config: req.paknConfiguration, logger: req.logger)
        defer { prepared.discard(config: req.paknConfiguration) }
        let filed = try await Idempotency.once(req, scope: "web-form", key: formID?.uuidString, contentType: .plainText,
                                               sameBodyRequired: false) { db in
            try await file(req, prepared: prepared, on: db)
        }
        // 201 with the tracking code as its body is what `file` answers on success, and what a replay gives back.
        guard filed.status == .created, let digits = filed.body.string, TrackingCode(digits: digits) != nil else { return filed }
        var codes = req.visitor.submitted
        if !codes.contains(digits) { codes.append(digits) }
        req.visitor.submitted = Array(codes.suffix(5))
        return req.redirect(to: SiteURL.submitted(digits).path)
    }

    /// `GET /gui-phan-anh/da-gui?ma=…`: the confirmation of a request this browser filed; any other code goes to the
    /// public look-up.
    static func submitted(_ req: Request) async throws -> Response {
        let digits = (try? req.query.get(String.self, at: "ma")).flatMap { TrackingCode(digits: $0)?.digits } ?? ""
        let mine = req.visitor.submitted.contains(digits)
        guard mine else { return req.redirect(to: digits.isEmpty ? SiteURL.lookup.path : SiteURL.lookupCode(digits).path) }
        return Layout.response(ConfirmationPage.render(req, trackingCode: digits))
    }

    /// Files the submitted form on `db`: 201 with the tracking code (plain text), or the form again with the
    /// errors (422).
    static func file(_ req: Request, prepared: IntakeService.PreparedFiles, on db: any Database) async throws -> Response {
        try await req.enforceRateLimit("submit", limit: req.paknConfiguration.submissionsPerHour, window: 3600)
        let form = try req.formFields(SubmissionForm.self)
        var result = try await IntakeService.submit(
            form.submission, prepared: prepared, channel: .web, acting: .citizen,
            config: req.paknConfiguration, on: db, language: req.language)
        if case .failure(let failure) = result, !form.coordinateErrors.isEmpty { result = .failure(ValidationFailure(form.coordinateErrors + failure.errors)) }
        else if !form.coordinateErrors.isEmpty { result = .failure(ValidationFailure(form.coordinateErrors)) }
        switch result {
        case .success(let record):
            // Not marked as verified: on a shared computer the next person must not see the sender's details.
            return Response(status: .created, body: .init(string: record.trackingCode))
        case .failure(let failure):
            return Layout.response(SubmitPage.render(req, form: form, errors: failure.errors, choices: try await choices(req)), status: .unprocessableEntity)
        }
    }

    // MARK: Look-up

    static func lookup(_ req: Request) async throws -> Response {
        let raw = (try? req.query.get(String.self, at: "ma")) ?? ""
        if raw.isEmpty { return Layout.response(LookupPage.renderForm(req, code: "", error: nil)) }
        guard let code = TrackingCode(parsing: raw) else {
            return Layout.response(LookupPage.renderForm(req, code: raw, error: "Mã tra cứu không đúng. Mã gồm 10 chữ số, ví dụ 123-456-7894; vui lòng kiểm tra lại từng chữ số."), status: .badRequest)
        }
        guard let record = try await PublicQueries.byCode(code, on: req.db) else {
            return Layout.response(LookupPage.renderForm(req, code: code.formatted, error: "Không tìm thấy phản ánh với mã \(code.formatted)."), status: .notFound)
        }
        let details = try await LookupPage.Details.load(record, verified: isVerified(record.trackingCode, on: req), config: req.paknConfiguration, on: req.db)
        return Layout.response(LookupPage.render(req, details: details))
    }

    struct VerifyForm: Content { var factor: String? }

    static func verify(_ req: Request) async throws -> Response {
        try await req.enforceRateLimit("verify", limit: 10, window: 900)
        let record = try await recordFromPath(req)
        let factor = try req.content.decode(VerifyForm.self).factor
        guard SecondFactor.matches(factor, contacts: try await Publication.contacts(of: record, on: req.db)) else {
            let details = try await LookupPage.Details.load(record, verified: false, config: req.paknConfiguration, on: req.db)
            return Layout.response(LookupPage.render(req, details: details, verifyError: "Thông tin xác minh không khớp. Nhập 4 số cuối điện thoại hoặc email đã dùng khi gửi."), status: .forbidden)
        }
        markVerified(record.trackingCode, on: req)
        return req.redirect(to: SiteURL.lookupCode(record.trackingCode).path)
    }

    struct RatingForm: Content { var stars: Int?; var comment: String? }

    static func rate(_ req: Request) async throws -> Response {
        let record = try await verifiedRecord(req)
        let form = try req.content.decode(RatingForm.self)
        try await Ratings.rate(record, stars: form.stars, comment: form.comment, config: req.application.paknConfiguration, on: req.db)
        return req.redirect(to: SiteURL.lookupCode(record.trackingCode).path)
    }

    struct NoteForm: Content { var note: String? }

    static func reopen(_ req: Request) async throws -> Response {
        let record = try await verifiedRecord(req)
        let note = try req.content.decode(NoteForm.self).note
        try await CaseWorkflow.perform(.reopen, requestID: record.requireID(), by: .citizen,
                                       input: ActionInput(note: note, notePublic: false), config: req.paknConfiguration, on: req.db,
                                       liveEvents: req.application)
        return req.redirect(to: SiteURL.lookupCode(record.trackingCode).path)
    }

    static func supply(_ req: Request) async throws -> Response {
        let record = try await verifiedRecord(req)
        let note = try req.content.decode(NoteForm.self).note
        guard let note, !note.allSatisfy(\.isWhitespace) else { throw AppError.invalid("Vui lòng nhập thông tin bổ sung.") }
        try await CaseWorkflow.perform(.supplyInformation, requestID: record.requireID(), by: .citizen,
                                       input: ActionInput(note: note, notePublic: false), config: req.paknConfiguration, on: req.db,
                                       liveEvents: req.application)
        return req.redirect(to: SiteURL.lookupCode(record.trackingCode).path)
    }

    // MARK: Published answers

    static func published(_ req: Request) async throws -> Response {
        let q = (try? req.query.get(String.self, at: "q")) ?? ""
        let paging = try Paging.read(req, page: "trang", defaultSize: PublishedPage.pageSize, maximumSize: PublishedPage.pageSize)
        // Without a search the list pages by keyset; a search keeps numbered pages (its ranking is bounded).
        guard !q.trimmingCharacters(in: .whitespaces).isEmpty else {
            let page = try await PublicQueries.publishedPage(try Keyset.Position.read(req), size: PublishedPage.pageSize, on: req.db)
            let count = try await req.application.publicStatisticsCache.publishedCount(on: req.db)
            return Layout.response(PublishedPage.render(req, page: page, count: count))
        }
        let result = try await PublicQueries.published(query: q, paging: paging, on: req.db)
        return Layout.response(PublishedPage.render(req, query: q, paging: paging, items: result.items, total: result.total))
    }

    /// A public attachment: only answer files marked public, on a published, unrestricted case.
    static func attachment(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self),
              let file = try await PublicQueries.publicAttachment(id, on: req.db) else { throw AppError.notFound() }
        return try await serve(file, config: req.paknConfiguration, on: req.db)
    }

    /// Streams an attachment's bytes from the configured store, 256 KiB at a time (never the whole file in memory),
    /// with its stored type and an ASCII filename. 404 when its bytes are not in the store.
    static func serve(_ file: Attachment, config: AppConfiguration, on db: any Database) async throws -> Response {
        let id = try file.requireID()
        let store = AttachmentStore(config: config, on: db)
        guard let size = try await store.byteCount(of: id) else { throw AppError.notFound("Không tìm thấy tệp đính kèm.") }
        let response = Response(status: .ok, body: .init(managedAsyncStream: { writer in
            try await store.read(id) { try await writer.write(.buffer($0)) }
        }, count: size))
        response.headers.replaceOrAdd(name: .contentType, value: file.contentType)
        let ascii = VietnameseText.withoutDiacritics(file.filename).filter { $0.isASCII && $0 != "\"" && $0 != "\\" }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(ascii)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return response
    }

    // MARK: Helpers

    /// The communes and active fields the submission form offers.
    static func choices(_ req: Request) async throws -> ReferenceQueries.Choices {
        try await ReferenceQueries.choices(province: req.paknConfiguration.provinceCode, on: req.db)
    }

    static func recordFromPath(_ req: Request) async throws -> ServiceRequestRecord {
        guard let code = req.parameters.get("code").flatMap(TrackingCode.init(parsing:)),
              let record = try await PublicQueries.byCode(code, on: req.db) else { throw AppError.notFound() }
        return record
    }

    static func verifiedRecord(_ req: Request) async throws -> ServiceRequestRecord {
        let record = try await recordFromPath(req)
        guard isVerified(record.trackingCode, on: req) else {
            throw AppError.forbidden("Vui lòng xác minh (4 số cuối điện thoại hoặc email) trước khi thực hiện.")
        }
        return record
    }

    /// Whether this browser gave the second factor of `digits` (kept in the visitor's signed cookie).
    static func isVerified(_ digits: String, on req: Request) -> Bool {
        req.visitor.verified.contains(digits)
    }

    static func markVerified(_ digits: String, on req: Request) {
        var codes = req.visitor.verified
        if !codes.contains(digits) { codes.append(digits) }
        req.visitor.verified = Array(codes.suffix(20))
    }
}
