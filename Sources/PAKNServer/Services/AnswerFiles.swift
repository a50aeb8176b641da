import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Answer attachments: checked by content like citizens' files, written before the transaction that links them.
enum AnswerFiles {
    /// Inspects, cleans and stores the agency's answer files (at most `config.maxAttachments`, each at most
    /// `config.maxAttachmentBytes` bytes) in the configured ``AttachmentStore`` (PostgreSQL or disk); returns them for
    /// `ActionInput.attachments`. On any refused file every file stored so far is removed and `AppError` 422 says
    /// which file and why; a storage failure is rethrown after the same removal.
    static func store(_ files: [IntakeService.UploadedFile], config: AppConfiguration, on db: any Database, logger: Logger) async throws -> [ActionInput.StoredFile] {
        let real = files.filter { $0.byteCount > 0 || !$0.filename.isEmpty }
        guard real.count <= config.maxAttachments else { throw AppError.invalid("Tối đa \(config.maxAttachments) tệp đính kèm.") }
        var stored: [ActionInput.StoredFile] = []
        let store = AttachmentStore(config: config, on: db)
        for file in real {
            let name = IntakeService.safeFilename(file.filename)
            switch await UploadInspector.inspect(file, maxBytes: config.maxAttachmentBytes, store: store, logger: logger) {
            case .failure(let failure):
                for file in stored { try? await store.remove(file.id) }
                throw AppError.invalid(failure.message(filename: name))
            case .success(let clean):
                let id = UUID()
                do { try await store.adopt(clean, id: id) } catch {
                    store.discard(clean)
                    for file in stored { try? await store.remove(file.id) }
                    throw error
                }
                stored.append(.init(id: id, filename: name, contentType: clean.kind.rawValue, byteCount: clean.byteCount,
                                    sha256: clean.sha256))
            }
        }
        return stored
    }
}
