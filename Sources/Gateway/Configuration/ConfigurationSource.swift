import Foundation

/// Named configuration values from one place: command-line flags, the environment, or a file.
///
/// Every value is keyed by its environment-variable name (`ATTACHE_PORT`, `AWS_REGION`, …), the
/// names fixed in the design, so the three sources agree on spelling. Sources are layered by
/// ``ConfigurationLayers``: flags override the environment, which overrides the file.
public struct ConfigurationSource: Sendable, Equatable {
    /// Where the values came from, for error messages.
    public var origin: String
    /// The values, keyed by environment-variable name.
    public var values: [String: String]

    /// Creates a source from explicit values.
    public init(origin: String, values: [String: String]) {
        self.origin = origin
        self.values = values
    }

    /// The process environment.
    public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        Self(origin: "environment", values: environment)
    }

    /// Reads a configuration file of `NAME=value` lines.
    ///
    /// Blank lines and lines starting with `#` are ignored; a value may be wrapped in single or
    /// double quotes; `export NAME=value` is accepted so the same file can be sourced by a shell.
    /// - Throws: ``ConfigurationError`` when the file cannot be read or a line is malformed.
    public static func file(at path: String) throws(ConfigurationError) -> Self {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: "\(error.localizedDescription)")
        }
        return try parse(text, origin: path)
    }

    /// Parses the text of a configuration file; see ``file(at:)``.
    public static func parse(_ text: String, origin: String) throws(ConfigurationError) -> Self {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)) }
            guard let equals = line.firstIndex(of: "=") else {
                throw .malformedLine(origin: origin, line: index + 1, reason: "expected NAME=value")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw .malformedLine(origin: origin, line: index + 1, reason: "invalid name '\(name)'")
            }
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        return Self(origin: origin, values: values)
    }
}

/// Configuration sources in precedence order: the first source that has a value wins.
public struct ConfigurationLayers: Sendable {
    /// The sources, highest precedence first.
    public var sources: [ConfigurationSource]

    /// Creates layers from sources given highest precedence first (flags, environment, file).
    public init(_ sources: [ConfigurationSource]) {
        self.sources = sources
    }

    /// The value and its origin for `name`, or `nil` when no source sets it (or sets it empty).
    public func lookup(_ name: String) -> (value: String, origin: String)? {
        for source in sources {
            if let value = source.values[name], !value.isEmpty {
                return (value, source.origin)
            }
        }
        return nil
    }

    /// The value for `name`, or `nil`.
    public subscript(_ name: String) -> String? {
        lookup(name)?.value
    }
}
