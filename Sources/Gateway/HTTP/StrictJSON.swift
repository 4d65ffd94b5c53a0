import AWSSigning

/// The checks `JSONDecoder` does not make on a request body, made before decoding it.
///
/// - A key repeated in one object is refused: decoders disagree on which value wins (Foundation
///   keeps the first, many others the last), so a proxy, a Genesys template and the gateway could
///   each read a different `fileId` from the same bytes.
/// - Nesting deeper than ``maxDepth`` is refused before any decoder recurses into it.
/// - Text that is not UTF-8 (RFC 8259 §8.1), or a `\u` escape that is half a surrogate pair, is
///   refused even inside a value the decoder would skip.
///
/// Everything else (syntax, types) is left to the decoder: a body this scanner cannot make sense
/// of passes here and is refused there.
public enum StrictJSON {
    /// The deepest nesting of objects and arrays accepted; the gateway's bodies need 3.
    public static let maxDepth = 32

    /// Why a body is refused.
    public enum Violation: Error, Equatable, CustomStringConvertible, Sendable {
        /// The same key twice in one object.
        case duplicateKey(String)
        /// Objects and arrays nested deeper than ``StrictJSON/maxDepth``.
        case tooDeep
        /// Invalid UTF-8, or an escaped surrogate without its other half.
        case invalidText

        public var description: String {
            switch self {
            case .duplicateKey(let key):
                "The body repeats the key '\(String(key.unicodeScalars.prefix(64)))' in one object."
            case .tooDeep: "The body is nested deeper than \(StrictJSON.maxDepth) levels."
            case .invalidText: "The body is not UTF-8 text, or escapes half a surrogate pair."
            }
        }
    }

    private struct Frame {
        var isObject: Bool
        var keys: Set<String> = []
        var expectingKey = true
    }

    /// Checks `bytes` for repeated keys and excessive nesting.
    /// - Throws: ``Violation`` for the first problem found.
    public static func check(_ bytes: some Collection<UInt8>) throws(Violation) {
        let bytes = Array(bytes)
        guard ValidUTF8.isValid(bytes) else { throw .invalidText }
        var stack: [Frame] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                stack.append(Frame(isObject: bytes[index] == UInt8(ascii: "{")))
                if stack.count > maxDepth { throw .tooDeep }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ","):
                if !stack.isEmpty { stack[stack.count - 1].expectingKey = true }
            case UInt8(ascii: ":"):
                if !stack.isEmpty { stack[stack.count - 1].expectingKey = false }
            case UInt8(ascii: "\""):
                let start = index + 1
                var end = start
                var escaped = false
                var pendingHigh = false
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    var unit: UInt16?
                    if bytes[end] == UInt8(ascii: "\\") {
                        escaped = true
                        end += 1
                        if end < bytes.count, bytes[end] == UInt8(ascii: "u"), end + 5 <= bytes.count {
                            unit = UInt16(String(decoding: bytes[(end + 1)..<(end + 5)], as: UTF8.self), radix: 16)
                            if unit != nil { end += 4 }
                        }
                    }
                    let isLow = unit.map { (0xDC00...0xDFFF).contains($0) } ?? false
                    if pendingHigh != isLow { throw .invalidText }
                    pendingHigh = unit.map { (0xD800...0xDBFF).contains($0) } ?? false
                    end += 1
                }
                if pendingHigh { throw .invalidText }
                if let top = stack.last, top.isObject, top.expectingKey, end <= bytes.count {
                    let raw = bytes[start..<min(end, bytes.count)]
                    let key = escaped ? unescaped(raw) : String(decoding: raw, as: UTF8.self)
                    if !stack[stack.count - 1].keys.insert(key).inserted { throw .duplicateKey(key) }
                    stack[stack.count - 1].expectingKey = false
                }
                index = end
            default:
                break
            }
            index += 1
        }
    }

    /// A JSON string's content with its escapes resolved (malformed escapes become U+FFFD, as
    /// they would never decode anyway).
    static func unescaped(_ raw: ArraySlice<UInt8>) -> String {
        var result = ""
        var units: [UInt16] = []
        var run: [UInt8] = []
        func flushUnits() {
            if !units.isEmpty { result += String(decoding: units, as: UTF16.self) }
            units.removeAll()
        }
        func flushRun() {
            if !run.isEmpty { result += String(decoding: run, as: UTF8.self) }
            run.removeAll()
        }
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < raw.endIndex else {
                flushUnits()
                run.append(byte)
                index += 1
                continue
            }
            let kind = raw[index + 1]
            if kind == UInt8(ascii: "u"), index + 6 <= raw.endIndex,
                let unit = UInt16(String(decoding: raw[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16)
            {
                flushRun()
                units.append(unit)
                index += 6
                continue
            }
            flushUnits()
            switch kind {
            case UInt8(ascii: "n"): run.append(0x0A)
            case UInt8(ascii: "r"): run.append(0x0D)
            case UInt8(ascii: "t"): run.append(0x09)
            case UInt8(ascii: "b"): run.append(0x08)
            case UInt8(ascii: "f"): run.append(0x0C)
            default: run.append(kind)
            }
            index += 2
        }
        flushUnits()
        flushRun()
        return result
    }
}
