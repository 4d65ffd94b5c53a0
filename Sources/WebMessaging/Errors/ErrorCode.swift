/// A Web Messaging error number, as carried by `code` on `string` responses and by `errorCode`
/// in upload and rate-limit bodies.
///
/// Open set: any number decodes; the documented ones are static members.
public struct ErrorCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number as sent on the wire.
    public var rawValue: Int

    /// Creates a code from its number.
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// Creates a code from its number.
    public init(_ rawValue: Int) {
        self.rawValue = rawValue
    }

    /// 4000: the requested feature is not enabled for the deployment.
    public static let featureUnavailable = ErrorCode(4000)
    /// 4001: the file type is not allowed.
    public static let fileTypeInvalid = ErrorCode(4001)
    /// 4002: the file size is not allowed.
    public static let fileSizeInvalid = ErrorCode(4002)
    /// 4003: the file content is invalid.
    public static let fileContentInvalid = ErrorCode(4003)
    /// 4004: the file name is invalid.
    public static let fileNameInvalid = ErrorCode(4004)
    /// 4005: the file name is too long.
    public static let fileNameTooLong = ErrorCode(4005)
    /// 4006: the session has expired; start a new one.
    public static let sessionExpired = ErrorCode(4006)
    /// 4007: the session was not found; start a new one.
    public static let sessionNotFound = ErrorCode(4007)
    /// 4008: the attachment has expired.
    public static let attachmentExpired = ErrorCode(4008)
    /// 4009: the attachment was not found.
    public static let attachmentNotFound = ErrorCode(4009)
    /// 4010: the attachment was not successfully uploaded.
    public static let attachmentNotSuccessfullyUploaded = ErrorCode(4010)
    /// 4011: the message is too long.
    public static let messageTooLong = ErrorCode(4011)
    /// 4013: the custom attributes are larger than allowed.
    public static let customAttributesTooLarge = ErrorCode(4013)
    /// 4017: an authenticated session cannot be downgraded to an unauthenticated one.
    public static let cannotDowngradeToUnauthenticated = ErrorCode(4017)
    /// 4020: a required parameter is missing.
    public static let missingParameter = ErrorCode(4020)
    /// 4029: requests are arriving too fast.
    public static let requestRateTooHigh = ErrorCode(4029)
    /// 5000: an unexpected server error.
    public static let unexpectedError = ErrorCode(5000)
    /// HTTP-like 400: bad request.
    public static let badRequest = ErrorCode(400)
    /// HTTP-like 401: unauthorized (re-authenticate or start a new session).
    public static let unauthorized = ErrorCode(401)
    /// HTTP-like 403: forbidden.
    public static let forbidden = ErrorCode(403)
    /// HTTP-like 404: not found.
    public static let notFound = ErrorCode(404)
    /// HTTP-like 408: request timeout.
    public static let requestTimeout = ErrorCode(408)
    /// HTTP-like 429: too many requests.
    public static let tooManyRequests = ErrorCode(429)

    /// Every documented code, in numeric order.
    public static let documented: [ErrorCode] = [
        .badRequest, .unauthorized, .forbidden, .notFound, .requestTimeout, .tooManyRequests,
        .featureUnavailable, .fileTypeInvalid, .fileSizeInvalid, .fileContentInvalid, .fileNameInvalid,
        .fileNameTooLong, .sessionExpired, .sessionNotFound, .attachmentExpired, .attachmentNotFound,
        .attachmentNotSuccessfullyUploaded, .messageTooLong, .customAttributesTooLarge,
        .cannotDowngradeToUnauthenticated, .missingParameter, .requestRateTooHigh, .unexpectedError,
    ]

    /// A short name for documented codes (`"session expired"`), else `nil`.
    public var name: String? {
        switch rawValue {
        case 400: "bad request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not found"
        case 408: "request timeout"
        case 429: "too many requests"
        case 4000: "feature unavailable"
        case 4001: "file type invalid"
        case 4002: "file size invalid"
        case 4003: "file content invalid"
        case 4004: "file name invalid"
        case 4005: "file name too long"
        case 4006: "session expired"
        case 4007: "session not found"
        case 4008: "attachment expired"
        case 4009: "attachment not found"
        case 4010: "attachment not successfully uploaded"
        case 4011: "message too long"
        case 4013: "custom attributes too large"
        case 4017: "cannot downgrade to unauthenticated"
        case 4020: "missing parameter"
        case 4029: "request rate too high"
        case 5000: "unexpected error"
        default: nil
        }
    }

    /// Whether the session is over and the client must start a new one (4006, 4007).
    public var endsSession: Bool { self == .sessionExpired || self == .sessionNotFound }

    /// Whether the client should slow down and retry later (4029, 429).
    public var isRateLimit: Bool { self == .requestRateTooHigh || self == .tooManyRequests }

    /// Whether the code is an error at all (HTTP-like 3xx–5xx or a 4000–5999 protocol code).
    public var isError: Bool { rawValue >= 300 }

    /// Decodes the bare number.
    /// - Throws: `DecodingError` when the value is not an integer.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    /// Encodes the bare number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// `4006 (session expired)`, or the bare number when undocumented.
    public var description: String {
        name.map { "\(rawValue) (\($0))" } ?? String(rawValue)
    }
}
