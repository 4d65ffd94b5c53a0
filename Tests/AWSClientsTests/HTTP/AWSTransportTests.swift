import AWSClients
import AWSSigning
import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Testing

/// Counts credential look-ups: the client asks once per attempt, so this counts attempts.
final class CountingCredentials: AWSCredentialProvider {
    let calls = NIOLockedValueBox(0)

    func credentials() async throws -> AWSCredentials {
        calls.withLockedValue { $0 += 1 }
        return AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
    }
}

@Suite("Retries and error handling over real HTTP")
struct AWSTransportTests {
    static let fast = RetryPolicy(
        maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5), deadline: .seconds(10))

    func s3(
        _ endpoint: String,
        _ credentials: CountingCredentials,
        policy: RetryPolicy = fast,
        timeout: Duration = .seconds(10)
    ) -> S3Client {
        S3Client(
            httpClient: .shared,
            credentials: credentials,
            configuration: .init(
                region: "us-east-1", endpoint: endpoint, retryPolicy: policy, requestTimeout: timeout)
        )
    }

    static let slowDown = ScriptedHTTPServer.Reply(
        status: .serviceUnavailable,
        headers: [("x-amz-request-id", "R1")],
        body: "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
    )

    @Test("503 SlowDown is retried and the next success is returned; the request is signed each time")
    func slowDownThenSuccess() async throws {
        let server = try await ScriptedHTTPServer.start([
            Self.slowDown, .init(status: .ok, headers: [("ETag", "\"abc\"")]),
        ])
        let credentials = CountingCredentials()
        let result = try await s3(server.endpoint, credentials).putObject(
            bucket: "b", key: "a b", body: .string("hello"))
        #expect(result.eTag == "abc")
        #expect(credentials.calls.withLockedValue { $0 } == 2)
        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.uri == "/b/a%20b" && $0.bodyBytes == 5 })
        #expect(requests.allSatisfy { $0.headers.first(name: "authorization")?.hasPrefix("AWS4-HMAC-SHA256") == true })
        #expect(requests.first?.headers.first(name: "x-amz-content-sha256")?.count == 64)
        try await server.stop()
    }

    @Test("After the last attempt the typed S3Error of the last answer is thrown")
    func exhausted() async throws {
        let server = try await ScriptedHTTPServer.start([Self.slowDown, Self.slowDown, Self.slowDown])
        let credentials = CountingCredentials()
        await #expect {
            _ = try await s3(server.endpoint, credentials).headBucket("b") as Void
        } throws: { error in
            (error as? S3Error)?.status == 503
        }
        #expect(server.requests.count == 3)
        try await server.stop()
    }

    @Test("A 404 or 403 is never retried")
    func noRetryFor4xx() async throws {
        let server = try await ScriptedHTTPServer.start([
            .init(status: .notFound, body: "<Error><Code>NoSuchKey</Code><Message>m</Message></Error>"),
            .init(status: .forbidden, body: "<Error><Code>AccessDenied</Code><Message>m</Message></Error>"),
        ])
        let client = s3(server.endpoint, CountingCredentials())
        await #expect { _ = try await client.getObject(bucket: "b", key: "k") } throws: {
            ($0 as? S3Error)?.code == .noSuchKey
        }
        await #expect { try await client.deleteObject(bucket: "b", key: "k") } throws: {
            ($0 as? S3Error)?.code == .accessDenied
        }
        #expect(server.requests.count == 2)
        try await server.stop()
    }

    @Test("CompleteMultipartUpload's InternalError inside a 200 is retried; the retry's result is returned")
    func completeErrorIn200() async throws {
        let server = try await ScriptedHTTPServer.start([
            .init(
                status: .ok,
                body: "<?xml version=\"1.0\"?>\n\n<Error><Code>InternalError</Code><Message>x</Message></Error>"),
            .init(
                status: .ok, body: "<CompleteMultipartUploadResult><ETag>\"e-2\"</ETag></CompleteMultipartUploadResult>"
            ),
        ])
        let upload = S3MultipartUpload(bucket: "b", key: "k", uploadID: "u")
        let result = try await s3(server.endpoint, CountingCredentials()).completeMultipartUpload(
            upload, parts: [S3CompletedPart(partNumber: 1, eTag: "a")]
        )
        #expect(result.eTag == "e-2")
        #expect(server.requests.count == 2)
        #expect(server.requests.first?.uri == "/b/k?uploadId=u")
        try await server.stop()
    }

    @Test("A stream body is sent once and not retried; bytes are retried")
    func streamNotRetried() async throws {
        let server = try await ScriptedHTTPServer.start([Self.slowDown, .init(status: .ok)])
        let credentials = CountingCredentials()
        let stream = AsyncStream<ByteBuffer> { continuation in
            continuation.yield(ByteBuffer(string: "once"))
            continuation.finish()
        }
        await #expect {
            _ = try await s3(server.endpoint, credentials).putObject(
                bucket: "b", key: "k", body: .stream(stream, length: 4)
            )
        } throws: { ($0 as? S3Error)?.code == .slowDown }
        #expect(credentials.calls.withLockedValue { $0 } == 1)
        #expect(server.requests.first?.headers.first(name: "x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
        try await server.stop()
    }

    @Test("Connection failures are retried, then reported as ConnectionFailed")
    func connectionRefused() async throws {
        let server = try await ScriptedHTTPServer.start([])
        let endpoint = server.endpoint
        try await server.stop()
        let credentials = CountingCredentials()
        await #expect {
            // AsyncHTTPClient keeps retrying a refused connection until the attempt's timeout.
            try await s3(endpoint, credentials, timeout: .milliseconds(500)).headBucket("b")
        } throws: { error in
            guard let error = error as? AWSClientError else { return false }
            return error.code == .connectionFailed && error.operation == "S3.HeadBucket"
                && !error.message.contains("X-Amz-Signature")
        }
        #expect(credentials.calls.withLockedValue { $0 } == 3)
    }

    @Test("A body cut short is a typed failure, retried like a connection failure")
    func truncatedBody() async throws {
        let cut = ScriptedHTTPServer.Reply(status: .ok, body: "<Tagging><TagSet>", truncateBy: 50)
        let server = try await ScriptedHTTPServer.start([cut, cut, cut])
        await #expect {
            _ = try await s3(server.endpoint, CountingCredentials()).getObjectTagging(bucket: "b", key: "k")
        } throws: { error in
            (error as? AWSClientError)?.code == .connectionFailed
        }
        #expect(server.requests.count == 3)
        try await server.stop()
    }

    @Test("SQS requests are JSON 1.0, signed for sqs, and their JSON errors are typed")
    func sqsProtocol() async throws {
        let server = try await ScriptedHTTPServer.start([
            .init(
                status: .badRequest,
                headers: [("x-amzn-RequestId", "Q1")],
                body: "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\","
                    + "\"message\":\"The specified queue does not exist.\"}"
            )
        ])
        let sqs = SQSClient(
            httpClient: .shared,
            credentials: CountingCredentials(),
            configuration: .init(region: "us-east-1", endpoint: server.endpoint, retryPolicy: Self.fast)
        )
        await #expect {
            _ = try await sqs.getQueueURL(name: "absent")
        } throws: { error in
            guard let error = error as? SQSError else { return false }
            return error.code == .queueDoesNotExist && error.requestID == "Q1"
        }
        let request = try #require(server.requests.first)
        #expect(request.method == .POST)
        #expect(request.uri == "/")
        #expect(request.headers.first(name: "x-amz-target") == "AmazonSQS.GetQueueUrl")
        #expect(request.headers.first(name: "content-type") == "application/x-amz-json-1.0")
        #expect(request.headers.first(name: "authorization")?.contains("/us-east-1/sqs/aws4_request") == true)
        try await server.stop()
    }
}
