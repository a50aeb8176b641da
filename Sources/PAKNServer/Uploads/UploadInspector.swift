import Foundation

/// Checks an uploaded file by its content (never by its name) and removes metadata from photos.
/// Accepted: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), PDF ("%PDF-").
enum UploadInspector {
    enum Kind: String { case jpeg = "image/jpeg", png = "image/png", pdf = "application/pdf"
        var fileExtension: String { switch self { case .jpeg: "jpg"; case .png: "png"; case .pdf: "pdf" } }
    }

    enum Failure: Error, Equatable { case empty, tooLarge(limit: Int), unsupportedType, damaged
        /// Vietnamese message naming the file.
        func message(filename: String) -> String {
            switch self {
            case .empty: "Tệp “\(filename)” rỗng."
            case .tooLarge(let limit): "Tệp “\(filename)” vượt quá \(limit / (1024 * 1024)) MB."
            case .unsupportedType: "Tệp “\(filename)” không phải ảnh JPEG, PNG hoặc tài liệu PDF."
            case .damaged: "Tệp “\(filename)” bị hỏng, không đọc được."
            }
        }
    }

    /// The detected type and the bytes to store (photos without EXIF/XMP/text metadata, GPS included).
    static func inspect(_ data: Data, maxBytes: Int) -> Result<(Kind, Data), Failure> {
        if data.isEmpty { return .failure(.empty) }
        if data.count > maxBytes { return .failure(.tooLarge(limit: maxBytes)) }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            guard let clean = JPEGMetadata.strip(bytes) else { return .failure(.damaged) }
            return .success((.jpeg, Data(clean)))
        }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard let clean = PNGMetadata.strip(bytes) else { return .failure(.damaged) }
            return .success((.png, Data(clean)))
        }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .success((.pdf, data)) }
        return .failure(.unsupportedType)
    }
}

/// Removes APP1 (Exif, XMP), APP12, APP13 (IPTC/Photoshop) and COM segments from a JPEG (ITU T.81 §B.1.1.4,
/// Exif 2.32 §4.5.4). Image data after SOS is copied unchanged. Returns nil for a malformed file.
enum JPEGMetadata {
    static func strip(_ b: [UInt8]) -> [UInt8]? {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var out: [UInt8] = [0xFF, 0xD8]
        var i = 2
        while i + 1 < b.count {
            guard b[i] == 0xFF else { return nil }
            var marker = b[i + 1]
            while marker == 0xFF, i + 2 < b.count { i += 1; marker = b[i + 1] }  // fill bytes
            if marker == 0xD9 { out += [0xFF, 0xD9]; return out }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { out += [0xFF, marker]; i += 2; continue }
            guard i + 3 < b.count else { return nil }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2, i + 2 + length <= b.count else { return nil }
            let segmentEnd = i + 2 + length
            if marker == 0xDA {  // start of scan: the rest is entropy-coded data
                out += b[i...]
                return out
            }
            let isMetadata = marker == 0xE1 || marker == 0xEC || marker == 0xED || marker == 0xFE
            if !isMetadata { out += b[i..<segmentEnd] }
            i = segmentEnd
        }
        return nil
    }
}

/// Removes ancillary text, time and Exif chunks (tEXt, zTXt, iTXt, tIME, eXIf) from a PNG (PNG spec, 3rd ed., §11.3).
enum PNGMetadata {
    static let dropped: Set<String> = ["tEXt", "zTXt", "iTXt", "tIME", "eXIf"]

    static func strip(_ b: [UInt8]) -> [UInt8]? {
        guard b.count >= 8 else { return nil }
        var out = Array(b[0..<8])
        var i = 8
        while i + 12 <= b.count {
            let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 0, i + 12 + length <= b.count else { return nil }
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            let end = i + 12 + length
            if !dropped.contains(type) { out += b[i..<end] }
            i = end
            if type == "IEND" { return out }
        }
        return nil
    }
}
