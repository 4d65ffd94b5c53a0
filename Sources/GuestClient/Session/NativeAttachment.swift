import WebMessaging

/// A file sent through the native Genesys attachment path
/// (``GuestSession/sendNativeAttachment(fileURL:fileName:contentType:text:progress:)``).
public struct NativeAttachment: Sendable, Equatable {
    /// The attachment id the client chose (a UUID), as the conversation shows it.
    public var attachmentId: String
    /// The file name declared in `onAttachment`.
    public var fileName: String
    /// The MIME type declared in `onAttachment` (and sent as the PUT's content type).
    public var fileType: String
    /// The size in bytes.
    public var fileSize: Int
    /// The download URL from `UploadSuccessEvent` (a secret while valid: never log it).
    public var downloadURL: String
    /// The outbox item that carries the attachment to the conversation (see
    /// ``GuestEvent/delivered(clientMessageId:)``).
    public var clientMessageId: String

    /// Creates a description.
    public init(
        attachmentId: String, fileName: String, fileType: String, fileSize: Int, downloadURL: String,
        clientMessageId: String
    ) {
        self.attachmentId = attachmentId
        self.fileName = fileName
        self.fileType = fileType
        self.fileSize = fileSize
        self.downloadURL = downloadURL
        self.clientMessageId = clientMessageId
    }
}

/// How far a native attachment got, reported to the `progress` closure in this order.
public enum NativeAttachmentProgress: Sendable, Equatable {
    /// `onAttachment` was queued; waiting for the `PresignedUrlResponse`.
    case requestingURL(attachmentId: String)
    /// The bytes are being PUT to the presigned URL.
    case uploading(bytes: Int)
    /// The PUT succeeded; waiting for the server's `UploadSuccessEvent`.
    case confirming
    /// The server accepted the file; the message carrying it is in the outbox.
    case queued(clientMessageId: String)
}

/// Why a native attachment was not sent. Nothing reached the conversation, and no message was
/// queued, unless ``kind`` is ``Kind/queueing``.
public struct NativeAttachmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where it failed.
    public enum Kind: String, Sendable {
        /// The file could not be read (or is empty).
        case file
        /// `GenerateUrlError`: the server refused to hand out an upload URL. ``code`` says why:
        /// 4001 type, 4002 size, 4003 content, 4004 name, 4005 name too long.
        case refused
        /// The PUT to the presigned URL failed (``status``, or 0 when no answer came).
        case put
        /// `UploadFailureEvent`: the server rejected the uploaded bytes (``code``).
        case uploadFailed
        /// The server answered the request with an error (a `string` response; ``code``), e.g. a
        /// 4007 session, 4009 unknown attachment or a 403 read-only conversation.
        case server
        /// No answer within the time allowed.
        case timeout
        /// The file was accepted but the message carrying it could not be queued (the store failed).
        case queueing
    }

    /// Where it failed.
    public var kind: Kind
    /// The Web Messaging error number, when the server gave one.
    public var code: ErrorCode?
    /// The HTTP status of a failed PUT.
    public var status: Int?
    /// The attachment id concerned.
    public var attachmentId: String
    /// A human-readable reason (the server's, when it gave one; never a URL).
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, attachmentId: String, message: String, code: ErrorCode? = nil, status: Int? = nil) {
        self.kind = kind
        self.attachmentId = attachmentId
        self.message = message
        self.code = code
        self.status = status
    }

    public var description: String {
        let number = code.map { " \($0.rawValue)" } ?? status.map { " HTTP \($0)" } ?? ""
        return "native attachment \(attachmentId): \(kind.rawValue)\(number): \(message)"
    }
}
