import Foundation
import TestSupport
import Testing

@testable import AWSSigning

/// Records the requests a provider makes and answers from a table.
actor FakeTransport {
    private(set) var requests: [(method: String, url: String, headers: [String: String])] = []
    private let answers: [String: (Int, String)]

    init(_ answers: [String: (Int, String)]) {
        self.answers = answers
    }

    func handle(_ request: CredentialHTTPRequest) throws -> CredentialHTTPResponse {
        var headers: [String: String] = [:]
        for header in request.headers { headers[header.name] = header.value }
        requests.append((request.method, request.url.absoluteString, headers))
        guard let (status, body) = answers["\(request.method) \(request.url.absoluteString)"] else {
            throw URLError(.cannotConnectToHost)
        }
        return CredentialHTTPResponse(status: status, body: Data(body.utf8))
    }

    nonisolated var fetch: CredentialHTTPFetch {
        { request in try await self.handle(request) }
    }
}

@Suite("Container and instance metadata credentials")
struct MetadataCredentialProviderTests {
    static let document = """
        {"Code":"Success","AccessKeyId":"ASIAMETA","SecretAccessKey":"s","Token":"t",
         "Expiration":"2026-11-25T18:00:00Z"}
        """

    @Test("The container provider calls 169.254.170.2 + relative URI with the authorization token")
    func containerRelative() async throws {
        let transport = FakeTransport(["GET http://169.254.170.2/v2/credentials/abc": (200, Self.document)])
        let provider = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic xyz",
            ],
            fetch: transport.fetch
        )
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "ASIAMETA")
        #expect(credentials.sessionToken == "t")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_795_629_600))
        #expect(await transport.requests.first?.headers["Authorization"] == "Basic xyz")
    }

    @Test(
        "Full container URIs must be https or loopback/agent http",
        arguments: [
            ("https://creds.example.com/x", true),
            ("http://127.0.0.1:8080/x", true),
            ("http://localhost/x", true),
            ("http://169.254.170.23/v1/credentials", true),
            ("http://[::1]:9/x", true),
            ("http://example.com/x", false),
            ("http://10.0.0.1/x", false),
            ("not a url", false),
        ])
    func fullURIValidation(uri: String, allowed: Bool) throws {
        let provider = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri])
        if allowed {
            _ = try provider.endpoint()
        } else {
            #expect(throws: CredentialsError.self) { try provider.endpoint() }
        }
    }

    @Test("IMDSv2: token PUT with TTL, then role name, then role credentials, each with the token")
    func imdsFlow() async throws {
        let base = "http://169.254.169.254/latest"
        let transport = FakeTransport([
            "PUT \(base)/api/token": (200, "tok"),
            "GET \(base)/meta-data/iam/security-credentials/": (200, "my-role\n"),
            "GET \(base)/meta-data/iam/security-credentials/my-role": (200, Self.document),
        ])
        let credentials = try await InstanceMetadataCredentialProvider(environment: [:], fetch: transport.fetch)
            .credentials()
        #expect(credentials.accessKeyID == "ASIAMETA")
        let requests = await transport.requests
        #expect(requests.map(\.method) == ["PUT", "GET", "GET"])
        #expect(requests[0].headers["X-aws-ec2-metadata-token-ttl-seconds"] == "21600")
        #expect(requests[1].headers["X-aws-ec2-metadata-token"] == "tok")
        #expect(requests[2].headers["X-aws-ec2-metadata-token"] == "tok")
    }

    @Test(
        "IMDS failures are typed: disabled, unreachable, no role, error status, bad JSON",
        arguments: [
            ("disabled", CredentialsError.Code.notConfigured),
            ("unreachable", .unreachable),
            ("norole", .invalidResponse),
            ("status", .invalidResponse),
            ("json", .invalidResponse),
        ])
    func imdsFailures(scenario: String, code: CredentialsError.Code) async {
        let base = "http://169.254.169.254/latest"
        var answers: [String: (Int, String)] = [
            "PUT \(base)/api/token": (200, "tok"),
            "GET \(base)/meta-data/iam/security-credentials/": (200, scenario == "norole" ? "" : "r"),
            "GET \(base)/meta-data/iam/security-credentials/r": (200, scenario == "json" ? "<html>" : Self.document),
        ]
        if scenario == "unreachable" { answers = [:] }
        if scenario == "status" { answers["PUT \(base)/api/token"] = (403, "") }
        let environment = scenario == "disabled" ? ["AWS_EC2_METADATA_DISABLED": "true"] : [:]
        let provider = InstanceMetadataCredentialProvider(environment: environment, fetch: FakeTransport(answers).fetch)
        do {
            _ = try await provider.credentials()
            Issue.record("expected an error")
        } catch let error as CredentialsError {
            #expect(error.code == code)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(
        "Over real HTTP (URLSession) against a local fake IMDS and container endpoint",
        .enabled(if: TestEnvironment.isAvailable(.python)))
    func liveLoopback() async throws {
        let server = try FakeMetadataServer(python: try TestEnvironment.require(.python))
        defer { server.stop() }
        let imds = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(server.port)/"]
        )
        let fromIMDS = try await imds.credentials()
        #expect(fromIMDS.accessKeyID == "ASIAFAKEIMDS")
        #expect(fromIMDS.sessionToken == "fake-session-token")

        let container = ContainerCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/container-creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-secret",
        ])
        #expect(try await container.credentials().accessKeyID == "ASIAFAKEIMDS")

        let wrongToken = ContainerCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:\(server.port)/container-creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong",
        ])
        await #expect(throws: CredentialsError.self) { try await wrongToken.credentials() }
    }
}
