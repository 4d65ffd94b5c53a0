/// How an attempt failed, reduced to what the retry decision needs.
public enum RetryableFailure: Sendable, Equatable, CustomStringConvertible {
    /// The service answered with this status and (when it sent one) error code.
    case response(status: Int, code: String?)
    /// The connection failed before a response arrived (refused, reset, timed out, closed).
    case connection(String)
    /// A failure that must never be retried (bad request, unreplayable body, malformed response).
    case permanent(String)

    /// Error codes that mean "slow down" whatever the HTTP status (S3 sends `SlowDown` with 503,
    /// SQS sends `ThrottlingException`/`RequestThrottled` with 400).
    public static let throttlingCodes: Set<String> = [
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
        "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "EC2ThrottledException",
    ]

    /// Whether the failure is transient: 5xx (except 501 Not Implemented), 429, throttling codes and
    /// connection errors. Any other 4xx is the caller's mistake and is never retried.
    public var isRetryable: Bool {
        switch self {
        case .response(let status, let code):
            if let code, Self.throttlingCodes.contains(code) { return true }
            if status == 429 { return true }
            return (500...599).contains(status) && status != 501
        case .connection:
            return true
        case .permanent:
            return false
        }
    }

    /// A short description for logs and give-up reasons.
    public var description: String {
        switch self {
        case .response(let status, let code): "HTTP \(status)" + (code.map { " \($0)" } ?? "")
        case .connection(let detail): "connection failure (\(detail))"
        case .permanent(let detail): detail
        }
    }
}
