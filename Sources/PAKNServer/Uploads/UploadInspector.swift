import Foundation
import Logging

/// Checks an uploaded file by its content (never by its name) and removes all its metadata (``MetadataStripper``).
/// Accepted: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), PDF ("%PDF-").
enum UploadInspector {
    enum Kind: String { case jpeg = "image/jpeg", png = "image/png", pdf = "application/pdf"
        var fileExtension: String { switch self { case .jpeg: "jpg"; case .png: "png"; case .pdf: "pdf" } }
    }

    enum Failure: Error, Equatable { case empty, tooLarge(limit: Int), unsupportedType, damaged, notCleaned
        /// Vietnamese message naming the file.
        func message(filename: String) -> String {
            switch self {
            case .empty: "Tệp “\(filename)” rỗng."
            case .tooLarge(let limit): "Tệp “\(filename)” vượt quá \(limit / (1024 * 1024)) MB."
            case .unsupportedType: "Tệp “\(filename)” không phải ảnh JPEG, PNG hoặc tài liệu PDF."
            case .damaged: "Tệp “\(filename)” bị hỏng hoặc được bảo vệ, không đọc được."
            case .notCleaned: "Không xoá được thông tin cá nhân (vị trí, tác giả) khỏi tệp “\(filename)”. Vui lòng thử lại sau."
            }
        }
    }

    /// Checks an uploaded file on disk and leaves its clean copy (every piece of metadata removed by
    /// ``MetadataStripper``) in the attachments directory, to be adopted or discarded. A file the tools cannot
    /// clean (damaged, encrypted, or the tools missing) is refused, never stored as it came.
    static func inspect(_ file: IntakeService.UploadedFile, maxBytes: Int, store: AttachmentStore,
                        logger: Logger? = nil) async -> Result<AttachmentStore.CleanFile, Failure> {
        let kind: Kind
        switch precheck(file, maxBytes: maxBytes) {
        case .failure(let failure): return .failure(failure)
        case .success(let found): kind = found
        }
        do {
            let output = try store.incomingURL()
            try await MetadataStripper.strip(file.location, kind: kind, to: output, logger: logger)
            let (count, sha) = try AttachmentStore.measure(output)
            return .success(.init(url: output, kind: kind, byteCount: count, sha256: sha))
        } catch let failure as MetadataStripper.Failure {
            // A missing tool is the installer's to fix (an error); a file the tools refuse is the sender's (info).
            if isToolMissing(failure) {
                logger?.error("\(failure)")
                return .failure(.notCleaned)
            }
            logger?.info("upload refused: \(failure)")
            return .failure(.damaged)
        } catch {
            logger?.error("metadata stripping failed: \(error)")
            return .failure(.notCleaned)
        }
    }

    /// The cheap checks, without running any tool: not empty, not above `maxBytes`, a type we accept (by content).
    static func precheck(_ file: IntakeService.UploadedFile, maxBytes: Int) -> Result<Kind, Failure> {
        if file.byteCount == 0 { return .failure(.empty) }
        if file.byteCount > maxBytes { return .failure(.tooLarge(limit: maxBytes)) }
        let head = (try? FileHandle(forReadingFrom: file.location)).flatMap { handle in
            defer { try? handle.close() }
            return try? handle.read(upToCount: 8)
        } ?? Data()
        guard let found = kind(of: head) else { return .failure(.unsupportedType) }
        return .success(found)
    }

    /// The same for bytes in memory (a chat attachment downloaded under its cap): the clean bytes.
    static func inspect(_ data: Data, maxBytes: Int, logger: Logger? = nil) async -> Result<(Kind, Data), Failure> {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-inspect-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try data.write(to: input)
        } catch {
            logger?.error("cannot write a temporary file: \(error)")
            return .failure(.notCleaned)
        }
        let store = AttachmentStore(dataDirectory: dir)
        switch await inspect(IntakeService.UploadedFile(filename: "", location: input, byteCount: data.count),
                             maxBytes: maxBytes, store: store, logger: logger) {
        case .failure(let failure): return .failure(failure)
        case .success(let clean):
            guard let bytes = try? Data(contentsOf: clean.url) else { return .failure(.notCleaned) }
            return .success((clean.kind, bytes))
        }
    }

    private static func isToolMissing(_ failure: MetadataStripper.Failure) -> Bool {
        if case .toolMissing = failure { return true }
        return false
    }

    /// The type by the file's first bytes: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), PDF ("%PDF-").
    static func kind(of data: Data) -> Kind? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }
}
