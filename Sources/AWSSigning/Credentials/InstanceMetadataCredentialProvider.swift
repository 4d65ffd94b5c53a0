import Foundation

/// Credentials of the EC2 instance role, from the instance metadata service with IMDSv2 tokens.
///
/// `PUT /latest/api/token` (TTL header) gives a session token; `GET
/// /latest/meta-data/iam/security-credentials/` names the role; a second `GET` returns its
/// credentials. Each step has a short timeout. Disabled by `AWS_EC2_METADATA_DISABLED=true`;
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` overrides the endpoint (default `http://169.254.169.254`).
public struct InstanceMetadataCredentialProvider: AWSCredentialProvider {
    /// The default metadata endpoint.
    public static let defaultEndpoint = "http://169.254.169.254"
    /// The lifetime requested for IMDSv2 session tokens, in seconds.
    public static let tokenTTLSeconds = 21_600

    private let environment: [String: String]
    private let fetch: CredentialHTTPFetch
    private let timeout: Duration

    /// Creates a provider.
    ///
    /// - Parameters:
    ///   - environment: the variables to read.
    ///   - timeout: the deadline of each of the three requests (1 s by default).
    ///   - fetch: the HTTP transport (URLSession by default; tests inject a fake).
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: Duration = .seconds(1),
        fetch: @escaping CredentialHTTPFetch = CredentialHTTP.urlSession
    ) {
        self.environment = environment
        self.timeout = timeout
        self.fetch = fetch
    }

    /// The provider's name in chain errors.
    public var providerName: String { "EC2 instance metadata (IMDSv2)" }

    /// Fetches the instance role's credentials.
    ///
    /// - Throws: ``CredentialsError``: `notConfigured` (disabled), `invalidEndpoint`, `unreachable`,
    ///   `invalidResponse` (no role attached, error status, bad JSON).
    public func credentials() async throws -> AWSCredentials {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            throw CredentialsError(code: .notConfigured, message: "AWS_EC2_METADATA_DISABLED is true")
        }
        let base = try endpoint()
        let token = try await exchange(
            "PUT",
            base + "/latest/api/token",
            headers: [(name: "X-aws-ec2-metadata-token-ttl-seconds", value: String(Self.tokenTTLSeconds))],
            step: "the IMDSv2 token request"
        )
        let tokenHeader = (name: "X-aws-ec2-metadata-token", value: String(decoding: token, as: UTF8.self))
        let roles = try await exchange(
            "GET",
            base + "/latest/meta-data/iam/security-credentials/",
            headers: [tokenHeader],
            step: "the role name request"
        )
        let roleList = String(decoding: roles, as: UTF8.self)
        guard let role = roleList.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingASCIIWhitespace(),
            !role.isEmpty
        else {
            throw CredentialsError(code: .invalidResponse, message: "the instance has no IAM role attached")
        }
        let body = try await exchange(
            "GET",
            base + "/latest/meta-data/iam/security-credentials/" + AWSURIEncoding.encode(role),
            headers: [tokenHeader],
            step: "the role credentials request"
        )
        return try MetadataCredentials.decode(body, source: "instance metadata for role '\(role)'")
    }

    private func endpoint() throws(CredentialsError) -> String {
        var base =
            environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultEndpoint
        while base.hasSuffix("/") { base.removeLast() }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw CredentialsError(
                code: .invalidEndpoint,
                message: "AWS_EC2_METADATA_SERVICE_ENDPOINT must be an http(s) URL"
            )
        }
        return base
    }

    private func exchange(
        _ method: String,
        _ urlText: String,
        headers: [(name: String, value: String)],
        step: String
    ) async throws -> Data {
        guard let url = URL(string: urlText) else {
            throw CredentialsError(code: .invalidEndpoint, message: "\(step) has an invalid URL")
        }
        let response: CredentialHTTPResponse
        do {
            let request = CredentialHTTPRequest(method: method, url: url, headers: headers, timeout: timeout)
            response = try await fetch(request)
        } catch {
            throw CredentialsError(
                code: .unreachable,
                message: "instance metadata is unreachable (\(step)); not on EC2, or the hop limit is too low: \(error)"
            )
        }
        guard response.status == 200 else {
            throw CredentialsError(code: .invalidResponse, message: "\(step) answered HTTP \(response.status)")
        }
        return response.body
    }
}
