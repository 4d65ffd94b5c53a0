import Foundation

/// Where the shared AWS files live and which profile applies, as every AWS SDK resolves them.
///
/// - profile: the explicit name, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`;
/// - credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`;
/// - config file: `AWS_CONFIG_FILE`, else `~/.aws/config` (sections `[default]`, `[profile NAME]`).
public struct AWSSharedConfig: Sendable {
    /// The profile in use.
    public let profile: String
    /// The credentials file's path.
    public let credentialsFilePath: String
    /// The config file's path.
    public let configFilePath: String

    /// Resolves profile and paths.
    ///
    /// - Parameters:
    ///   - profile: an explicit profile name that overrides the environment.
    ///   - environment: the environment variables to read (injectable for tests).
    public init(profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let fromEnvironment =
            environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["AWS_DEFAULT_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        self.profile = profile ?? fromEnvironment ?? "default"
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func expand(_ path: String) -> String {
            path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst() : path
        }
        credentialsFilePath = expand(
            environment["AWS_SHARED_CREDENTIALS_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "~/.aws/credentials"
        )
        configFilePath = expand(environment["AWS_CONFIG_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "~/.aws/config")
    }

    /// The profile's settings in the credentials file (section `[NAME]`), or `nil`.
    ///
    /// - Throws: ``CredentialsError`` `invalidFile` when the file exists but cannot be read or parsed.
    func credentialsFileSettings() throws(CredentialsError) -> [String: String]? {
        try Self.load(credentialsFilePath)?.sections[profile]
    }

    /// The profile's settings in the config file (`[profile NAME]`, or `[default]`), or `nil`.
    ///
    /// - Throws: ``CredentialsError`` `invalidFile` when the file exists but cannot be read or parsed.
    func configFileSettings() throws(CredentialsError) -> [String: String]? {
        guard let file = try Self.load(configFilePath) else { return nil }
        if let settings = file.sections["profile " + profile] { return settings }
        return profile == "default" ? file.sections["default"] : nil
    }

    /// Parses a file, or returns `nil` when it does not exist.
    static func load(_ path: String) throws(CredentialsError) -> INIFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CredentialsError(
                code: .invalidFile,
                message: "\(path) exists but cannot be read as UTF-8 text; check its permissions"
            )
        }
        return try INIFile(parsing: text, path: path)
    }
}
