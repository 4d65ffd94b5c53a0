import Foundation

/// Static keys from the shared credentials file (`~/.aws/credentials`, section `[NAME]`) or the
/// config file (`~/.aws/config`, section `[profile NAME]`), for the profile chosen by
/// ``AWSSharedConfig``.
///
/// Role assumption (`role_arn`), SSO (`sso_session`, `sso_start_url`), `credential_process` and
/// web identity profiles are recognised and reported as unsupported rather than ignored.
public struct ProfileCredentialProvider: AWSCredentialProvider {
    private let config: AWSSharedConfig

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - profile: an explicit profile name that overrides `AWS_PROFILE`.
    ///   - environment: the variables that locate the files and the profile.
    public init(profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.config = AWSSharedConfig(profile: profile, environment: environment)
    }

    /// The provider's name in chain errors.
    public var providerName: String { "profile '\(config.profile)'" }

    private static let unsupportedKeys = [
        "role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file",
    ]

    /// Reads the profile's keys.
    ///
    /// - Throws: ``CredentialsError``: `notConfigured` (no files), `profileNotFound`,
    ///   `incomplete` (a key without its secret), `unsupportedProfile`, `invalidFile`.
    public func credentials() async throws -> AWSCredentials {
        let credentialsSettings = try config.credentialsFileSettings()
        let configSettings = try config.configFileSettings()
        for (settings, path) in [
            (credentialsSettings, config.credentialsFilePath), (configSettings, config.configFilePath),
        ] {
            guard let settings else { continue }
            let keyID = settings["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
            let secret = settings["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
            if let keyID, let secret {
                return AWSCredentials(
                    accessKeyID: keyID,
                    secretAccessKey: secret,
                    sessionToken: settings["aws_session_token"] ?? settings["aws_security_token"]
                )
            }
            if keyID != nil || secret != nil {
                throw CredentialsError(
                    code: .incomplete,
                    message: "profile '\(config.profile)' in \(path) has only one of aws_access_key_id "
                        + "and aws_secret_access_key; set both"
                )
            }
        }
        for settings in [credentialsSettings, configSettings] {
            if let key = Self.unsupportedKeys.first(where: { settings?[$0] != nil }) {
                throw CredentialsError(
                    code: .unsupportedProfile,
                    message: "profile '\(config.profile)' uses \(key), which Attaché does not support; "
                        + "export temporary keys (AWS_ACCESS_KEY_ID, …) or use a container/instance role"
                )
            }
        }
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: config.credentialsFilePath),
            !fileManager.fileExists(atPath: config.configFilePath)
        {
            throw CredentialsError(
                code: .notConfigured,
                message: "neither \(config.credentialsFilePath) nor \(config.configFilePath) exists"
            )
        }
        if credentialsSettings == nil && configSettings == nil {
            throw CredentialsError(
                code: .profileNotFound,
                message: "profile '\(config.profile)' is in neither \(config.credentialsFilePath) nor "
                    + "\(config.configFilePath); check AWS_PROFILE"
            )
        }
        throw CredentialsError(
            code: .incomplete,
            message: "profile '\(config.profile)' has no aws_access_key_id / aws_secret_access_key"
        )
    }
}
