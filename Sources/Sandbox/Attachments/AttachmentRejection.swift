import WebMessaging

/// An `onAttachment` request the sandbox refuses; sent as a `GenerateUrlError` message.
public struct AttachmentRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The attachment id of the request.
    public var attachmentId: String
    /// The reason (4001 type, 4002 size, 4004/4005 name, or a session error).
    public var error: GuestRequestError

    /// Creates a rejection.
    public init(attachmentId: String, error: GuestRequestError) {
        self.attachmentId = attachmentId
        self.error = error
    }

    /// The frame the guest receives: session errors as `string` responses, the rest as `GenerateUrlError`.
    public func frame(tracingId: String?) -> ServerMessage {
        if error.code.endsSession || error.code == .forbidden || error.code == .badRequest {
            return error.frame(tracingId: tracingId)
        }
        let body = GenerateUrlError(attachmentId: attachmentId, errorCode: error.code, errorMessage: error.message)
        return .message(.generateUrlError(body), tracingId: tracingId)
    }

    /// `attachment <id>: <error>`.
    public var description: String { "attachment \(attachmentId): \(error)" }
}
