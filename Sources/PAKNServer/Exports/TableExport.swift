import CSV
import Foundation
import Vapor
import ZIPFoundation

/// A list as a file to download: CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads the diacritics)
/// or XLSX (Office Open XML SpreadsheetML, ECMA-376; one sheet of text cells) — issue 13, exports.
///
/// CSV quoting is CSV.swift's; the XLSX package is a ZIPFoundation archive of the five parts a spreadsheet needs.
/// In CSV, every cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) is prefixed with an apostrophe (OWASP, "CSV Injection"): titles come from citizens. XLSX cells
/// are inline strings, which a spreadsheet never evaluates, so they are written as they are.
enum TableExport {
    /// A table: its sheet name, column headings and rows of text (each as long as the header).
    struct Table: Sendable {
        let name: String
        let header: [String]
        var rows: [[String]]
    }

    enum Format: String, Sendable, CaseIterable {
        case csv, xlsx

        var contentType: HTTPMediaType {
            switch self {
            case .csv: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            case .xlsx: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            }
        }
    }

    /// `table` in `format`.
    /// - Throws: an error of CSV.swift or ZIPFoundation (out of memory, in practice).
    static func data(_ table: Table, format: Format) throws -> Data {
        switch format {
        case .csv: try csv(table)
        case .xlsx: try xlsx(table)
        }
    }

    /// A download response: `filename` (ASCII, without extension) plus the format's extension, never cached.
    static func response(_ table: Table, format: Format, filename: String) throws -> Response {
        let response = Response(status: .ok, body: .init(data: try data(table, format: format)))
        response.headers.contentType = format.contentType
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).\(format.rawValue)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The cell as a spreadsheet must show it: text that would start a formula gets a leading apostrophe.
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return cell }
        return "'" + cell
    }

    static func csv(_ table: Table) throws -> Data {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: table.header.map(neutralised))
        for row in table.rows { try writer.write(row: row.map(neutralised)) }
        writer.stream.close()
        let body = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Data([0xEF, 0xBB, 0xBF]) + body
    }

    static func xlsx(_ table: Table) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
        let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        try add("[Content_Types].xml", head + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            + "</Types>")
        try add("_rels/.rels", head + "<Relationships xmlns=\"\(relationships)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(officeDocument)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")
        try add("xl/_rels/workbook.xml.rels", head + "<Relationships xmlns=\"\(relationships)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(officeDocument)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>")
        try add("xl/workbook.xml", head + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(officeDocument)\"><sheets>"
            + "<sheet name=\"\(escape(sheetName(table.name)))\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")
        var sheet = head + "<worksheet xmlns=\"\(main)\"><sheetData>"
        for (index, row) in ([table.header] + table.rows).enumerated() {
            sheet += "<row r=\"\(index + 1)\">"
            for (column, cell) in row.enumerated() {
                // Inline strings are text to a spreadsheet, never a formula: written as they are.
                sheet += "<c r=\"\(columnName(column))\(index + 1)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(cell))</t></is></c>"
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        try add("xl/worksheets/sheet1.xml", sheet)
        return archive.data ?? Data()
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
