import Foundation

/// The answer to "may this agent open this file now?" (``FileAccessService/fileLink(conversationId:agentUserId:fileId:channel:)``).
public enum FileLinkDecision: Sendable, Equatable {
    /// A download URL valid until `expiresAt`, for a `clean` file of the conversation, minted for
    /// a connected agent of that conversation. Never log `url`: it carries a signature.
    case allowed(url: String, expiresAt: Date, record: UploadRecord)
    /// The file belongs to the conversation and the agent is connected, but the file is not
    /// `clean` (yet, or ever: `state` tells which).
    case pending(state: UploadState, record: UploadRecord)
    /// No link, for this reason.
    case denied(FileLinkDenial)

    /// `allowed`, `pending` or `denied`, as the Data Action output says it.
    public var name: String {
        switch self {
        case .allowed: "allowed"
        case .pending: "pending"
        case .denied: "denied"
        }
    }

    /// The reason code: `""` when allowed, `not-clean` when pending, the denial's code otherwise.
    public var reasonCode: String {
        switch self {
        case .allowed: ""
        case .pending: "not-clean"
        case .denied(let denial): denial.rawValue
        }
    }

    /// The file concerned, when the decision was made about a known file of the conversation.
    public var record: UploadRecord? {
        switch self {
        case .allowed(_, _, let record), .pending(_, let record): record
        case .denied: nil
        }
    }
}

/// Why a link was refused. The raw values are the Data Action output's `reason` codes: part of
/// the API, never rename one.
public enum FileLinkDenial: String, Sendable, Equatable, CaseIterable, Error {
    /// No file with this id (or the id is not one the gateway makes).
    case unknownFile = "unknown-file"
    /// The file belongs to another conversation, or its guest is not bound to this one.
    case otherConversation = "other-conversation"
    /// The user is not a connected agent participant of the conversation right now.
    case agentNotConnected = "agent-not-connected"
    /// Genesys does not know the conversation.
    case conversationNotFound = "conversation-not-found"
    /// Genesys could not be asked (not configured, unreachable, or refusing the gateway's client).
    case genesysUnavailable = "genesys-unavailable"
}

/// Who asks for a link: the Architect flow's Data Action, or the agent's preview widget.
public enum FileAccessChannel: String, Sendable, Equatable, CaseIterable {
    /// A Genesys Data Action (the keyword message's trigger); links download as attachments.
    case dataAction = "data-action"
    /// The agent preview widget; previewable types open inline.
    case widget
}
