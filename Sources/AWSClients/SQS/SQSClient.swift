import AWSSigning
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// An SQS client on AsyncHTTPClient, speaking the AWS JSON 1.0 protocol.
///
/// Why JSON rather than the older query protocol: AWS made JSON the default for SQS (its SDKs
/// switched in 2023), its requests and errors are simpler to produce and read, and moto's server
/// accepts both. Every request is a `POST /` with `X-Amz-Target: AmazonSQS.<Operation>` and
/// `Content-Type: application/x-amz-json-1.0`, signed with SigV4 for the service `sqs`. The
/// signature matters even against moto: moto picks the service from the SigV4 credential scope,
/// so an unsigned request (or one signed for `s3`) is answered by its S3 side.
public struct SQSClient: Sendable {
    /// How the client reaches SQS.
    public struct Configuration: Sendable {
        /// The region, e.g. `us-east-1`.
        public var region: String
        /// A custom endpoint such as moto's `http://127.0.0.1:5000`; `nil` is
        /// `https://sqs.{region}.amazonaws.com`.
        public var endpoint: String?
        /// Retries for failed requests.
        public var retryPolicy: RetryPolicy
        /// The per-attempt timeout for requests other than long polls (which wait
        /// `WaitTimeSeconds` plus this).
        public var requestTimeout: Duration

        /// Creates a configuration.
        /// - Parameters:
        ///   - region: the region.
        ///   - endpoint: a custom endpoint, or `nil` for AWS.
        ///   - retryPolicy: the retry policy.
        ///   - requestTimeout: the per-attempt timeout.
        public init(
            region: String,
            endpoint: String? = nil,
            retryPolicy: RetryPolicy = .default,
            requestTimeout: Duration = .seconds(30)
        ) {
            self.region = region
            self.endpoint = endpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
        }
    }

    /// The configuration.
    public let configuration: Configuration
    let transport: AWSTransport

    /// Creates a client.
    /// - Parameters:
    ///   - httpClient: the shared HTTP client; the caller shuts it down.
    ///   - credentials: where credentials come from.
    ///   - configuration: region, endpoint, retries.
    ///   - logger: where retries and failures are logged (never message bodies).
    public init(
        httpClient: HTTPClient,
        credentials: any AWSCredentialProvider,
        configuration: Configuration,
        logger: Logger = Logger(label: "attache.aws.sqs")
    ) {
        self.configuration = configuration
        self.transport = AWSTransport(
            httpClient: httpClient,
            credentials: credentials,
            region: configuration.region,
            service: "sqs",
            retryPolicy: configuration.retryPolicy,
            requestTimeout: configuration.requestTimeout,
            logger: logger,
            decodeError: { status, headers, body in
                SQSErrorDecoding.decode(status: status, headers: headers, body: body, operation: "SQS")
            }
        )
    }

    /// The endpoint in use.
    public var endpoint: String {
        configuration.endpoint ?? "https://sqs.\(configuration.region).amazonaws.com"
    }

    /// Sends one JSON 1.0 request and decodes the response.
    func call<Input: Encodable, Output: Decodable & Sendable>(
        _ operation: String,
        _ input: Input,
        as output: Output.Type,
        timeout: Duration? = nil
    ) async throws -> Output {
        let name = "SQS.\(operation)"
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else {
            throw AWSClientError(
                .invalidRequest, "the SQS endpoint \"\(endpoint)\" is not http(s)://host[:port]", operation: name
            )
        }
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(input))
        } catch {
            throw AWSClientError(.invalidRequest, "cannot encode the request: \(error)", operation: name)
        }
        let request = AWSRequest(
            method: .POST,
            url: endpoint + "/",
            headers: [
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "AmazonSQS.\(operation)"),
            ],
            body: .bytes(body),
            timeout: timeout
        )
        var transport = self.transport
        transport.decodeError = { status, headers, body in
            SQSErrorDecoding.decode(status: status, headers: headers, body: body, operation: name)
        }
        do {
            return try await transport.collect(request, operation: name) { response in
                try Self.decode(Output.self, from: response, operation: name)
            }
        } catch let error as AWSClientError {
            throw error.withContext(operation: name)
        }
    }

    /// Decodes a JSON response body; an empty body decodes as `{}`.
    static func decode<Output: Decodable>(
        _ type: Output.Type,
        from response: AWSTransport.CollectedResponse,
        operation: String
    ) throws -> Output {
        var bytes = Data(response.body.readableBytesView)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) { bytes = Data("{}".utf8) }
        guard ValidUTF8.isValid(bytes) else {
            throw AWSClientError(.nonUTF8Response, "the response body is not valid UTF-8", status: response.status)
        }
        do {
            return try JSONDecoder().decode(Output.self, from: bytes)
        } catch DecodingError.dataCorrupted(let context) {
            throw AWSClientError(
                .malformedResponse,
                "the response is not valid JSON: \(context.debugDescription)",
                status: response.status
            )
        } catch {
            throw AWSClientError(
                .unexpectedResponse,
                "the JSON response does not have the expected shape: \(error)",
                status: response.status
            )
        }
    }
}
