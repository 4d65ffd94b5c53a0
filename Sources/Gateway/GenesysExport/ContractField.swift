/// One property of a Data Action's input or output contract.
///
/// Genesys documents what a contract may hold: the input contract is a flat object whose
/// properties are strings, integers, numbers, Booleans or null (no nested objects); the output
/// contract may also hold arrays, but no nested arrays. Property names start with a letter and
/// contain only letters, digits, `-` and `_` (help.mypurecloud.com/?p=141876).
public struct ContractField: Sendable, Equatable {
    /// The JSON type of a contract property.
    public enum Kind: Sendable, Equatable {
        case string
        case integer
        case boolean
        case stringArray
        case integerArray

        /// The JSON Schema of a property of this kind.
        func schema(title: String, description: String) -> ExportJSON {
            var members: [(String, ExportJSON)] = [
                ("title", .string(title)), ("description", .string(description)),
            ]
            switch self {
            case .string: members.append(("type", .string("string")))
            case .integer: members.append(("type", .string("integer")))
            case .boolean: members.append(("type", .string("boolean")))
            case .stringArray:
                members += [("type", .string("array")), ("items", .object([("type", .string("string"))]))]
            case .integerArray:
                members += [("type", .string("array")), ("items", .object([("type", .string("integer"))]))]
            }
            return .object(members)
        }

        /// The translation-map default: a JSON literal used when the JSONPath finds nothing.
        var translationDefault: String {
            switch self {
            case .string: "\"\""
            case .integer: "0"
            case .boolean: "false"
            case .stringArray, .integerArray: "[]"
            }
        }

        /// Whether an input contract may hold this kind (flat scalars only).
        var isScalar: Bool {
            switch self {
            case .string, .integer, .boolean: true
            case .stringArray, .integerArray: false
            }
        }
    }

    /// The property name, as the gateway's JSON uses it.
    public var name: String
    /// The JSON type.
    public var kind: Kind
    /// A short title shown in Architect.
    public var title: String
    /// What the value means.
    public var description: String

    /// Creates a field.
    public init(_ name: String, _ kind: Kind, title: String, description: String) {
        self.name = name
        self.kind = kind
        self.title = title
        self.description = description
    }

    /// The property's JSON Schema.
    var schema: ExportJSON { kind.schema(title: title, description: description) }

    /// Whether the name is one Genesys accepts: a letter, then letters, digits, `-` or `_`.
    var hasValidName: Bool {
        guard let first = name.unicodeScalars.first, Self.isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            Self.isLetter($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
