import Foundation

/// One trigger rule firing and what came of its Data Action call, as `GET /api/v2/sandbox/trigger-log`
/// shows it.
///
/// Holds no header values, credentials, request bodies or response bodies: only the request's
/// method, host and path, the status, and the response's top-level key names.
public struct TriggerLogEntry: Sendable, Equatable, Codable {
    /// `succeeded` or `failed`.
    public enum Outcome: String, Sendable, Equatable, Codable {
        /// The endpoint answered 2xx.
        case succeeded
        /// The call could not be made, timed out, or was answered with a non-2xx status.
        case failed
    }

    /// A process-unique, increasing number.
    public var sequence: Int
    /// When the call finished (ISO-8601 with milliseconds).
    public var time: String
    /// The rule's name.
    public var rule: String
    /// The Data Action's name.
    public var action: String
    /// The conversation whose message fired the rule.
    public var conversationId: String
    /// The message that fired the rule.
    public var messageId: String
    /// `METHOD scheme://host:port/path` of the request, when it could be rendered.
    public var request: String?
    /// Succeeded or failed.
    public var outcome: Outcome
    /// The HTTP status, when an answer came.
    public var status: Int?
    /// The ``DataActionError`` code, for failures.
    public var errorCode: String?
    /// The ``DataActionError`` message, for failures.
    public var errorMessage: String?
    /// How long the call took, in milliseconds, when it was sent.
    public var durationMilliseconds: Int?
    /// The size of the response body, in bytes.
    public var responseBytes: Int?
    /// The response's top-level JSON member names.
    public var responseKeys: [String]?

    /// Creates an entry.
    public init(
        sequence: Int,
        time: String,
        rule: String,
        action: String,
        conversationId: String,
        messageId: String,
        request: String?,
        outcome: Outcome,
        status: Int? = nil,
        errorCode: String? = nil,
        errorMessage: String? = nil,
        durationMilliseconds: Int? = nil,
        responseBytes: Int? = nil,
        responseKeys: [String]? = nil
    ) {
        self.sequence = sequence
        self.time = time
        self.rule = rule
        self.action = action
        self.conversationId = conversationId
        self.messageId = messageId
        self.request = request
        self.outcome = outcome
        self.status = status
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.durationMilliseconds = durationMilliseconds
        self.responseBytes = responseBytes
        self.responseKeys = responseKeys
    }
}
