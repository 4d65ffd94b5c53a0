import Foundation

/// A file an agent sends to the guest through ``SandboxState/sendAgentMessage(_:text:attachments:agentUserId:)``.
public struct AgentAttachment: Sendable, Equatable {
    /// The file name shown to the guest.
    public var fileName: String
    /// The MIME type.
    public var mimeType: String
    /// The content.
    public var data: Data

    /// Creates an attachment.
    public init(fileName: String, mimeType: String, data: Data) {
        self.fileName = fileName
        self.mimeType = mimeType
        self.data = data
    }
}
