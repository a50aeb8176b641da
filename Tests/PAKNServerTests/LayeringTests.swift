import Foundation
import Testing

/// The layers of the server (issue 10 item 4, docs/architecture.md): the web layer translates HTTP and renders,
/// and everything below it knows nothing of pages. Read from the source tree, so a change that breaks the rule
/// fails here with the file and line.
@Suite("Layers")
struct LayeringTests {
    static let server = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PAKNServer")

    /// Every Swift file under `folder` (relative to Sources/PAKNServer), with its lines.
    static func files(in folder: String? = nil) throws -> [(path: String, lines: [String])] {
        let root = folder.map { server.appendingPathComponent($0) } ?? server
        let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        return try walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map { url in
            (String(url.path.dropFirst(server.path.count + 1)), try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n"))
        }.sorted { $0.path < $1.path }
    }

    /// Code lines only: comments are free to name anything.
    static func code(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return !trimmed.hasPrefix("//")
    }

    @Test("no file of the web layer reads or writes the database itself: it calls a service or a query")
    func webLayerRunsNoQueries() throws {
        let forbidden = [".query(on:", ".find(", ".save(on:", ".create(on:", ".update(on:", ".delete(on:", "writeTransaction",
                         ".transaction {", "SQLDatabase", "sql.raw(", ".allReadable(", ".firstReadable("]
        let web = try Self.files(in: "Web")
        #expect(web.count > 20, "the web layer was found")
        var found: [String] = []
        for file in web {
            for (index, line) in file.lines.enumerated() where Self.code(line) {
                for word in forbidden where line.contains(word) { found.append("\(file.path):\(index + 1): \(word)") }
            }
        }
        #expect(found == [], "\(found.joined(separator: "\n"))")
    }

    @Test("below the web layer nothing names a controller, a page or a web helper")
    func nothingBelowNamesTheWeb() throws {
        // The names the web layer declares at the top level (controllers, pages, layout and form helpers).
        var webNames: Set<String> = []
        for file in try Self.files(in: "Web") {
            for line in file.lines where !(line.first?.isWhitespace ?? true) {
                let words = line.split(separator: " ").map(String.init)
                guard words.count >= 2, ["enum", "struct", "class", "typealias"].contains(words[0]) else { continue }
                webNames.insert(String(words[1].prefix { $0.isLetter || $0.isNumber }))
            }
        }
        #expect(webNames.contains("BackOfficeController") && webNames.contains("Layout"), "\(webNames.sorted())")
        // The site's address book and its error page are shared by design: middleware and Open311 name addresses.
        let shared: Set<String> = ["SiteURL", "ErrorPage"]
        var found: [String] = []
        for file in try Self.files() where !file.path.hasPrefix("Web/") && file.path != "routes.swift" {
            for (index, line) in file.lines.enumerated() where Self.code(line) {
                for name in webNames.subtracting(shared) where line.range(of: "\\b\(name)\\b", options: .regularExpression) != nil {
                    found.append("\(file.path):\(index + 1): \(name)")
                }
            }
        }
        #expect(found == [], "\(found.joined(separator: "\n"))")
    }
}
