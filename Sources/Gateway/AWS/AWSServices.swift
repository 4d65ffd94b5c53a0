import AWSClients
import AWSSigning
import AsyncHTTPClient
import Logging

/// The gateway's AWS clients: one shared HTTP client, the credential chain, S3 and SQS.
///
/// Credentials come from the standard chain (environment, shared profile, container
/// credentials, EC2 instance metadata) fed with the layered `AWS_*` settings, cached and
/// refreshed before expiry. Requests go through AsyncHTTPClient's process-wide shared client,
/// which needs no shutdown: a runtime dropped on an error path cannot leak or crash it.
public final class AWSServices: Sendable {
    /// The HTTP client (`HTTPClient.shared`: the default configuration, nothing to shut down).
    public let httpClient: HTTPClient
    /// The credential chain.
    public let credentials: CredentialProviderChain
    /// The S3 client.
    public let s3: S3Client
    /// The SQS client.
    public let sqs: SQSClient

    /// Creates the clients from the AWS settings.
    public init(settings: AWSSettings, logger: Logger) {
        let httpClient = HTTPClient.shared
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

    /// Releases what the clients hold. The shared HTTP client outlives the gateway, so there is
    /// nothing to close today; kept so callers stay correct if the clients gain resources.
    public func shutdown() async throws {}
}
