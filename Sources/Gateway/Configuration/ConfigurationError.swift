/// A configuration value that cannot be used, with the name, where it came from, and what to do.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The configuration file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A line of the configuration file is not `NAME=value`.
    case malformedLine(origin: String, line: Int, reason: String)
    /// A value does not parse; `expected` says what would.
    case invalidValue(name: String, value: String, origin: String, expected: String)
    /// A value is required by another setting but missing.
    case missingValue(name: String, reason: String)

    /// A stable code for scripts and logs.
    public var code: String {
        switch self {
        case .unreadableFile: "config.unreadable_file"
        case .malformedLine: "config.malformed_line"
        case .invalidValue: "config.invalid_value"
        case .missingValue: "config.missing_value"
        }
    }

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            "cannot read configuration file \(path): \(reason)"
        case .malformedLine(let origin, let line, let reason):
            "\(origin):\(line): \(reason)"
        case .invalidValue(let name, let value, let origin, let expected):
            "\(name)='\(value)' (from \(origin)) is not valid: expected \(expected)"
        case .missingValue(let name, let reason):
            "\(name) is not set: \(reason)"
        }
    }
}
