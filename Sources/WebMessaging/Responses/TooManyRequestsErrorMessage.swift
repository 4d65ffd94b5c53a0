/// `TooManyRequestsErrorMessage`: the client is rate-limited (envelope code 429, errorCode 4029).
public struct TooManyRequestsErrorMessage: Sendable, Equatable, Codable {
    /// Seconds to wait before retrying.
    public var retryAfter: Int
    /// ``ErrorCode/requestRateTooHigh``.
    public var errorCode: ErrorCode
    /// A human-readable reason.
    public var errorMessage: String

    /// Creates the body.
    public init(retryAfter: Int, errorCode: ErrorCode = .requestRateTooHigh, errorMessage: String) {
        self.retryAfter = retryAfter
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }
}
