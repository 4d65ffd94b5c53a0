import Foundation

/// What the abandoned-upload recovery does with one candidate: the pure decision, with the clock
/// and grace period passed in.
public enum RecoveryDecision: Sendable, Equatable {
    /// Post the notice into this conversation.
    case notify(conversationId: String)
    /// Still inside the grace period: the guest may announce the file until then.
    case wait(until: Date)
    /// Nothing to do.
    case skip(SkipReason)

    /// Why a candidate needs no notice.
    public enum SkipReason: String, Sendable, Equatable {
        /// The file is not (or no longer) `clean`.
        case notClean = "not-clean"
        /// The guest announced it; the agent side already knows.
        case announced
        /// The guest was never bound to a conversation: the file stays listed for the guest and
        /// is left to retention.
        case unbound
    }

    /// Decides for one candidate.
    /// - Parameters:
    ///   - candidate: the file and its facts.
    ///   - now: the current time.
    ///   - grace: how long after becoming clean the guest has to announce the file.
    public static func decide(_ candidate: RecoveryCandidate, now: Date, grace: Duration) -> RecoveryDecision {
        guard candidate.state == .clean else { return .skip(.notClean) }
        guard candidate.announcedAt == nil else { return .skip(.announced) }
        guard let conversationId = candidate.conversationId, !conversationId.isEmpty else {
            return .skip(.unbound)
        }
        let due = candidate.cleanAt.addingTimeInterval(RecoveryConfiguration.seconds(grace))
        guard now >= due else { return .wait(until: due) }
        return .notify(conversationId: conversationId)
    }
}
