import Foundation
@testable import PAKNServer
import Testing

/// Every piece of metadata leaves an upload, in every place it can hide (issue 11 item 6). The fixtures carry
/// distinctive markers (all ASCII ones start with `MK-`; `Fixtures/metadata/README.md` lists where each sits); the
/// cleaned bytes are searched raw and, for PDFs, with their streams uncompressed by qpdf, and read back with exiftool.
@Suite("Upload metadata is removed")
struct MetadataTests {
    static func fixture(_ name: String) throws -> Data { try Fixtures.data("metadata/\(name)") }

    /// Runs a Debian tool on `data` (written to a temporary file) and returns its standard output.
    static func tool(_ program: String, _ arguments: [String], on data: Data, suffix: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-meta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("f.\(suffix)")
        try data.write(to: file)
        let arguments = [program] + arguments.map { $0 == "FILE" ? file.path : ($0 == "DIR" ? dir.path : $0) }
        return try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, currentDirectory: dir).outText
    }

    /// Every tag exiftool reads, as "Group:Tag=value" lines, leaving out the file system's own.
    static func tags(_ data: Data, suffix: String) throws -> [String] {
        let json = try tool("exiftool", ["-j", "-a", "-G1", "-b", "FILE"], on: data, suffix: suffix)
        // An empty or failed read must not pass for "no metadata": exiftool always names the file type it read.
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let tags = try #require(array.first)
        #expect(tags["File:FileType"] != nil, "exiftool read nothing")
        return tags.keys.filter { !$0.hasPrefix("System:") && !$0.hasPrefix("ExifTool:") && $0 != "SourceFile" }
            .map { "\($0)=\(tags[$0]!)" }.sorted()
    }

    static func clean(_ data: Data) async throws -> (UploadInspector.Kind, Data) {
        switch await UploadInspector.inspect(data, maxBytes: 10 * 1024 * 1024) {
        case .success(let result): return result
        case .failure(let failure): Issue.record("refused: \(failure)"); throw failure
        }
    }

    static let markersBeyondASCII: [[UInt8]] = [
        Array("MK-".utf8), Array("Nguyễn Văn Bí Mật".utf8), Array("004e0067007500791ec5".utf8), Array("4d4b2d".utf8),
        Array("21,1.665864N".utf8), Array("105,50.049588E".utf8), Array("2019:07:04".utf8), Array("2019-07-04".utf8),
    ]

    static func survivingMarkers(in data: Data) -> [String] {
        let bytes = [UInt8](data)
        return markersBeyondASCII.filter { marker in
            bytes.count >= marker.count && (0...(bytes.count - marker.count)).contains { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }
        }.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("JPEG: EXIF with GPS, both thumbnails, XMP, IPTC, ICC, comment, unknown APPn, the MPF second image and the trailer all go")
    func jpeg() async throws {
        let original = try Self.fixture("jpeg-all-metadata.jpg")
        #expect(!Self.survivingMarkers(in: original).isEmpty)   // the fixture does carry them
        let (kind, clean) = try await Self.clean(original)
        #expect(kind == .jpeg)
        #expect(Self.survivingMarkers(in: clean) == [])
        // One image left: a single start-of-image marker (the fixture has four: main, two thumbnails, MPF image).
        let soi = [UInt8](clean).indices.dropLast(2).filter { clean[$0] == 0xFF && clean[$0 + 1] == 0xD8 && clean[$0 + 2] == 0xFF }
        #expect(soi.count == 1)
        let tags = try Self.tags(clean, suffix: "jpg")
        #expect(tags.filter { $0.contains("GPS") || $0.hasPrefix("IFD") || $0.hasPrefix("XMP") || $0.hasPrefix("IPTC")
            || $0.hasPrefix("MPF") || $0.hasPrefix("Photoshop") || $0.hasPrefix("ICC") || $0.hasPrefix("Comment") } == [])
    }

    @Test("JPEG: the EXIF orientation is applied to the pixels before the tag goes, so the photo is not shown sideways")
    func orientation() async throws {
        let (_, clean) = try await Self.clean(try Self.fixture("jpeg-orientation-6.jpg"))
        let tags = try Self.tags(clean, suffix: "jpg")
        #expect(tags.contains("File:ImageWidth=48"))
        #expect(tags.contains("File:ImageHeight=64"))
        #expect(!tags.contains { $0.contains("Orientation") })
        #expect(Self.survivingMarkers(in: clean) == [])
    }

    @Test("PNG: text, compressed text, international text (XMP), eXIf, tIME and private chunks all go")
    func png() async throws {
        let (kind, clean) = try await Self.clean(try Self.fixture("png-metadata.png"))
        #expect(kind == .png)
        #expect(Self.survivingMarkers(in: clean) == [])
        let tags = try Self.tags(clean, suffix: "png")
        #expect(!tags.contains { $0.contains("MK-") || $0.contains("GPS") || $0.hasPrefix("XMP") || $0.hasPrefix("IFD") })
        // Chunk types present, read from the bytes (PNG spec §5.3: length, type, data, CRC).
        let bytes = [UInt8](clean)
        var types: [String] = []
        var i = 8
        while i + 8 <= bytes.count {
            let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            types.append(String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self))
            i += 12 + length
        }
        #expect(Set(types).isDisjoint(with: ["tEXt", "zTXt", "iTXt", "eXIf", "tIME", "mkTX", "caBX"]))
        #expect(types.first == "IHDR" && types.last == "IEND")
    }

    @Test("PDF: document info, XMP, the earlier revision, the trailer id and the metadata of the embedded photo go; the text stays")
    func pdf() async throws {
        let (kind, clean) = try await Self.clean(try Self.fixture("pdf-metadata.pdf"))
        #expect(kind == .pdf)
        #expect(Self.survivingMarkers(in: clean) == [])
        let uncompressed = try Self.tool("qpdf", ["--qdf", "--stream-data=uncompress", "--object-streams=disable", "FILE", "-"],
                                         on: clean, suffix: "pdf")
        #expect(uncompressed.hasPrefix("%PDF-"))
        #expect(Self.survivingMarkers(in: Data(uncompressed.utf8)) == [])
        #expect(!uncompressed.contains("/Author") && !uncompressed.contains("/Metadata"))
        let tags = try Self.tags(clean, suffix: "pdf")
        #expect(!tags.contains { $0.hasPrefix("XMP") || $0.contains("Author") || $0.contains("Creator") || $0.contains("Producer") })
        let text = try Self.tool("pdftotext", ["FILE", "-"], on: clean, suffix: "pdf")
        #expect(text.contains("VISIBLE-BODY-TEXT"))
        #expect(text.contains("Đường Láng bị ngập sau mưa lớn."))
        // The photo inside is still there, and carries nothing: extracted, then read by exiftool.
        let images = try Self.tool("pdfimages", ["-list", "FILE"], on: clean, suffix: "pdf")
        #expect(images.split(separator: "\n").count >= 3)   // two header lines, then one line per image
        let listing = try Self.tool("sh", ["-c", "pdfimages -all FILE DIR/img && exiftool -a -G1 -s DIR/img-*"], on: clean, suffix: "pdf")
        #expect(!listing.contains("GPS") && !listing.contains("MK-"))
    }

    @Test("a file the tools cannot read is refused, not stored as it came")
    func damaged() async throws {
        let jpeg = try Self.fixture("jpeg-all-metadata.jpg")
        let cutInHeader = jpeg.prefix(40)
        #expect(await UploadInspector.inspect(Data(cutInHeader), maxBytes: 1 << 20).failureValue == .damaged)
        let fakePDF = Data("%PDF-1.7\nthis is not a PDF at all\n".utf8)
        #expect(await UploadInspector.inspect(fakePDF, maxBytes: 1 << 20).failureValue == .damaged)
        #expect(await UploadInspector.inspect(Data("GIF89a".utf8), maxBytes: 1 << 20).failureValue == .unsupportedType)
        #expect(MetadataStripper.missingTools() == [])
        #expect(MetadataStripper.missingTools(environment: ["PATH": "/nonexistent"]) == MetadataStripper.tools)
    }
}

extension Result {
    var failureValue: Failure? { if case .failure(let f) = self { f } else { nil } }
}
