import Foundation

/// Turns a guest's filename into data that is safe to store, display and put in a
/// `Content-Disposition` header. Filenames are never paths: object keys come from file ids.
public enum FilenameSanitizer {
    /// The longest filename kept, in UTF-8 bytes (what common filesystems allow).
    public static let maxBytes = 255

    /// Why a filename is refused outright.
    public enum Refusal: Error, CustomStringConvertible, Equatable, Sendable {
        /// Empty once trimmed.
        case empty
        /// Contains a path separator (`/`, `\`).
        case pathSeparator
        /// Contains NUL or another control character.
        case controlCharacter
        /// Contains a bidirectional override or isolate (U+202A…U+202E, U+2066…U+2069), used to
        /// disguise an extension.
        case bidiControl
        /// Longer than ``FilenameSanitizer/maxBytes``.
        case tooLong(bytes: Int)

        /// A stable machine-readable code.
        public var code: String {
            switch self {
            case .empty: "filename.empty"
            case .pathSeparator: "filename.path-separator"
            case .controlCharacter: "filename.control-character"
            case .bidiControl: "filename.bidi-control"
            case .tooLong: "filename.too-long"
            }
        }

        public var description: String {
            switch self {
            case .empty: "The filename is empty."
            case .pathSeparator: "The filename must not contain '/' or '\\'."
            case .controlCharacter: "The filename must not contain NUL or control characters."
            case .bidiControl: "The filename must not contain bidirectional override characters."
            case .tooLong(let bytes): "The filename is \(bytes) bytes; the limit is \(maxBytes)."
            }
        }
    }

    /// Validates a filename from a ticket request and returns it sanitised.
    /// - Throws: ``Refusal`` for names no honest client sends.
    public static func validate(_ raw: String) throws(Refusal) -> String {
        let bytes = raw.utf8.count
        guard bytes <= maxBytes else { throw .tooLong(bytes: bytes) }
        if raw.utf8.allSatisfy(isPrintableASCII) {
            if raw.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }) {
                throw .pathSeparator
            }
        } else {
            try refuseUnsafeScalars(raw)
        }
        let clean = sanitize(raw)
        guard clean != fallback || trimmed(raw) == fallback else { throw .empty }
        return clean
    }

    private static func refuseUnsafeScalars(_ raw: String) throws(Refusal) {
        for scalar in raw.unicodeScalars {
            if scalar == "/" || scalar == "\\" { throw .pathSeparator }
            if isBidiControl(scalar) { throw .bidiControl }
            if scalar.properties.generalCategory == .control { throw .controlCharacter }
        }
    }

    /// The name used when nothing usable is left.
    public static let fallback = "file"

    /// A safe display name for any input: the last path component, without control, format and
    /// bidi characters, reserved characters replaced, edges trimmed, at most ``maxBytes`` bytes
    /// with the extension kept.
    public static func sanitize(_ raw: String) -> String {
        raw.utf8.allSatisfy(isPrintableASCII) ? sanitizePrintableASCII(raw) : sanitizeUnicode(raw)
    }

    /// ``sanitize(_:)`` for any text: canonical composition (NFC), then scalar by scalar.
    static func sanitizeUnicode(_ raw: String) -> String {
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in lastComponent.precomposedStringWithCanonicalMapping.unicodeScalars {
            let isSpace = scalar.properties.isWhitespace
            if !isSpace, isDropped(scalar) { continue }
            if isSpace {
                if !lastWasSpace { scalars.append(" ") }
            } else if "<>:\"|?*".unicodeScalars.contains(scalar) {
                scalars.append("_")
            } else {
                scalars.append(scalar)
            }
            lastWasSpace = isSpace
        }
        let name = trimmed(String(scalars))
        return name.isEmpty ? fallback : finished(name)
    }

    /// ``sanitize(_:)`` for the common case, a name of printable ASCII (0x20…0x7E) only, byte by
    /// byte: there canonical composition changes nothing, no character is dropped and the only
    /// whitespace is the space, so the result is the same without the Unicode machinery.
    static func sanitizePrintableASCII(_ raw: String) -> String {
        let utf8 = raw.utf8
        // The last non-empty path component.
        var end = utf8.endIndex
        while end > utf8.startIndex, isPathSeparator(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        var start = end
        while start > utf8.startIndex, !isPathSeparator(utf8[utf8.index(before: start)]) {
            start = utf8.index(before: start)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.distance(from: start, to: end))
        var lastWasSpace = false
        for byte in utf8[start..<end] {
            let isSpace = byte == UInt8(ascii: " ")
            if isSpace {
                if !lastWasSpace { bytes.append(byte) }
            } else if isReservedASCII(byte) {
                bytes.append(UInt8(ascii: "_"))
            } else {
                bytes.append(byte)
            }
            lastWasSpace = isSpace
        }
        let isEdge = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: ".") }
        guard let first = bytes.firstIndex(where: { !isEdge($0) }),
            let last = bytes.lastIndex(where: { !isEdge($0) })
        else { return fallback }
        return finished(String(decoding: bytes[first...last], as: UTF8.self))
    }

    /// The last steps of both paths: at most ``maxBytes``, and a Windows device name prefixed.
    private static func finished(_ trimmedName: String) -> String {
        let name = truncated(trimmedName)
        let stem = name.split(separator: ".", maxSplits: 1).first.map { $0.uppercased() } ?? ""
        return reservedWindowsNames.contains(stem) ? "_" + name : name
    }

    static func isPrintableASCII(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte)
    }

    private static func isPathSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\")
    }

    /// `< > : " | ? *`, replaced by `_` in display names.
    private static func isReservedASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: "|"),
            UInt8(ascii: "?"), UInt8(ascii: "*"):
            true
        default:
            false
        }
    }

    /// The extensions of a filename, last first, lowercased (`a.tar.gz` → `gz`, `tar`).
    public static func extensions(of filename: String) -> [String] {
        let pieces = filename.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count > 1 else { return [] }
        return pieces.dropFirst().reversed().map { String(TextTrimming.trimmingHorizontalSpace($0)).lowercased() }
            .filter { !$0.isEmpty }
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return true
        case .format:
            return scalar.value != 0x200D  // keep ZERO WIDTH JOINER: emoji sequences need it
        default:
            return false
        }
    }

    /// `name` without spaces (``isHorizontalSpace(_:)``) and dots at either end.
    static func trimmed(_ name: String) -> String {
        String(TextTrimming.trimming(Substring(name)) { TextTrimming.isHorizontalSpace($0) || $0 == "." })
    }

    static func truncated(_ name: String) -> String {
        guard name.utf8.count > maxBytes else { return name }
        let ext = extensions(of: name).first.map { "." + $0 } ?? ""
        let keepExt = ext.utf8.count <= 16 ? ext : ""
        let stemSource = keepExt.isEmpty ? name : String(name.dropLast(keepExt.count))
        var stem = ""
        for character in stemSource {
            if stem.utf8.count + character.utf8.count + keepExt.utf8.count > maxBytes { break }
            stem.append(character)
        }
        return trimmed(stem) + keepExt
    }

    static let reservedWindowsNames: Set<String> = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ]
}
