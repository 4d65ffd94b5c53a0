import AWSClients
import AWSSigning
import AsyncHTTPClient
import Logging

/// The gateway's AWS clients: one shared HTTP client, the credential chain, S3 and SQS.
///
/// Credentials come from the standard chain (environment, shared profile, container
/// credentials, EC2 instance metadata) fed with the layered `AWS_*` settings, cached and
/// refreshed before expiry. ``shutdown()`` closes the HTTP client.
public final class AWSServices: Sendable {
    /// The shared HTTP client (owned: shut down by ``shutdown()``).
    public let httpClient: HTTPClient
    /// The credential chain.
    public let credentials: CredentialProviderChain
    /// The S3 client.
    public let s3: S3Client
    /// The SQS client.
    public let sqs: SQSClient

    /// Creates the clients from the AWS settings.
    public init(settings: AWSSettings, logger: Logger) {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        self.httpClient = httpClient
        let credentials = CredentialProviderChain.standard(profile: settings.profile, environment: settings.variables)
        self.credentials = credentials
        s3 = S3Client(
            httpClient: httpClient,
            credentials: credentials,
            configuration: .init(region: settings.region, endpoint: settings.s3Endpoint),
            logger: Logger(label: "attache.aws.s3")
        )
        sqs = SQSClient(
            httpClient: httpClient,
            credentials: credentials,
            configuration: .init(region: settings.region, endpoint: settings.sqsEndpoint),
            logger: Logger(label: "attache.aws.sqs")
        )
    }

    /// Closes the HTTP client; call once, when the gateway stops.
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }
}
