import CSV
import Foundation
#if canImport(FoundationXML)
import FoundationXML  // XMLParser on Linux (libxml2)
#endif
import ZIPFoundation

/// The rows of an exported sheet as text (issue 15 item 11): CSV (UTF-8, with or without a byte-order mark; comma
/// or semicolon, as Vietnamese Excel writes it) through CSV.swift, or the first worksheet of an XLSX package
/// (shared or inline strings, numbers as written: a date cell stays its serial day, which `ArchiveDate` reads)
/// through ZIPFoundation and Foundation's XML parser.
enum ArchiveSheet {
    /// The largest file read (bytes) and the largest sheet part unpacked from an XLSX.
    static let maximumBytes = 200 * 1024 * 1024

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// All rows of `file`, the header first. Throws ``Failure`` (Vietnamese) for a file that is too large, of
    /// another kind, or broken.
    static func rows(of file: URL) throws -> [[String]] {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? nil
        guard let size else { throw Failure(description: "Không đọc được tệp \(file.path).") }
        guard size <= maximumBytes else { throw Failure(description: "Tệp lớn hơn \(maximumBytes / 1024 / 1024) MB.") }
        let head = try FileHandle(forReadingFrom: file).read(upToCount: 4) ?? Data()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try xlsxRows(file) }
        return try csvRows(file)
    }

    static func csvRows(_ file: URL) throws -> [[String]] {
        guard var text = try? String(contentsOf: file, encoding: .utf8) else {
            throw Failure(description: "Tệp CSV phải là UTF-8.")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let firstLine = text.prefix { $0 != "\n" }
        let delimiter: UnicodeScalar = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false, delimiter: delimiter)
            var rows: [[String]] = []
            while let row = reader.next() { rows.append(row) }
            return rows.map { $0.map(unescapeFormula) }
        } catch {
            throw Failure(description: "Tệp CSV hỏng: \(error).")
        }
    }

    /// A cell our own export protected against spreadsheet formulas ("'=…"): the apostrophe taken off.
    static func unescapeFormula(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let next = cell.dropFirst().first, "=+-@\t\r".contains(next) else { return cell }
        return String(cell.dropFirst())
    }

    static func xlsxRows(_ file: URL) throws -> [[String]] {
        let zip: Archive
        do { zip = try Archive(url: file, accessMode: .read) } catch { throw Failure(description: "Tệp XLSX hỏng.") }
        func part(_ path: String) throws -> Data? {
            guard let entry = zip[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(maximumBytes) else { throw Failure(description: "Trang tính quá lớn.") }
            var data = Data()
            _ = try zip.extract(entry) { data.append($0) }
            return data
        }
        let shared = try part("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        guard let sheet = try part("xl/worksheets/sheet1.xml") else { throw Failure(description: "Tệp XLSX không có trang tính.") }
        return try SheetRows.parse(sheet, shared: shared)
    }

    /// `xl/sharedStrings.xml`: each `<si>`'s text (its `<t>` runs joined).
    final class SharedStrings: NSObject, XMLParserDelegate {
        var strings: [String] = []
        var current = "", inText = false

        static func parse(_ data: Data) throws -> [String] {
            let delegate = SharedStrings()
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            guard parser.parse() else { throw Failure(description: "Tệp XLSX hỏng (sharedStrings).") }
            return delegate.strings
        }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "si" { current = "" } else if name == "t" { inText = true }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "t" { inText = false } else if name == "si" { strings.append(current) }
        }
    }

    /// A worksheet's rows: each `<c>` at its column (`r="C7"`), text from shared strings (`t="s"`), inline strings
    /// (`t="inlineStr"`) or the value as written.
    final class SheetRows: NSObject, XMLParserDelegate {
        let shared: [String]
        var rows: [[String]] = []
        var row: [String] = []
        var column = 0, type = "", text = "", collecting = false

        init(shared: [String]) { self.shared = shared }

        static func parse(_ data: Data, shared: [String]) throws -> [[String]] {
            let delegate = SheetRows(shared: shared)
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            guard parser.parse() else { throw Failure(description: "Tệp XLSX hỏng (trang tính).") }
            return delegate.rows
        }

        /// `"C7"` → 2 (columns from 0).
        static func columnIndex(_ reference: String) -> Int {
            var index = 0
            for scalar in reference.unicodeScalars {
                guard (65...90).contains(scalar.value) else { break }
                index = index * 26 + Int(scalar.value - 64)
            }
            return max(index - 1, 0)
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "row": row = []
            case "c":
                column = attributes["r"].map(Self.columnIndex) ?? row.count
                type = attributes["t"] ?? ""
                text = ""
            case "v", "t": collecting = true
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { text += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t": collecting = false
            case "c":
                let value = type == "s" ? (Int(text).flatMap { $0 < shared.count ? shared[$0] : nil } ?? "") : text
                // Columns stop at XFD (16,384); a cell beyond is no column of ours.
                guard column < 16_384 else { return }
                while row.count < column { row.append("") }
                if row.count == column { row.append(value) } else { row[column] = value }
            case "row": rows.append(row)
            default: break
            }
        }
    }
}
