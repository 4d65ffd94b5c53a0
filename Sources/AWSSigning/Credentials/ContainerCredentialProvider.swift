import Foundation

/// Credentials from the ECS/EKS container credentials endpoint.
///
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is appended to `http://169.254.170.2`;
/// otherwise `AWS_CONTAINER_CREDENTIALS_FULL_URI` is used, which must be `https` or point at a
/// loopback or the container-agent address. The `Authorization` header comes from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every call) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
public struct ContainerCredentialProvider: AWSCredentialProvider {
    /// The ECS task-role endpoint that relative URIs are resolved against.
    public static let ecsHost = "169.254.170.2"
    private static let allowedHTTPHosts: Set<String> = [
        "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]", "localhost",
    ]

    private let environment: [String: String]
    private let fetch: CredentialHTTPFetch
    private let timeout: Duration

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - environment: the variables to read.
    ///   - timeout: the deadline for the request (2 s by default).
    ///   - fetch: the HTTP transport (URLSession by default; tests inject a fake).
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: Duration = .seconds(2),
        fetch: @escaping CredentialHTTPFetch = CredentialHTTP.urlSession
    ) {
        self.environment = environment
        self.timeout = timeout
        self.fetch = fetch
    }

    /// The provider's name in chain errors.
    public var providerName: String { "container credentials endpoint" }

    /// Fetches the credentials.
    ///
    /// - Throws: ``CredentialsError``: `notConfigured` (neither URI variable), `invalidEndpoint`,
    ///   `unreachable`, `invalidResponse`.
    public func credentials() async throws -> AWSCredentials {
        let url = try endpoint()
        var headers: [(name: String, value: String)] = []
        if let token = try authorizationToken() {
            headers.append((name: "Authorization", value: token))
        }
        let source = "the container credentials endpoint \(url.host ?? "")"
        let response: CredentialHTTPResponse
        do {
            let request = CredentialHTTPRequest(method: "GET", url: url, headers: headers, timeout: timeout)
            response = try await fetch(request)
        } catch {
            throw CredentialsError(code: .unreachable, message: "\(source) could not be reached: \(error)")
        }
        guard response.status == 200 else {
            throw CredentialsError(code: .invalidResponse, message: "\(source) answered HTTP \(response.status)")
        }
        return try MetadataCredentials.decode(response.body, source: source)
    }

    /// The endpoint URL, checked.
    func endpoint() throws(CredentialsError) -> URL {
        if let relative = value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            guard let url = URL(string: "http://\(Self.ecsHost)\(path)") else {
                throw CredentialsError(
                    code: .invalidEndpoint,
                    message: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a valid path"
                )
            }
            return url
        }
        guard let full = value("AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            throw CredentialsError(
                code: .notConfigured,
                message: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"
            )
        }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased()
        else {
            throw CredentialsError(code: .invalidEndpoint, message: "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL")
        }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let isLoopback = host.hasPrefix("127.") || bracketed == "[::1]"
        guard scheme == "https" || (scheme == "http" && (isLoopback || Self.allowedHTTPHosts.contains(bracketed)))
        else {
            throw CredentialsError(
                code: .invalidEndpoint,
                message: "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http to a loopback address or "
                    + "169.254.170.2/169.254.170.23/fd00:ec2::23"
            )
        }
        return url
    }

    private func authorizationToken() throws(CredentialsError) -> String? {
        if let path = value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            do {
                return try String(contentsOfFile: path, encoding: .utf8).trimmingASCIIWhitespace()
            } catch {
                throw CredentialsError(
                    code: .invalidFile,
                    message: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (\(path)) cannot be read"
                )
            }
        }
        return value("AWS_CONTAINER_AUTHORIZATION_TOKEN")
    }

    private func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }
}
