import Foundation

/// Which gateway guests take part in which Genesys conversation, and what that makes of their
/// files: the state behind just-in-time links, the agent widget and abandoned-upload recovery.
///
/// A file belongs to conversation C when its ``UploadRecord/conversationId`` is C, or when it has
/// none yet and C is its guest's most recent binding (a returning guest's new files go to the new
/// conversation, never to an ended one). The first conversation that claims a file
/// (``assignConversation(fileId:conversationId:)``) keeps it.
public protocol ConversationBindingStore: Sendable {
    /// Binds a guest to a conversation (idempotent: binding twice changes nothing) and, in the
    /// same transaction, assigns the guest's uploads that belong to no conversation yet to this
    /// one.
    /// - Returns: How many of the guest's uploads now belong to the conversation.
    @discardableResult
    func bindConversation(guestId: String, conversationId: String, at: Date) async throws -> Int

    /// The guests bound to a conversation, in binding order.
    func guests(conversationId: String) async throws -> [String]

    /// The conversations a guest is bound to, most recent binding first.
    func conversations(guestId: String) async throws -> [String]

    /// Assigns a file to a conversation unless it already belongs to one.
    /// - Returns: The conversation the file belongs to after the call, or `nil` when the file
    ///   does not exist.
    func assignConversation(fileId: String, conversationId: String) async throws -> String?

    /// The `clean` files of a conversation (see the protocol's ownership rule), oldest first.
    func cleanUploads(conversationId: String) async throws -> [UploadRecord]

    /// Records that a file was announced in its conversation (the guest's keyword message reached
    /// the agent side), the first time only.
    /// - Returns: `true` when this call recorded it; `false` when it was already announced or
    ///   the file does not exist.
    @discardableResult
    func markAnnounced(fileId: String, at: Date) async throws -> Bool

    /// When the file was first announced, or `nil` (not yet, or no such file).
    func announcedAt(fileId: String) async throws -> Date?
}

/// The store the access service needs: uploads and the audit log, plus conversation bindings.
public typealias FileAccessStateStore = UploadStateStore & ConversationBindingStore
