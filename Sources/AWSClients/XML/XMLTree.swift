import AWSSigning
import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: name, attributes, text and child elements.
///
/// S3 responses are small documents, so they are read into this tree and then mapped to models.
/// Element names are kept as written (S3 uses a default namespace, so they are unprefixed).
struct XMLTree: Sendable, Equatable {
    /// The element's name as written.
    var name: String
    /// The element's attributes.
    var attributes: [String: String]
    /// The concatenated character data directly inside the element.
    var text: String
    /// The child elements, in document order.
    var children: [XMLTree]

    /// The first child named `name`.
    func child(_ name: String) -> XMLTree? {
        children.first { $0.name == name }
    }

    /// All children named `name`, in document order.
    func children(_ name: String) -> [XMLTree] {
        children.filter { $0.name == name }
    }

    /// The text of the first child named `name`, if that child exists.
    func text(_ name: String) -> String? {
        child(name)?.text
    }

    /// Follows a path of child names, e.g. `["Filter", "S3Key"]`.
    func descendant(_ path: [String]) -> XMLTree? {
        var node: XMLTree? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// Parses a complete XML document.
    ///
    /// External entities are never resolved. An empty body, a body that is not UTF-8, a body that
    /// stops before the root element closes, and any other syntax error each throw an
    /// ``AWSClientError`` with a distinct code.
    /// - Parameter bytes: the whole response body.
    /// - Throws: ``AWSClientError`` (`nonUTF8Response`, `truncatedResponse`, `malformedResponse`).
    static func parse(_ bytes: some Collection<UInt8>) throws -> XMLTree {
        let data = Data(bytes)
        guard ValidUTF8.isValid(data) else {
            throw AWSClientError(.nonUTF8Response, "the response body is not valid UTF-8 (\(data.count) bytes)")
        }
        let trimmed = data.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard !trimmed.isEmpty else {
            throw AWSClientError(.malformedResponse, "the response body is empty where an XML document was expected")
        }
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = builder
        let finished = parser.parse()
        let snippet = Self.snippet(data)
        // A document that stops inside its root element (a body cut short) is "truncated";
        // libxml2 reports it as a premature end or as a tag left unfinished at the last byte.
        let endsInsideTag = data.last != UInt8(ascii: ">")
        if builder.isInsideRoot, parser.parserError != nil || !finished {
            let code = (parser.parserError as NSError?)?.code
            // libxml2's XML_ERR_DOCUMENT_END is 5 (swift-corelibs-foundation's ErrorCode enum is
            // off by one for it, so the number is used directly).
            if code == 5 || endsInsideTag {
                throw AWSClientError(
                    .truncatedResponse,
                    "the XML response ended before its root element closed (\(data.count) bytes): \(snippet)"
                )
            }
        }
        if let error = parser.parserError {
            let code = (error as NSError).code
            throw AWSClientError(
                .malformedResponse,
                "the response is not well-formed XML (parser error \(code) at line \(parser.lineNumber), "
                    + "column \(parser.columnNumber)): \(snippet)"
            )
        }
        guard finished, let root = builder.root, !builder.isInsideRoot else {
            throw AWSClientError(.malformedResponse, "the response holds no complete XML element: \(snippet)")
        }
        return root
    }

    /// The first 120 characters of a body, for error messages.
    private static func snippet(_ data: Data) -> String {
        let text = String(decoding: data.prefix(120), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
        return data.count > 120 ? "\"\(text)…\"" : "\"\(text)\""
    }

    /// Builds the tree from XMLParser's callbacks; used on one thread for one parse.
    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLTree] = []
        var root: XMLTree?
        /// Set at the first error: libxml2 may still report element ends afterwards, which must
        /// not make a cut-short document look complete.
        var failed = false

        var isInsideRoot: Bool { !stack.isEmpty }

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            guard !failed else { return }
            stack.append(XMLTree(name: elementName, attributes: attributeDict, text: "", children: []))
        }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            guard !failed, let element = stack.popLast() else { return }
            if stack.isEmpty {
                if root == nil { root = element }
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            failed = true
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !failed, !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
