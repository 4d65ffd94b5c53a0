/// A provider that always returns the same, explicitly configured credentials.
public struct StaticCredentialProvider: AWSCredentialProvider {
    /// The credentials returned by every call.
    public let fixedCredentials: AWSCredentials

    /// Creates a provider for fixed credentials.
    ///
    /// - Parameter credentials: the credentials to return.
    public init(_ credentials: AWSCredentials) {
        self.fixedCredentials = credentials
    }

    /// Creates a provider for a fixed access key pair and optional session token.
    ///
    /// - Parameters:
    ///   - accessKeyID: the access key ID.
    ///   - secretAccessKey: the secret access key.
    ///   - sessionToken: the session token of temporary credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.init(
            AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
        )
    }

    /// Returns the fixed credentials.
    ///
    /// - Throws: ``CredentialsError`` with code `incomplete` when the key ID or secret is empty.
    public func credentials() async throws -> AWSCredentials {
        guard !fixedCredentials.accessKeyID.isEmpty, !fixedCredentials.secretAccessKey.isEmpty else {
            throw CredentialsError(
                code: .incomplete,
                message: "the explicitly configured credentials have an empty access key ID or secret access key"
            )
        }
        return fixedCredentials
    }
}
