/// Why an upload through the gateway failed.
public struct GatewayUploadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable {
        /// The gateway answered with an error (see ``status`` and ``problemType``).
        case gateway
        /// A part or single PUT to the object store kept failing after every retry.
        case storage
        /// The gateway could not be reached.
        case transport
        /// The local file could not be read, or changed while it was being uploaded.
        case file
        /// The resume store could not be read or written.
        case resumeStore
        /// The gateway answered something this client does not understand.
        case protocolViolation
        /// The upload was aborted (``GatewayUploadHandle/cancel()``) or expired at the gateway.
        case aborted
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, for a human (never contains credentials or URL signatures).
    public var message: String
    /// The HTTP status, when there was one.
    public var status: Int?
    /// The problem `type` URI of a gateway error (`https://attache.dev/problems/<slug>`).
    public var problemType: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, status: Int? = nil, problemType: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.problemType = problemType
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let status { text += " (HTTP \(status))" }
        if let problemType { text += " [\(problemType)]" }
        return text
    }
}
