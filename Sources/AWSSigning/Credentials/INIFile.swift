/// The sections of an AWS shared config or credentials file (an INI dialect).
///
/// Lines starting with `#` or `;` are comments; so is text after ` #` or ` ;` on a line.
/// Section names are trimmed; keys are trimmed and lowercased; values are trimmed. Indented
/// lines under a key (nested settings such as `s3 =` blocks) are kept as part of that key's value.
struct INIFile: Sendable, Equatable {
    /// Settings by section name (`default`, `profile dev`, `dev`, …), then by lowercased key.
    var sections: [String: [String: String]]

    /// Parses INI text.
    ///
    /// - Parameters:
    ///   - text: the file's content.
    ///   - path: the file's path, for error messages.
    /// - Throws: ``CredentialsError`` `invalidFile` with the line number of the first malformed line.
    init(parsing text: String, path: String) throws(CredentialsError) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        var lastKey: String?
        // "\r\n" is one Character in Swift, so split on both forms.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingASCIIWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let isIndented = line.first == " " || line.first == "\t"
            if isIndented, let section = current, let key = lastKey {
                let previous = sections[section]?[key] ?? ""
                sections[section]?[key] = previous + "\n" + Self.strippingComment(trimmed)
                continue
            }
            if trimmed.hasPrefix("[") {
                let content = Self.strippingComment(trimmed)
                guard content.hasSuffix("]") else {
                    throw Self.malformed(path: path, line: index + 1, reason: "a section header without ']'")
                }
                let name = String(content.dropFirst().dropLast()).trimmingASCIIWhitespace()
                guard !name.isEmpty else {
                    throw Self.malformed(path: path, line: index + 1, reason: "an empty section name")
                }
                current = name
                lastKey = nil
                sections[name, default: [:]] = sections[name, default: [:]]
                continue
            }
            guard let section = current else {
                throw Self.malformed(path: path, line: index + 1, reason: "a setting before any [section]")
            }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw Self.malformed(
                    path: path,
                    line: index + 1,
                    reason: "a line that is neither 'key = value' nor [section]"
                )
            }
            let key = String(trimmed[..<equals]).trimmingASCIIWhitespace().lowercased()
            guard !key.isEmpty else {
                throw Self.malformed(path: path, line: index + 1, reason: "a setting without a name")
            }
            let rawValue = String(trimmed[trimmed.index(after: equals)...]).trimmingASCIIWhitespace()
            let value = Self.strippingComment(rawValue)
            sections[section]?[key] = value
            lastKey = key
        }
        self.sections = sections
    }

    /// The text before an inline comment (` #` or ` ;`), trimmed.
    private static func strippingComment(_ text: String) -> String {
        var previousWasSpace = false
        for index in text.indices {
            let character = text[index]
            if (character == "#" || character == ";") && previousWasSpace {
                return String(text[..<index]).trimmingASCIIWhitespace()
            }
            previousWasSpace = character == " " || character == "\t"
        }
        return text
    }

    private static func malformed(path: String, line: Int, reason: String) -> CredentialsError {
        CredentialsError(code: .invalidFile, message: "\(path) line \(line): \(reason); fix or remove that line")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
