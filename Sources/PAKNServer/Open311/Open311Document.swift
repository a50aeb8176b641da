import Foundation
import PAKNDomain
import Vapor

/// The two formats of Open311 GeoReport v2, chosen by the resource's suffix (`services.xml`, `services.json`;
/// GeoReport v2 §"Response formats": XML is mandatory, JSON optional; no Accept-header negotiation).
enum Open311Format: String, Sendable, CaseIterable {
    case xml, json

    /// `text/xml; charset=utf-8` or `application/json; charset=utf-8`.
    var contentType: String {
        switch self {
        case .xml: "text/xml; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        }
    }

    /// The MIME type as listed in discovery's `formats` (`text/xml`, `application/json`).
    var mimeType: String {
        switch self {
        case .xml: "text/xml"
        case .json: "application/json"
        }
    }

    /// Splits `"033.json"` into `("033", .json)`; `nil` without a known suffix.
    static func split(_ file: String) -> (name: String, format: Open311Format)? {
        guard let dot = file.lastIndex(of: "."), let format = Open311Format(rawValue: String(file[file.index(after: dot)...]).lowercased()) else {
            return nil
        }
        return (String(file[..<dot]), format)
    }

    /// The format a path asks for: its suffix, XML when there is none (errors of unknown paths are XML, the
    /// mandatory format).
    static func of(path: String) -> Open311Format {
        path.lowercased().hasSuffix(".json") ? .json : .xml
    }
}

/// One Open311 document as a tree, written once and rendered in either format by the spec's mechanical XML-to-JSON
/// mapping (`JSON_and_XML_Conversion.md`, the Spark convention): a list element becomes a bare JSON array of its
/// items, an element with children an object, a leaf a string, number, boolean or `null`.
indirect enum Open311Node: Sendable {
    /// A string; `nil` is an empty element in XML and `null` in JSON.
    case text(String?)
    /// A number (JSON number; XML text); `nil` as for `text`.
    case number(Double?)
    /// An integer (JSON number; XML text).
    case integer(Int)
    /// `true` / `false` in both formats.
    case bool(Bool)
    /// An element with named children, in order.
    case object([(String, Open311Node)])
    /// An element whose children are all named `item`; a bare array in JSON.
    case list(item: String, [Open311Node])

    /// A W3C datetime in Vietnam time (`+07:00`, whole seconds), or an empty element.
    static func datetime(_ date: Date?) -> Open311Node { .text(date.map(W3CDateTime.format)) }
}

/// A whole response: the root element's name and its content.
struct Open311Document: Sendable {
    let root: String
    let body: Open311Node

    /// `<?xml version="1.0" encoding="utf-8"?>` and the tree, no namespace, no indentation.
    func xml() -> String {
        var out = #"<?xml version="1.0" encoding="utf-8"?>"#
        Self.writeXML(name: root, node: body, into: &out)
        return out
    }

    /// The JSON mapping of the tree (the root element itself disappears, as in the spec's examples).
    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(JSONValue(body))) ?? Data("null".utf8)
    }

    /// The response in `format`, with `status` and the spec's content type.
    func response(_ format: Open311Format, status: HTTPResponseStatus = .ok) -> Response {
        let response: Response
        switch format {
        case .xml: response = Response(status: status, body: .init(string: xml()))
        case .json: response = Response(status: status, body: .init(data: json()))
        }
        response.headers.replaceOrAdd(name: .contentType, value: format.contentType)
        return response
    }

    private static func writeXML(name: String, node: Open311Node, into out: inout String) {
        switch node {
        case .text(let value):
            out += "<\(name)>\(escape(value ?? ""))</\(name)>"
        case .number(let value):
            out += "<\(name)>\(value.map(Self.number) ?? "")</\(name)>"
        case .integer(let value):
            out += "<\(name)>\(value)</\(name)>"
        case .bool(let value):
            out += "<\(name)>\(value)</\(name)>"
        case .object(let children):
            out += "<\(name)>"
            for (childName, child) in children { writeXML(name: childName, node: child, into: &out) }
            out += "</\(name)>"
        case .list(let item, let items):
            out += "<\(name)>"
            for child in items { writeXML(name: item, node: child, into: &out) }
            out += "</\(name)>"
        }
    }

    /// A number without exponent or trailing ".0" (13.7829, 108, -0.5).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Escapes the five XML specials and drops characters XML 1.0 cannot carry (controls other than tab, LF, CR).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The JSON side of `Open311Node`.
private struct JSONValue: Encodable {
    let node: Open311Node
    init(_ node: Open311Node) { self.node = node }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch node {
        case .text(let value):
            var c = encoder.singleValueContainer()
            if let value { try c.encode(value) } else { try c.encodeNil() }
        case .number(let value):
            var c = encoder.singleValueContainer()
            if let value { try c.encode(value) } else { try c.encodeNil() }
        case .integer(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .bool(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .object(let children):
            var c = encoder.container(keyedBy: Key.self)
            for (name, child) in children { try c.encode(JSONValue(child), forKey: Key(name)) }
        case .list(_, let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(JSONValue(item)) }
        }
    }
}
