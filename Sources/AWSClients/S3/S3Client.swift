import AWSSigning
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// An S3 client on AsyncHTTPClient, signing with SigV4.
///
/// The caller owns the `HTTPClient` (one shared client for the process) and shuts it down. The
/// client is a value: copy it freely. Operations live in extensions by concept: objects,
/// tagging, multipart uploads, listing, buckets, presigning.
public struct S3Client: Sendable {
    /// How the client reaches S3.
    public struct Configuration: Sendable {
        /// The region, e.g. `us-east-1`; it is also the SigV4 scope's region.
        public var region: String
        /// A custom endpoint such as moto's `http://127.0.0.1:5000`; `nil` is AWS's regional endpoint.
        public var endpoint: String?
        /// Path-style (`endpoint/bucket/key`) or virtual-hosted (`bucket.endpoint/key`) addressing.
        public var addressing: S3AddressingStyle
        /// Retries for failed requests.
        public var retryPolicy: RetryPolicy
        /// The longest one attempt may take until the response head arrives (this includes
        /// sending the request body).
        public var requestTimeout: Duration

        /// Creates a configuration.
        /// - Parameters:
        ///   - region: the region.
        ///   - endpoint: a custom endpoint (`scheme://host[:port]`), or `nil` for AWS.
        ///   - addressing: the addressing style; `nil` picks path-style for custom endpoints and
        ///     virtual-hosted for AWS.
        ///   - retryPolicy: the retry policy.
        ///   - requestTimeout: the per-attempt timeout.
        public init(
            region: String,
            endpoint: String? = nil,
            addressing: S3AddressingStyle? = nil,
            retryPolicy: RetryPolicy = .default,
            requestTimeout: Duration = .seconds(300)
        ) {
            self.region = region
            self.endpoint = endpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            self.addressing = addressing ?? (endpoint == nil ? .virtualHosted : .path)
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
        }
    }

    /// The configuration.
    public let configuration: Configuration
    let transport: AWSTransport
    let credentials: any AWSCredentialProvider
    let logger: Logger

    /// Creates a client.
    /// - Parameters:
    ///   - httpClient: the shared HTTP client; the caller shuts it down.
    ///   - credentials: where credentials come from (asked before every attempt).
    ///   - configuration: region, endpoint, addressing, retries.
    ///   - logger: where retries and failures are logged (never URLs with signatures or bodies).
    public init(
        httpClient: HTTPClient,
        credentials: any AWSCredentialProvider,
        configuration: Configuration,
        logger: Logger = Logger(label: "attache.aws.s3")
    ) {
        self.configuration = configuration
        self.credentials = credentials
        self.logger = logger
        self.transport = AWSTransport(
            httpClient: httpClient,
            credentials: credentials,
            region: configuration.region,
            service: "s3",
            retryPolicy: configuration.retryPolicy,
            requestTimeout: configuration.requestTimeout,
            logger: logger,
            decodeError: { status, headers, body in
                S3ErrorDecoding.decode(status: status, headers: headers, body: body, operation: "S3", resource: nil)
            }
        )
    }

    /// The endpoint in use: the custom one, or `https://s3.{region}.amazonaws.com`.
    public var endpoint: String {
        configuration.endpoint ?? "https://s3.\(configuration.region).amazonaws.com"
    }

