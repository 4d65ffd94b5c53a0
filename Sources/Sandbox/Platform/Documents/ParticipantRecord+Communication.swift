import Crypto
import Foundation

extension ParticipantRecord {
    /// The id of this participant's message communication, as the Platform API reports it in
    /// `participants[].messages[].id` and expects in
    /// `POST /api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages`.
    ///
    /// Genesys gives each participant's communication its own UUID; the sandbox derives it from the
    /// participant id (a SHA-256 folded into UUID form), so it is stable without being stored.
    public var communicationId: String {
        Self.communicationId(forParticipant: id)
    }

    /// The communication id derived from a participant id.
    public static func communicationId(forParticipant participantId: String) -> String {
        let digest = SHA256.hash(data: Data("attache-sandbox-communication:\(participantId)".utf8))
        return uuidString(Array(digest.prefix(16)))
    }

    /// 16 bytes as a name-based (version 5 style, RFC 4122 variant) lowercase UUID string.
    static func uuidString(_ digest: [UInt8]) -> String {
        var bytes = digest
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = SandboxHex.string(bytes)
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4),
            hex.dropFirst(16).prefix(4), hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }
}

extension ConversationRecord {
    /// The participant whose message communication has this id.
    public func participant(communicationId: String) -> ParticipantRecord? {
        participants.first { $0.communicationId == communicationId }
    }
}
