import Foundation
import NIOCore
import Vapor

/// A multipart form read as it arrives (issue 11 item 7): text fields in memory (bounded), each file straight to a
/// temporary file on disk, so an upload never sits in memory whole. Made by ``UploadGate``; handlers read it with
/// ``Request/uploadForm``.
struct StreamedForm: Sendable {
    /// Text fields by name, in order of arrival (a name may repeat: `coHandlerIDs[]`).
    var fields: [(name: String, value: String)] = []
    /// Files in order of arrival; each on disk under ``directory`` until the response is sent.
    var files: [IntakeService.UploadedFile] = []
    /// The request's own temporary directory, removed after the response.
    let directory: URL

    /// Decodes the text fields as a URL-encoded form would be (the field names are the HTML form's). Throws
    /// Vapor's decoding errors.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = fields.map { field in
            "\(field.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\(field.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return try URLEncodedFormDecoder().decode(T.self, from: encoded)
    }

    /// The first value of a field.
    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
}

extension Request {
    private struct StreamedFormKey: StorageKey { typealias Value = StreamedForm }

    /// The multipart form ``UploadGate`` read from this request's body, if it did.
    var uploadForm: StreamedForm? {
        get { storage[StreamedFormKey.self] }
        set { storage[StreamedFormKey.self] = newValue }
    }

    /// The form's fields decoded as `T`: from the streamed multipart form when there is one, else from the body
    /// as Vapor decodes it (url-encoded forms).
    func formFields<T: Decodable>(_ type: T.Type) throws -> T {
        if let form = uploadForm { return try form.decode(T.self) }
        return try content.decode(T.self)
    }

    /// The uploaded files of the form (none for a url-encoded form).
    var uploadedFiles: [IntakeService.UploadedFile] { uploadForm?.files ?? [] }
}

/// Guards the routes that take files (the public form, the operator's intake, an answer with attachments) before
/// any byte of the body is read, then reads it to disk (issue 11 item 7):
///
/// 1. a declared `Content-Length` above what the form may carry (``maximumBody``) is refused with 413;
/// 2. on the public form, a client already at its hourly submission limit is refused with 429;
/// 3. while reading, a file above `PAKN_MAX_ATTACHMENT_BYTES`, more than `maxAttachments + 1` files, or text fields
///    above 1 MiB in all are refused with 413 at once, and reading stops.
///
/// Memory stays bounded by one chunk of the body per request whatever the upload's size. Comes before
/// `CSRFMiddleware`, which then reads the token from the streamed form.
struct UploadGate: AsyncMiddleware {
    /// The rate-limit bucket checked before reading (the public form's `submit`), with its hourly limit.
    var rateLimit: (bucket: String, perHour: Int)?
    /// Most bytes of text fields in one form.
    static let maximumFieldBytes = 1 << 20

    /// The largest body the form may have: every file at the limit, plus the text fields and multipart framing.
    static func maximumBody(_ config: AppConfiguration) -> Int {
        (config.maxAttachments + 1) * config.maxAttachmentBytes + maximumFieldBytes + 64 * 1024
    }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard request.method == .POST, let type = request.headers.contentType, type.type == "multipart",
              type.subType == "form-data", let boundary = type.parameters["boundary"], !boundary.isEmpty else {
            return try await next.respond(to: request)
        }
        let config = request.paknConfiguration
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > Self.maximumBody(config) {
            throw AppError(.payloadTooLarge, "payload_too_large",
                           "Nội dung gửi lên quá lớn (tối đa \(config.maxAttachments) tệp, mỗi tệp \(config.maxAttachmentBytes / (1024 * 1024)) MB).")
        }
        if let rateLimit, await request.application.rateLimiter.count("\(rateLimit.bucket):\(request.clientKey)", window: 3600) >= rateLimit.perHour {
            throw AppError.tooManyRequests
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-upload-\(UUID().uuidString)")
        // Private to the server's user: uploads are personal data until cleaned.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        request.uploadForm = try await MultipartStreamReader(request: request, boundary: boundary, directory: directory,
                                                             maxFileBytes: config.maxAttachmentBytes,
                                                             maxFiles: config.maxAttachments + 1).read()
        return try await next.respond(to: request)
    }
}

