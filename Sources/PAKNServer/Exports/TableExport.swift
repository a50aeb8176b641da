import CSV
import Foundation
import PAKNDomain
import Vapor
import ZIPFoundation

/// A list as a file to download: CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads the diacritics)
/// or XLSX (Office Open XML SpreadsheetML, ECMA-376 Part 1: one sheet, typed cells, a bold header row, column
/// widths) — issue 13, exports.
///
/// Rows are written batch by batch to a file in a temporary folder (``Writer``), and the finished file is streamed
/// to the client and then deleted: a download of a million rows holds one batch in memory, never the file. The
/// XLSX sheet is written as a file too and deflated into the package from disk by ZIPFoundation.
///
/// CSV quoting is CSV.swift's. In CSV, every text cell that a spreadsheet would read as a formula (it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with an apostrophe (OWASP, "CSV Injection"): titles
/// come from citizens. XLSX text cells are inline strings, which a spreadsheet never evaluates, so they are
/// written as they are; numbers and dates are typed cells (dates as serial days in Asia/Ho_Chi_Minh, shown
/// `dd/mm/yyyy hh:mm`).
enum TableExport {
    enum Format: String, Sendable, CaseIterable {
        case csv, xlsx

        var contentType: HTTPMediaType {
            switch self {
            case .csv: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            case .xlsx: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            }
        }
    }

    /// A column: its heading and its width in characters (XLSX `<col width>`; CSV has none).
    struct Column: Sendable {
        let name: String
        var width: Double = 16
    }

