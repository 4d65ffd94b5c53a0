import Foundation

/// A recovery claim won by ``RecoveryStore/claimRecovery(fileId:replica:conversationId:at:staleBefore:)``.
public struct RecoveryClaim: Sendable, Equatable {
    /// Which claim of the file this is (1 for the first).
    public var attempt: Int
    /// Set when this claim took over a stale one whose holder had started posting the notice and
    /// never recorded the outcome (it died mid-post): the notice may have reached Genesys, so it
    /// must not be posted again.
    public var interruptedPost: InterruptedPost?

    /// A post started by an earlier holder of the claim that never recorded its outcome.
    public struct InterruptedPost: Sendable, Equatable {
        /// The replica that started the post.
        public var replica: String
        /// When it started the post.
        public var startedAt: Date
        /// The conversation it was posting to.
        public var conversationId: String?

        /// Creates the record of an interrupted post.
        public init(replica: String, startedAt: Date, conversationId: String?) {
            self.replica = replica
            self.startedAt = startedAt
            self.conversationId = conversationId
        }
    }

    /// Creates a claim.
    public init(attempt: Int, interruptedPost: InterruptedPost? = nil) {
        self.attempt = attempt
        self.interruptedPost = interruptedPost
    }
}
