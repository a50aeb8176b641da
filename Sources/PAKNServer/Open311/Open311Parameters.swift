import Foundation
import Vapor

/// The parameters of an Open311 call as ordered (name, value) pairs, from the query string and, for a POST, from
/// the body: `application/x-www-form-urlencoded` (GeoReport v2 §"POST Service Request") or `multipart/form-data`
/// (FixMyStreet's client sends multipart when it attaches photos; file parts are not read).
///
/// Parsed by hand rather than with Vapor's form decoder so that the spec's bracketed names keep their meaning:
/// `attribute[CODE]=v` and `attribute[CODE][]=v1&attribute[CODE][]=v2`; repeated names are kept (`media_url`).
struct Open311Parameters: Sendable {
    private(set) var pairs: [(name: String, value: String)]

    init(pairs: [(name: String, value: String)]) { self.pairs = pairs }

    /// The query string's parameters, then the body's.
    /// - Throws: `Open311Error` 400 for a body in another content type or an unreadable multipart body.
    init(_ request: Request) throws {
        var pairs = Self.urlEncoded(request.url.query ?? "")
        if request.method == .POST, let body = request.body.data, body.readableBytes > 0 {
            let type = request.headers.contentType
            if type == nil || type?.type == "application" && type?.subType == "x-www-form-urlencoded" {
                pairs += Self.urlEncoded(String(buffer: body))
            } else if type?.type == "multipart", type?.subType == "form-data", let boundary = type?.parameters["boundary"] {
                pairs += try Self.multipart(body, boundary: boundary)
            } else {
                throw Open311Error.badRequest("Content-Type must be application/x-www-form-urlencoded or multipart/form-data")
            }
        }
        self.pairs = pairs
    }

    /// The first non-empty value of `name`, trimmed ("optional means empty == absent", GeoReport v2).
    subscript(name: String) -> String? {
        pairs.first { $0.name == name && !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }?
            .value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every non-empty value of `name` (repeated parameters, e.g. `media_url`).
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map { $0.value.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// `attribute[CODE]` and `attribute[CODE][]` values by CODE.
    var attributes: [String: [String]] {
        var out: [String: [String]] = [:]
        for (name, value) in pairs where name.hasPrefix("attribute[") {
            var rest = name.dropFirst("attribute[".count)
            guard let close = rest.firstIndex(of: "]") else { continue }
            let code = String(rest[..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.isEmpty || rest == "[]", !code.isEmpty else { continue }
            out[code, default: []].append(value)
        }
        return out
    }

    /// `a=1&b=x+y&c=%C3%A1` → pairs, `+` as space, percent-decoded (an undecodable value is kept as sent).
    static func urlEncoded(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : "")
        }
    }

    /// The text parts of a multipart/form-data body (parts with a filename are skipped).
    static func multipart(_ body: ByteBuffer, boundary: String) throws -> [(name: String, value: String)] {
        final class Collector {
            var pairs: [(String, String)] = []
            var name: String?
            var isFile = false
            var data = ByteBuffer()
        }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            for parameter in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if parameter.hasPrefix("name=") { collector.name = parameter.dropFirst(5).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                if parameter.hasPrefix("filename=") { collector.isFile = true }
            }
        }
        parser.onBody = { buffer in collector.data.writeBuffer(&buffer) }
        parser.onPartComplete = {
            if let name = collector.name, !collector.isFile { collector.pairs.append((name, String(buffer: collector.data))) }
            collector.name = nil; collector.isFile = false; collector.data = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw Open311Error.badRequest("malformed multipart/form-data body")
        }
        return collector.pairs
    }
}
