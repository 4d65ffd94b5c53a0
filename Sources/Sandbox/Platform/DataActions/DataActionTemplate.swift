import Foundation

/// Renders the Velocity subset that Genesys Data Action templates use.
///
/// Supported, as Velocity defines them:
/// - `${input.name}` and `$input.name`: the value; left verbatim when the input is missing;
/// - `$!{input.name}` and `$!input.name`: the value, or nothing when missing (quiet reference);
/// - `${credentials.name}`: a credential of the integration;
/// - `$esc.jsonString(ref)`: the value escaped for the inside of a JSON string;
/// - `$esc.url(ref)`: the value percent-encoded for a URL component.
/// Anything else, including a lone `$`, is copied unchanged. Rendering is pure.
public struct DataActionTemplate: Sendable, Equatable {
    /// The template text.
    public var text: String

    /// Creates a template.
    public init(_ text: String) {
        self.text = text
    }

    /// Renders the template.
    /// - Parameters:
    ///   - inputs: Values for `input.*` references.
    ///   - credentials: Values for `credentials.*` references.
    /// - Returns: The rendered text.
    public func render(inputs: [String: String], credentials: [String: String] = [:]) -> String {
        var output = ""
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "$",
                let (rendered, next) = renderDirective(scalars, at: index, inputs: inputs, credentials: credentials)
            {
                output += rendered
                index = next
            } else {
                output.unicodeScalars.append(scalars[index])
                index += 1
            }
        }
        return output
    }

    private enum Escape {
        case none, json, url
    }

    private struct Reference {
        var namespace: String
        var name: String
        var quiet: Bool
        var end: Int
    }

    private func renderDirective(
        _ scalars: [Unicode.Scalar],
        at start: Int,
        inputs: [String: String],
        credentials: [String: String]
    ) -> (String, Int)? {
        for (prefix, escape) in [("$esc.jsonString(", Escape.json), ("$esc.url(", Escape.url)]
        where Self.hasPrefix(scalars, prefix, at: start) {
            let innerStart = start + prefix.unicodeScalars.count
            guard let reference = Self.parseReference(scalars, at: innerStart),
                reference.end < scalars.count, scalars[reference.end] == ")"
            else { return nil }
            let end = reference.end + 1
            guard let value = lookup(reference, inputs: inputs, credentials: credentials) else {
                return (reference.quiet ? "" : Self.string(scalars[start..<end]), end)
            }
            return (Self.escape(value, escape), end)
        }
        guard let reference = Self.parseReference(scalars, at: start) else { return nil }
        guard let value = lookup(reference, inputs: inputs, credentials: credentials) else {
            return (reference.quiet ? "" : Self.string(scalars[start..<reference.end]), reference.end)
        }
        return (value, reference.end)
    }

    private func lookup(_ reference: Reference, inputs: [String: String], credentials: [String: String]) -> String? {
        switch reference.namespace {
        case "input": inputs[reference.name]
        case "credentials": credentials[reference.name]
        default: nil
        }
    }

    /// Parses `${ns.name}`, `$!{ns.name}`, `$ns.name` or `$!ns.name` starting at a `$`.
    private static func parseReference(_ scalars: [Unicode.Scalar], at start: Int) -> Reference? {
        guard start < scalars.count, scalars[start] == "$" else { return nil }
        var index = start + 1
        var quiet = false
        if index < scalars.count, scalars[index] == "!" {
            quiet = true
            index += 1
        }
        let braced = index < scalars.count && scalars[index] == "{"
        if braced { index += 1 }
        let nameStart = index
        while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
        var path = string(scalars[nameStart..<index])
        if !braced {
            // `$input.name.` followed by text: a trailing dot is not part of the reference.
            while path.hasSuffix(".") {
                path.removeLast()
                index -= 1
            }
        }
        guard let dot = path.firstIndex(of: ".") else { return nil }
        let namespace = String(path[..<dot])
        let name = String(path[path.index(after: dot)...])
        guard namespace == "input" || namespace == "credentials", !name.isEmpty else { return nil }
        if braced {
            guard index < scalars.count, scalars[index] == "}" else { return nil }
            index += 1
        }
        return Reference(namespace: namespace, name: name, quiet: quiet, end: index)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": true
        default: false
        }
    }

    private static func hasPrefix(_ scalars: [Unicode.Scalar], _ prefix: String, at start: Int) -> Bool {
        let prefixScalars = Array(prefix.unicodeScalars)
        guard start + prefixScalars.count <= scalars.count else { return false }
        return Array(scalars[start..<start + prefixScalars.count]) == prefixScalars
    }

    private static func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: slice)
        return result
    }

    private static func escape(_ value: String, _ escape: Escape) -> String {
        switch escape {
        case .none: return value
        case .json: return jsonEscaped(value)
        case .url:
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }
    }

    /// Escapes a string for the inside of a JSON string literal (RFC 8259 §7).
    static func jsonEscaped(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
