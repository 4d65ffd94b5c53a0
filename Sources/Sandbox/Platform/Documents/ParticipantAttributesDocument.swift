/// Body and answer of `PATCH /api/v2/conversations/messages/{conversationId}/participants/{participantId}/attributes`
/// (the SDKs' `ParticipantAttributes`): `{"attributes": {"key": "value"}}`. Keys present are
/// set (merged into the existing attributes); other keys are kept.
public struct ParticipantAttributesDocument: Sendable, Equatable, Codable {
    /// The attributes.
    public var attributes: [String: String]

    /// Creates an attributes body.
    public init(attributes: [String: String]) {
        self.attributes = attributes
    }
}
