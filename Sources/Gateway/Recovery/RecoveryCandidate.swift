import Foundation

/// A `clean` file the abandoned-upload recovery considers: what the notice names, where it
/// would go, and the facts the decision rests on.
public struct RecoveryCandidate: Sendable, Equatable {
    /// The file id (goes into the notice's `attacheFileId` metadata).
    public var fileId: String
    /// The guest who uploaded it.
    public var guestId: String
    /// The sanitised display filename.
    public var filename: String
    /// The verified type (the scanner's detected type, else the declared type).
    public var contentType: String
    /// The size in bytes.
    public var size: Int64
    /// The upload's current state.
    public var state: UploadState
    /// The conversation the file belongs to: its own, else its guest's most recent binding;
    /// `nil` when the guest was never bound to a conversation.
    public var conversationId: String?
    /// When the file became clean.
    public var cleanAt: Date
    /// When the guest announced it in the conversation, if it did.
    public var announcedAt: Date?

    /// Creates a candidate.
    public init(
        fileId: String,
        guestId: String,
        filename: String,
        contentType: String,
        size: Int64,
        state: UploadState = .clean,
        conversationId: String?,
        cleanAt: Date,
        announcedAt: Date? = nil
    ) {
        self.fileId = fileId
        self.guestId = guestId
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.state = state
        self.conversationId = conversationId
        self.cleanAt = cleanAt
        self.announcedAt = announcedAt
    }
}
