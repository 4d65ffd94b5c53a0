/// Something that yields AWS credentials: static keys, the environment, a profile, the container
/// or instance metadata endpoints, or a chain of those.
public protocol AWSCredentialProvider: Sendable {
    /// Returns current credentials.
    ///
    /// - Throws: a ``CredentialsError`` (or a transport error) when no credentials can be produced.
    func credentials() async throws -> AWSCredentials

    /// A short name for messages, e.g. `environment` or `profile 'dev'`.
    var providerName: String { get }
}

extension AWSCredentialProvider {
    /// The type's name.
    public var providerName: String { String(describing: Self.self) }
}
