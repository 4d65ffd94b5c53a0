import Foundation

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, for temporary
/// credentials, `AWS_SESSION_TOKEN` (or the older `AWS_SECURITY_TOKEN`) and
/// `AWS_CREDENTIAL_EXPIRATION` (ISO 8601).
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
    private let environment: [String: String]

    /// Creates a provider reading the given environment.
    ///
    /// - Parameter environment: the variables to read (the process environment by default).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The provider's name in chain errors.
    public var providerName: String { "environment" }

    /// Reads the credentials.
    ///
    /// - Throws: ``CredentialsError`` `notConfigured` when neither key variable is set,
    ///   `incomplete` when only one of them is.
    public func credentials() async throws -> AWSCredentials {
        let keyID = value("AWS_ACCESS_KEY_ID")
        let secret = value("AWS_SECRET_ACCESS_KEY")
        switch (keyID, secret) {
        case (nil, nil):
            throw CredentialsError(
                code: .notConfigured,
                message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"
            )
        case (let keyID?, let secret?):
            let expiration = value("AWS_CREDENTIAL_EXPIRATION").flatMap(MetadataCredentials.parseDate)
            return AWSCredentials(
                accessKeyID: keyID,
                secretAccessKey: secret,
                sessionToken: value("AWS_SESSION_TOKEN") ?? value("AWS_SECURITY_TOKEN"),
                expiration: expiration
            )
        default:
            let missing = keyID == nil ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"
            throw CredentialsError(
                code: .incomplete,
                message: "\(missing) is not set while its partner is; set both or neither"
            )
        }
    }

    private func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }
}
