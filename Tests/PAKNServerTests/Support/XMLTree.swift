import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element (Foundation's `XMLParser`), so Open311 responses are checked element by element rather
/// than by comparing strings.
final class XMLTree: @unchecked Sendable {
    let name: String
    var text = ""
    var children: [XMLTree] = []

    init(name: String) { self.name = name }

    /// The child elements named `name`.
    func all(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }
    /// The first child element named `name`.
    subscript(_ name: String) -> XMLTree? { children.first { $0.name == name } }
    /// The names of the child elements, in order.
    var childNames: [String] { children.map(\.name) }

    /// Parses `data`; `nil` when it is not well-formed XML.
    static func parse(_ data: Data) -> XMLTree? {
        let delegate = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse(), let root = delegate.root else { return nil }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLTree?
        var stack: [XMLTree] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let node = XMLTree(name: elementName)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            _ = stack.popLast()
        }
    }
}