    /// One cell, typed: a spreadsheet sums numbers and sorts dates.
    enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        /// A decimal (working days, rates); CSV writes it with a decimal comma, as Vietnamese Excel reads it.
        case number(Double)
        /// An instant, shown in Asia/Ho_Chi_Minh.
        case date(Date)
        case empty
    }

    /// A small table built in memory (the statistics tables).
    struct Table: Sendable {
        let name: String
        let columns: [Column]
        var rows: [[Cell]]
    }

    /// The most rows one XLSX sheet holds besides its header (ECMA-376: 1,048,576 rows); downloads stop there and
    /// say so in their last row.
    static let maximumRows = 1_048_575 - 1

    /// Writes a table to a file in a temporary folder of its own, batch by batch.
    ///
    /// `write(_:)` the rows, then `finish()` for the file, or `discard()` on an error (both remove nothing twice).
    /// - Throws: file-system errors (disk full), CSV.swift's and ZIPFoundation's errors.
    final class Writer {
        let format: Format
        let folder: URL
        private let columns: [Column]
        private let name: String
        private var csv: CSVWriter?
        private var sheet: FileHandle?
        private(set) var rowCount = 0
        /// The sheet's next row number (1-based; the header is row 1).
        private var nextRow = 1

        init(format: Format, name: String, columns: [Column]) throws {
            self.format = format
            self.columns = columns
            self.name = name
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-export-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            do { try start() } catch { discard(); throw error }
        }

        /// Opens the file and writes its header.
        private func start() throws {
            switch format {
            case .csv:
                guard let stream = OutputStream(toFileAtPath: folder.appendingPathComponent("table.csv").path, append: false) else {
                    throw AppError(.internalServerError, "internal_error", "Không tạo được tệp tải về.")
                }
                stream.open()
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                _ = stream.write(bom, maxLength: bom.count)
                csv = try CSVWriter(stream: stream)
                try csv!.write(row: columns.map { neutralised($0.name) })
            case .xlsx:
                let path = folder.appendingPathComponent("xl/worksheets/sheet1.xml")
                try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: path.path, contents: nil)
                sheet = try FileHandle(forWritingTo: path)
                var head = Self.xmlHead + "<worksheet xmlns=\"\(Self.main)\"><cols>"
                for (index, column) in columns.enumerated() {
                    head += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(column.width)\" customWidth=\"1\"/>"
                }
                head += "</cols><sheetData>"
                try sheet!.write(contentsOf: Data(head.utf8))
                try sheet!.write(contentsOf: Data(sheetRow(columns.map { .text($0.name) }, style: 2).utf8))
            }
        }

        /// Appends `rows` (each as long as the columns).
        func write(_ rows: [[Cell]]) throws {
            switch format {
            case .csv:
                for row in rows {
                    try csv!.write(row: row.map { cell in
                        switch cell {
                        case .text(let text): neutralised(text)
                        case .integer(let n): String(n)
                        case .number(let x): VietnameseText.decimal(x)
                        case .date(let date): VietnamTime.dateTimeText(date)
                        case .empty: ""
                        }
                    })
                }
            case .xlsx:
                // One write per batch: a million rows are a thousand writes, not a million.
                try sheet!.write(contentsOf: Data(rows.map { sheetRow($0, style: nil) }.joined().utf8))
            }
            rowCount += rows.count
        }

        /// The finished file (in `folder`).
        func finish() throws -> URL {
            switch format {
            case .csv:
                csv!.stream.close()
                return folder.appendingPathComponent("table.csv")
            case .xlsx:
                try sheet!.write(contentsOf: Data("</sheetData></worksheet>".utf8))
                try sheet!.close()
                return try package()
            }
        }

        /// Removes the temporary folder.
        func discard() { try? FileManager.default.removeItem(at: folder) }

        /// The next row of the sheet; `style` for all its cells but dates (2: bold, the header).
        private func sheetRow(_ cells: [Cell], style: Int?) -> String {
            let number = nextRow
            nextRow += 1
            var xml = "<row r=\"\(number)\">"
            for (column, cell) in cells.enumerated() {
                let reference = "\(columnName(column))\(number)"
                let styleAttribute = style.map { " s=\"\($0)\"" } ?? ""
                switch cell {
                case .text(let text):
                    xml += "<c r=\"\(reference)\" t=\"inlineStr\"\(styleAttribute)><is><t xml:space=\"preserve\">\(escape(text))</t></is></c>"
                case .integer(let n):
                    xml += "<c r=\"\(reference)\"\(styleAttribute)><v>\(n)</v></c>"
                case .number(let x):
                    xml += x.isFinite ? "<c r=\"\(reference)\"\(styleAttribute)><v>\(x)</v></c>" : ""
                case .date(let date):
                    xml += "<c r=\"\(reference)\" s=\"1\"><v>\(TableExport.serialDay(date))</v></c>"
                case .empty:
                    continue
                }
            }
            return xml + "</row>"
        }

        /// The package: the sheet from disk plus the small parts, deflated into `table.xlsx`.
        private func package() throws -> URL {
            let url = folder.appendingPathComponent("table.xlsx")
            let archive = try Archive(url: url, accessMode: .create)
            func add(_ path: String, _ text: String) throws {
                let bytes = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
            let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            let spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"
            try add("[Content_Types].xml", Self.xmlHead + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
                + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
                + #"<Default Extension="xml" ContentType="application/xml"/>"#
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(spreadsheet).sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"\(spreadsheet).worksheet+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(spreadsheet).styles+xml\"/>"
                + "</Types>")
            try add("_rels/.rels", Self.xmlHead + "<Relationships xmlns=\"\(relationships)\">"
                + "<Relationship Id=\"rId1\" Type=\"\(officeDocument)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")
            try add("xl/_rels/workbook.xml.rels", Self.xmlHead + "<Relationships xmlns=\"\(relationships)\">"
                + "<Relationship Id=\"rId1\" Type=\"\(officeDocument)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + "<Relationship Id=\"rId2\" Type=\"\(officeDocument)/styles\" Target=\"styles.xml\"/></Relationships>")
            try add("xl/workbook.xml", Self.xmlHead + "<workbook xmlns=\"\(Self.main)\" xmlns:r=\"\(officeDocument)\"><sheets>"
                + "<sheet name=\"\(escape(sheetName(name)))\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")
            // Styles (ECMA-376 Part 1 §18.8): 0 plain, 1 a date-time (custom format 164), 2 bold (the header).
            // A fills list must start with the two reserved fills "none" and "gray125".
            try add("xl/styles.xml", Self.xmlHead + "<styleSheet xmlns=\"\(Self.main)\">"
                + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy hh:mm\"/></numFmts>"
                + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
                + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
                + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>")
            // The sheet, deflated from disk in chunks.
            try archive.addEntry(with: "xl/worksheets/sheet1.xml", relativeTo: folder, compressionMethod: .deflate)
            return url
        }

        static let xmlHead = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    }

    /// `table` in `format`, in memory (tests and small tables).
    /// - Throws: as ``Writer``.
    static func data(_ table: Table, format: Format) throws -> Data {
        let writer = try Writer(format: format, name: table.name, columns: table.columns)
        defer { writer.discard() }
        try writer.write(table.rows)
        return try Data(contentsOf: try writer.finish())
    }

    /// The download of `writer`'s finished file: `filename` (ASCII, without extension) plus the format's extension,
    /// never cached. The file is opened and its folder removed at once (the open file lives until it is read out):
    /// nothing is left behind, whether the body is sent, refused by a HEAD request or cut by the client.
    /// - Throws: as ``Writer/finish()``; the folder is removed then too.
    static func response(_ req: Request, _ writer: Writer, filename: String) async throws -> Response {
        let handle: FileHandle, size: UInt64
        do {
            let file = try writer.finish()
            handle = try FileHandle(forReadingFrom: file)
            size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
        } catch {
            writer.discard()
            throw error
        }
        writer.discard()
        let file = SendableFile(handle: handle)
        let response = Response(status: .ok, body: .init(managedAsyncStream: { stream in
            defer { try? file.handle.close() }
            while let chunk = try file.handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
                try await stream.write(.buffer(ByteBuffer(data: chunk)))
            }
        }, count: Int(size)))
        response.headers.contentType = writer.format.contentType
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).\(writer.format.rawValue)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// A file handle read by one stream at a time (the response's body), handed across tasks.
    private struct SendableFile: @unchecked Sendable { let handle: FileHandle }

    /// Removes what an interrupted process left in the temporary folder (exports older than an hour).
    static func removeStaleFolders(now: Date = Date()) {
        let temporary = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where name.hasPrefix("pakn-export-") {
            let url = temporary.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? now
            if now.timeIntervalSince(modified) > 3600 { try? FileManager.default.removeItem(at: url) }
        }
    }

    /// A small table's download.
    static func response(_ req: Request, _ table: Table, format: Format, filename: String) async throws -> Response {
        let writer = try Writer(format: format, name: table.name, columns: table.columns)
        do { try writer.write(table.rows) } catch { writer.discard(); throw error }
        return try await response(req, writer, filename: filename)
    }

    /// The cell as a spreadsheet must show it: text that would start a formula gets a leading apostrophe.
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return cell }
        return "'" + cell
    }

    /// A spreadsheet's serial day of `date` in Asia/Ho_Chi_Minh (UTC+7, no daylight saving): days since
    /// 1899-12-30 00:00 local, with the time of day as the fraction (ECMA-376 Part 1 §18.17.4.1, the 1900 date
    /// system as Excel counts it).
    static func serialDay(_ date: Date) -> Double {
        // 1899-12-30T00:00:00Z is -2,209,161,600 s from 1970; local time is 7 h ahead.
        (date.timeIntervalSince1970 + 7 * 3600 + 2_209_161_600) / 86_400
    }

    /// "A" … "Z", "AA" … for the 0-based `index`.
    static func columnName(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A sheet name as Excel accepts it: at most 31 characters, none of `[ ] : * ? / \`.
    static func sheetName(_ name: String) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    private static func escape(_ text: String) -> String { Open311Document.escape(text) }
}
