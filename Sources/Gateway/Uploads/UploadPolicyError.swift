/// A ticket request that breaks the upload policy.
public enum UploadPolicyError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The size is zero or negative.
    case invalidSize(Int64)
    /// Larger than the maximum.
    case tooLarge(size: Int64, limit: Int64)
    /// The declared content type is not on the allow-list.
    case typeNotAllowed(String)
    /// The filename has a blocked extension.
    case extensionBlocked(String)
    /// The guest's quota would be exceeded.
    case quotaExceeded(used: Int64, requested: Int64, quota: Int64)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .invalidSize: "invalid-size"
        case .tooLarge: "file-too-large"
        case .typeNotAllowed: "type-not-allowed"
        case .extensionBlocked: "extension-blocked"
        case .quotaExceeded: "quota-exceeded"
        }
    }

    public var description: String {
        switch self {
        case .invalidSize(let size): "The size must be a positive number of bytes (got \(size))."
        case .tooLarge(let size, let limit): "The file is \(size) bytes; the limit is \(limit) bytes."
        case .typeNotAllowed(let type): "Files of type '\(type)' are not accepted."
        case .extensionBlocked(let ext): "Files with the extension '.\(ext)' are not accepted."
        case .quotaExceeded(let used, let requested, let quota):
            "This upload (\(requested) bytes) would take you past your quota: \(used) of \(quota) bytes used."
        }
    }
}
