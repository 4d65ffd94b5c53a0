import Foundation

/// A JSON value: the frames of the WebDriver BiDi protocol, the arguments passed to page
/// scripts and what those scripts return.
///
/// Page results arrive as BiDi *remote values* (`{"type": "number", "value": 1}`);
/// ``init(remoteValue:)`` turns them into plain JSON-ish values, and ``localValue`` turns a
/// value into the *local value* a script argument must be.
public enum BiDiValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `null` (also JavaScript's `undefined`).
    case null
    /// A boolean.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([BiDiValue])
    /// An object with string keys.
    case object([String: BiDiValue])

    /// The string, when this is one.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean, when this is one.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number, when this is one.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number as an integer, when this is a whole number.
    public var int: Int? {
        guard let number, number.rounded() == number, abs(number) < 9e15 else { return nil }
        return Int(number)
    }

    /// The elements, when this is an array.
    public var array: [BiDiValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, when this is an object.
    public var object: [String: BiDiValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is ``null``.
    public var isNull: Bool { self == .null }

    /// A member of an object (``null`` when absent or when this is no object).
    public subscript(key: String) -> BiDiValue {
        object?[key] ?? .null
    }

    /// The strings of an array of strings (non-strings are left out; empty when no array).
    public var strings: [String] {
        (array ?? []).compactMap(\.string)
    }

    // MARK: Codable

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([BiDiValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: BiDiValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The value as compact JSON text.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Parses JSON text.
    public static func parse(_ text: String) throws -> BiDiValue {
        try JSONDecoder().decode(BiDiValue.self, from: Data(text.utf8))
    }

    public var description: String {
        (try? jsonText()) ?? "\(self)"
    }

    // MARK: Remote and local values

    /// A BiDi remote value (what `script.evaluate` and `script.callFunction` return) as JSON.
    ///
    /// `undefined` and `null` become ``null``; numbers (with `NaN`, `-0`, `±Infinity`) become
    /// ``number(_:)``; arrays and sets ``array(_:)``; objects and maps ``object(_:)`` (a map's
    /// non-string keys by their JSON text); dates their ISO string; regular expressions
    /// `/pattern/flags`; bigints their decimal string. Anything else (nodes, windows, functions,
    /// errors, promises, …) becomes `{"type": "<its type>"}`.
    public init(remoteValue remote: BiDiValue) {
        let value = remote["value"]
        switch remote["type"].string ?? "undefined" {
        case "undefined", "null":
            self = .null
        case "string":
            self = .string(value.string ?? "")
        case "boolean":
            self = .bool(value.bool ?? false)
        case "number":
            switch value {
            case .number(let number): self = .number(number)
            case .string("NaN"): self = .number(.nan)
            case .string("-0"): self = .number(-0.0)
            case .string("Infinity"): self = .number(.infinity)
            case .string("-Infinity"): self = .number(-.infinity)
            default: self = .null
            }
        case "bigint":
            self = .string(value.string ?? "")
        case "array", "set":
            self = .array((value.array ?? []).map { BiDiValue(remoteValue: $0) })
        case "object", "map":
            var members: [String: BiDiValue] = [:]
            for pair in value.array ?? [] {
                guard let entry = pair.array, entry.count == 2 else { continue }
                let key = entry[0].string ?? BiDiValue(remoteValue: entry[0]).description
                members[key] = BiDiValue(remoteValue: entry[1])
            }
            self = .object(members)
        case "date":
            self = .string(value.string ?? "")
        case "regexp":
            self = .string("/\(value["pattern"].string ?? "")/\(value["flags"].string ?? "")")
        case let other:
            self = .object(["type": .string(other)])
        }
    }

    /// This value as a BiDi local value, for script arguments.
    public var localValue: BiDiValue {
        switch self {
        case .null:
            return .object(["type": "null"])
        case .bool(let value):
            return .object(["type": "boolean", "value": .bool(value)])
        case .number(let value):
            let special: String? =
                value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-Infinity" : "Infinity") : nil
            return .object(["type": "number", "value": special.map(BiDiValue.string) ?? .number(value)])
        case .string(let value):
            return .object(["type": "string", "value": .string(value)])
        case .array(let values):
            return .object(["type": "array", "value": .array(values.map(\.localValue))])
        case .object(let members):
            let pairs = members.sorted { $0.key < $1.key }.map {
                BiDiValue.array([.string($0.key), $0.value.localValue])
            }
            return .object(["type": "object", "value": .array(pairs)])
        }
    }
}

extension BiDiValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: BiDiValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, BiDiValue)...) {
        self = .object(Dictionary(elements) { _, last in last })
    }
    public init(nilLiteral: ()) { self = .null }
}