    /// Builds the encoded URL of a bucket or object.
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - key: the object key, or `nil` for the bucket itself.
    ///   - query: query parameters (names and values are encoded here); a `nil` value writes `name=`.
    /// - Throws: ``AWSClientError`` (`invalidRequest`) for an empty bucket name or a bad endpoint.
    func url(bucket: String, key: String? = nil, query: [(String, String?)] = []) throws -> String {
        guard !bucket.isEmpty, !bucket.contains("/") else {
            throw AWSClientError(.invalidRequest, "the bucket name \"\(bucket)\" is empty or contains '/'")
        }
        if let key, key.isEmpty {
            throw AWSClientError(.invalidRequest, "the object key is empty")
        }
        guard let schemeEnd = endpoint.range(of: "://") else {
            throw AWSClientError(.invalidRequest, "the S3 endpoint \"\(endpoint)\" is not scheme://host[:port]")
        }
        let scheme = endpoint[..<schemeEnd.lowerBound]
        let host = endpoint[schemeEnd.upperBound...]
        guard scheme == "http" || scheme == "https", !host.isEmpty, !host.contains("/") else {
            throw AWSClientError(
                .invalidRequest,
                "the S3 endpoint \"\(endpoint)\" is not http(s)://host[:port] without a path"
            )
        }
        var text: String
        if configuration.addressing == .virtualHosted && S3AddressingStyle.isVirtualHostCompatible(bucket) {
            text = "\(scheme)://\(bucket).\(host)/"
            if let key { text += AWSURIEncoding.encode(key, encodeSlash: false) }
        } else {
            text = endpoint + "/" + AWSURIEncoding.encode(bucket)
            if let key { text += "/" + AWSURIEncoding.encode(key, encodeSlash: false) }
        }
        if !query.isEmpty {
            text += "?" + AWSURIEncoding.query(query.map { (name: $0.0, value: $0.1) })
        }
        return text
    }

    /// Sends a request and returns the streaming response, decoding errors for this resource.
    func stream(_ request: AWSRequest, operation: String, resource: String) async throws -> HTTPClientResponse {
        try await transport(for: operation, resource: resource).stream(request, operation: operation)
    }

    /// Sends a request and parses its collected response, decoding errors for this resource.
    func collect<T: Sendable>(
        _ request: AWSRequest,
        operation: String,
        resource: String,
        parse: @Sendable (AWSTransport.CollectedResponse) throws -> T
    ) async throws -> T {
        do {
            return try await transport(for: operation, resource: resource).collect(
                request,
                operation: operation,
                parse: parse
            )
        } catch let error as AWSClientError {
            throw error.withContext(operation: operation)
        }
    }

    /// The transport with an error decoder that names the operation and resource.
    private func transport(for operation: String, resource: String) -> AWSTransport {
        var transport = self.transport
        transport.decodeError = { status, headers, body in
            S3ErrorDecoding.decode(
                status: status,
                headers: headers,
                body: body,
                operation: operation,
                resource: resource
            )
        }
        return transport
    }

    /// `/bucket/key` for `x-amz-copy-source`: each part URI-encoded, `/` kept in the key.
    static func copySource(bucket: String, key: String) -> String {
        "/" + AWSURIEncoding.encode(bucket) + "/" + AWSURIEncoding.encode(key, encodeSlash: false)
    }

    /// `/bucket/key` for errors and logs.
    static func resource(_ bucket: String, _ key: String? = nil) -> String {
        key.map { "/\(bucket)/\($0)" } ?? "/\(bucket)"
    }
}

/// How bucket names appear in S3 URLs.
public struct S3AddressingStyle: Sendable, Hashable, CustomStringConvertible {
    let name: String

    /// `endpoint/bucket/key`: works with any endpoint, required for moto on loopback.
    public static let path = S3AddressingStyle(name: "path")
    /// `bucket.endpoint/key`: AWS's preferred form; buckets whose names are not DNS labels (dots,
    /// upper case) fall back to path-style.
    public static let virtualHosted = S3AddressingStyle(name: "virtual-hosted")

    /// `path` or `virtual-hosted`.
    public var description: String { name }

    /// Whether the bucket name can be a host label: 3–63 lowercase letters, digits and hyphens.
    static func isVirtualHostCompatible(_ bucket: String) -> Bool {
        guard (3...63).contains(bucket.utf8.count), bucket.first != "-", bucket.last != "-" else { return false }
        return bucket.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
        }
    }
}
