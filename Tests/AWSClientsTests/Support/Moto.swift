import AWSClients
import AWSSigning
import AsyncHTTPClient
import NIOConcurrencyHelpers
import TestSupport

/// Clients for integration tests against moto's server (S3 and SQS on one endpoint).
enum Moto {
    private static let announced = NIOLockedValueBox(false)

    /// moto's endpoint; prints it once per process so CI logs show the tests ran against it.
    static func endpoint() throws -> String {
        let endpoint = try TestEnvironment.require(.moto)
        let first = announced.withLockedValue { done in
            defer { done = true }
            return !done
        }
        if first { print("AWSClientsTests: integration tests use moto at \(endpoint) (path-style, us-east-1)") }
        return endpoint
    }

    /// Any non-empty credentials work with moto.
    static let credentials = StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing")

    /// An S3 client for moto.
    static func s3(retryPolicy: RetryPolicy = .default) throws -> S3Client {
        S3Client(
            httpClient: .shared,
            credentials: credentials,
            configuration: .init(region: "us-east-1", endpoint: try endpoint(), retryPolicy: retryPolicy)
        )
    }

    /// An SQS client for moto.
    static func sqs() throws -> SQSClient {
        SQSClient(
            httpClient: .shared,
            credentials: credentials,
            configuration: .init(region: "us-east-1", endpoint: try endpoint())
        )
    }

    /// Creates a bucket with a unique name.
    static func bucket(_ s3: S3Client, _ prefix: String) async throws -> String {
        let name = TestEnvironment.uniqueName(prefix)
        try await s3.createBucket(name)
        return name
    }
}

/// Deterministic pseudo-random bytes (xorshift64), fast enough for tens of MiB.
func testBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    var bytes = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        var word = state
        for _ in 0..<8 where index < count {
            bytes[index] = UInt8(truncatingIfNeeded: word)
            word >>= 8
            index += 1
        }
    }
    return bytes
}

/// The lowercase hex SHA-256 of bytes.
func sha256Hex(_ bytes: [UInt8]) throws -> String {
    try SigV4Payload.bytes(bytes).canonicalHash()
}