/// Feeds the body, chunk by chunk as it arrives, to MultipartKit's parser; writes file parts to disk on the
/// application's thread pool, and waits for each write before taking the next chunk (back-pressure).
private final class MultipartStreamReader: @unchecked Sendable {
    // Touched only from the request's event loop (the drain handler and the parser's callbacks run there).
    private let request: Request
    private let parser: MultipartParser
    private let directory: URL
    private let maxFileBytes: Int
    private let maxFiles: Int
    private var form: StreamedForm
    private var name: String?
    private var filename: String?
    private var text = ByteBuffer()
    private var fieldBytes = 0
    private var handle: FileHandle?
    private var fileBytes = 0
    /// File chunks parsed but not yet written, with the file each belongs to.
    private var pending: [(FileHandle, ByteBuffer)] = []
    /// Files complete once `pending` is written.
    private var finished: [FileHandle] = []
    private var failure: (any Error)?
    private var discarded = 0
    private var discardLimit: Int { 2 * UploadGate.maximumBody(request.paknConfiguration) }
    /// Bytes of body read in all, checked against the form's maximum whatever `Content-Length` said (a chunked
    /// body declares none).
    private var received = 0
    /// Bytes fed to the parser since it last reported something: a header line or a boundary search that goes on
    /// (MultipartKit keeps such bytes and copies them on every chunk) is cut short at ``maximumSilentBytes``.
    private var silent = 0
    static let maximumSilentBytes = 16 * 1024
    /// Most parts in one form (the fields of the largest form and its files, with room to spare).
    static let maximumParts = 100
    private var parts = 0
    /// A part whose headers were read and whose end was not: at the end of the body, the form was cut short.
    private var partOpen = false
    private var settled = false

    init(request: Request, boundary: String, directory: URL, maxFileBytes: Int, maxFiles: Int) {
        self.request = request
        self.parser = MultipartParser(boundary: boundary)
        self.directory = directory
        self.maxFileBytes = maxFileBytes
        self.maxFiles = maxFiles
        self.form = StreamedForm(directory: directory)
        self.done = request.eventLoop.makePromise(of: Void.self)
    }

    /// Completed once, by whichever of the body's end, an error or a failed write comes first.
    private let done: EventLoopPromise<Void>

    private func settle(_ error: (any Error)?) {
        guard !settled else { return }
        settled = true
        if let error { done.fail(error) } else { done.succeed(()) }
    }

