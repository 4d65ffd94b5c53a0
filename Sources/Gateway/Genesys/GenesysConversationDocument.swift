import Foundation

/// The fields of `GET /api/v2/conversations/{conversationId}` (the Platform API's `Conversation`
/// model) that the gateway reads; everything else in the answer is ignored.
struct GenesysConversationDocument: Decodable {
    /// One message communication of a participant (`participants[].messages[]`).
    struct Communication: Decodable {
        var id: String?
        var state: String?
    }

    /// One participant (`participants[]`).
    struct Participant: Decodable {
        var id: String?
        var purpose: String?
        var userId: String?
        var messages: [Communication]?
    }

    var id: String?
    var participants: [Participant]?

    /// The gateway's view of the conversation; `requestedId` stands in for a missing `id`.
    func conversation(requestedId: String) -> GenesysConversation {
        GenesysConversation(
            id: id ?? requestedId,
            participants: (participants ?? []).map { participant in
                let communications = participant.messages ?? []
                return GenesysParticipant(
                    id: participant.id ?? "",
                    purpose: participant.purpose ?? "",
                    userId: participant.userId,
                    communicationStates: communications.map { $0.state?.lowercased() ?? "" },
                    communicationIds: communications.map { $0.id ?? "" }
                )
            }
        )
    }
}

/// The fields of `GET /api/v2/users/me` the gateway reads.
struct GenesysUserDocument: Decodable {
    var id: String
}

/// The Platform API's error body (`{"message", "code", "status", …}`), read for log messages.
struct GenesysErrorDocument: Decodable {
    var message: String?
    var code: String?
    /// The login service's form (`{"error", "description", "error_description"}`).
    var error: String?
    var errorDescription: String?

    enum CodingKeys: String, CodingKey {
        case message, code, error
        case errorDescription = "error_description"
    }

    /// A short summary for an error message, at most 200 characters.
    static func summary(of data: Data) -> String? {
        guard let document = try? JSONDecoder().decode(Self.self, from: data) else { return nil }
        let parts = [document.code ?? document.error, document.message ?? document.errorDescription]
            .compactMap { $0 }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return nil }
        return String(parts.joined(separator: ": ").prefix(200))
    }
}
