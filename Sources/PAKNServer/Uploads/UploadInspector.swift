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

    /// The detected type and the bytes to store: every piece of metadata removed by ``MetadataStripper``. A file the
    /// tools cannot clean (damaged, encrypted, or the tools missing) is refused, never stored as it came.
    static func inspect(_ data: Data, maxBytes: Int, logger: Logger? = nil) async -> Result<(Kind, Data), Failure> {
        if data.isEmpty { return .failure(.empty) }
        if data.count > maxBytes { return .failure(.tooLarge(limit: maxBytes)) }
        guard let kind = kind(of: data) else { return .failure(.unsupportedType) }
        do {
            return .success((kind, try await MetadataStripper.strip(data, kind: kind, logger: logger)))
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
