/// A reference to another Platform API entity: `{"id": "…", "selfUri": "/api/v2/…"}`.
public struct EntityReference: Sendable, Equatable, Codable {
    /// The entity's id.
    public var id: String
    /// The entity's API path.
    public var selfUri: String?

    /// Creates a reference.
    public init(id: String, selfUri: String? = nil) {
        self.id = id
        self.selfUri = selfUri
    }

    /// A reference to a user: `/api/v2/users/{id}`.
    public static func user(_ id: String) -> EntityReference {
        EntityReference(id: id, selfUri: "/api/v2/users/\(id)")
    }
}
