import Foundation

/// A test-side renderer for the Velocity Genesys Data Action templates use, written from the
/// Velocity and Genesys documentation independently of any production code: `${input.x}`,
/// `${credentials.x}`, `${x}` (a translation-map value in a success template) and
/// `$esc.jsonString(${input.x})` (Velocity's EscapeTool, which escapes as JSON: quotes,
/// backslashes, `/` and control characters). Any other `$` is an error, so a typo in a template
/// fails the test instead of being copied through.
enum VelocitySubset {
    struct Unsupported: Error, CustomStringConvertible {
        var fragment: String
        var description: String { "unsupported or unresolved Velocity at: \(fragment)" }
    }

    /// A reference found in a template: `input.conversationId` is ("input", "conversationId");
    /// a bare `${decision}` is ("", "decision").
    struct Reference: Hashable {
        var namespace: String
        var name: String
    }

    private typealias Match = (Substring, ns1: Substring?, n1: Substring?, a: Substring?, b: Substring?)

    /// Built per use: a `Regex` is not `Sendable`, so it cannot be a stored static.
    private static var pattern: Regex<Match> {
        #/
        \$esc\.jsonString\( \$\{ (?<ns1>[A-Za-z]+) \. (?<n1>[A-Za-z0-9_-]+) \} \)
        | \$\{ (?<a>[A-Za-z0-9_-]+) (?: \. (?<b>[A-Za-z0-9_-]+) )? \}
        /#
    }

    /// Every reference in a template.
    static func references(in template: String) -> [Reference] {
        template.matches(of: pattern).map { reference(of: $0.output).reference }
    }

    /// The reference a match names, and whether it is wrapped in `$esc.jsonString(…)`.
    private static func reference(of output: Match) -> (reference: Reference, escaped: Bool) {
        if let namespace = output.ns1, let name = output.n1 {
            return (Reference(namespace: String(namespace), name: String(name)), true)
        }
        let first = String(output.a ?? "")
        if let name = output.b {
            return (Reference(namespace: first, name: String(name)), false)
        }
        return (Reference(namespace: "", name: first), false)
    }

    /// Renders a template.
    /// - Parameters:
    ///   - values: values by namespace then name (`""` for bare success-template variables).
    /// - Throws: ``Unsupported`` for a `$` that is not one of the supported forms or a missing value.
    static func render(_ template: String, values: [String: [String: String]]) throws -> String {
        var output = ""
        var rest = Substring(template)
        while let match = rest.firstMatch(of: pattern) {
            let before = rest[rest.startIndex..<match.range.lowerBound]
            if before.contains("$") { throw Unsupported(fragment: String(before)) }
            output += before
            let (reference, escaped) = reference(of: match.output)
            guard let value = values[reference.namespace]?[reference.name] else {
                throw Unsupported(fragment: String(match.output.0))
            }
            output += escaped ? jsonString(value) : value
            rest = rest[match.range.upperBound...]
        }
        if rest.contains("$") { throw Unsupported(fragment: String(rest)) }
        return output + rest
    }

    /// Velocity's `$esc.jsonString`: the value escaped for the inside of a JSON string.
    static func jsonString(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "/": result += "\\/"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += String(format: "\\u%04X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