    func read() async throws -> StreamedForm {
        parser.onHeader = { [unowned self] field, value in
            silent = 0
            guard field.lowercased() == "content-disposition" else { return }
            parts += 1
            partOpen = true
            if parts > Self.maximumParts {
                fail(AppError(.payloadTooLarge, "payload_too_large", "Biểu mẫu có quá nhiều phần."))
                return
            }
            let parameters = Self.parameters(value)
            name = parameters["name"]
            filename = parameters["filename"]
            if filename != nil { openFile() }
        }
        parser.onBody = { [unowned self] chunk in
            silent = 0
            guard failure == nil else { return }
            if filename != nil {
                fileBytes += chunk.readableBytes
                if fileBytes > maxFileBytes {
                    fail(AppError(.payloadTooLarge, "payload_too_large",
                                  "Tệp “\(IntakeService.safeFilename(filename ?? ""))” vượt quá \(maxFileBytes / (1024 * 1024)) MB."))
                    return
                }
                if let handle { pending.append((handle, chunk)) }
            } else {
                fieldBytes += chunk.readableBytes
                if fieldBytes > UploadGate.maximumFieldBytes {
                    fail(AppError(.payloadTooLarge, "payload_too_large", "Nội dung biểu mẫu quá dài."))
                    return
                }
                text.writeBuffer(&chunk)
            }
        }
        parser.onPartComplete = { [unowned self] in
            silent = 0
            partOpen = false
            guard failure == nil else { return }
            if filename != nil, !form.files.isEmpty {
                form.files[form.files.count - 1].byteCount = fileBytes
            } else if filename == nil, let name {
                form.fields.append((name, String(buffer: text)))
            }
            name = nil; filename = nil; text.clear()
        }
        let malformed = AppError(.badRequest, "bad_request", "Biểu mẫu gửi lên không đúng định dạng.")
        request.body.drain { [self] part in
            switch part {
            case .buffer(let buffer):
                received += buffer.readableBytes
                if failure == nil, received > UploadGate.maximumBody(request.paknConfiguration) {
                    fail(AppError(.payloadTooLarge, "payload_too_large", "Nội dung gửi lên quá lớn."))
                }
                if failure == nil {
                    // Fed in slices, so that a header line that never ends is refused before MultipartKit has kept
                    // (and copied) much of it.
                    var rest = buffer
                    while failure == nil, rest.readableBytes > 0, let slice = rest.readSlice(length: min(4096, rest.readableBytes)) {
                        silent += slice.readableBytes
                        do { try parser.execute(slice) } catch { fail(malformed) }
                        if silent > Self.maximumSilentBytes { fail(malformed) }
                    }
                }
                if let failure {
                    // Refused: the rest is read and thrown away (memory stays flat), so that the client, which is
                    // still sending, gets the answer; past twice the form's maximum the connection is given up.
                    discarded += buffer.readableBytes
                    if discarded > discardLimit {
                        self.settle(failure)
                        return request.eventLoop.makeFailedFuture(failure)
                    }
                    return request.eventLoop.makeSucceededVoidFuture()
                }
                let flushed = flush()
                flushed.whenFailure { self.settle($0) }
                return flushed
            case .error(let error):
                self.settle(failure ?? error)
                return request.eventLoop.makeSucceededVoidFuture()
            case .end:
                // A body that ends inside a part was cut short (a closed connection, a truncated client).
                if failure == nil, partOpen { fail(malformed) }
                let flushed = flush()
                flushed.whenComplete { [self] result in
                    closeFile()
                    if case .failure(let error) = result { self.settle(error) } else { self.settle(failure) }
                }
                return flushed
            }
        }
        do {
            try await done.futureResult.get()
        } catch {
            closeFile()
            throw error
        }
        return form
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        pending.removeAll()
    }

    private func openFile() {
        if let handle { finished.append(handle) }
        handle = nil
        fileBytes = 0
        guard form.files.count < maxFiles else {
            fail(AppError(.payloadTooLarge, "payload_too_large", "Quá nhiều tệp đính kèm."))
            return
        }
        let url = directory.appendingPathComponent("part-\(form.files.count)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let file = try? FileHandle(forWritingTo: url) else {
            fail(AppError(.internalServerError, "upload_unwritable", "Không ghi được tệp tải lên. Vui lòng thử lại sau."))
            return
        }
        handle = file
        form.files.append(IntakeService.UploadedFile(filename: filename ?? "", location: url, byteCount: 0))
    }

    private func closeFile() {
        for file in finished { try? file.close() }
        finished.removeAll()
        try? handle?.close()
        handle = nil
    }

    /// Writes the file chunks parsed so far, off the event loop; the returned future completes when they are on disk.
    private func flush() -> EventLoopFuture<Void> {
        let chunks = pending, done = finished
        pending.removeAll()
        finished.removeAll()
        guard !chunks.isEmpty || !done.isEmpty else { return request.eventLoop.makeSucceededVoidFuture() }
        return request.application.threadPool.runIfActive(eventLoop: request.eventLoop) {
            for (file, chunk) in chunks { try file.write(contentsOf: chunk.readableBytesView) }
            for file in done { try file.close() }
        }
    }

    /// The parameters of a `Content-Disposition: form-data; name="x"; filename="y"` header (RFC 7578 §4.2).
    static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            result[key] = value
        }
        return result
    }
}
