import AWSClients
import AWSSigning
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import TestSupport

@testable import Gateway

/// A whole gateway assembled from configuration values, as `attache dev` (embedded store,
/// in-process events, built-in policy scanner) or `attache serve` in production (S3 + SQS in
/// moto, clamd) assemble it: runtime, pipeline, router, scan worker. Tests drive it through its
/// HTTP API and upload to the URLs it hands out.
struct GatewayStack: Sendable {
    let runtime: GatewayRuntime
    let pipeline: GatewayPipeline
    let directory: URL
    /// Whether object URLs point at moto (production) rather than the gateway's own routes.
    let usesS3: Bool

    /// The embedded-store gateway (`attache dev`).
    static func dev() throws -> GatewayStack {
        let directory = temporaryDirectory()
        return try GatewayStack(
            values: [
                "ATTACHE_PUBLIC_URL": "http://127.0.0.1:1"
            ],
            directory: directory,
            usesS3: false
        )
    }

    /// The production gateway on fresh moto buckets and queue, scanning with the clamd at
    /// `clamd` (`tcp://127.0.0.1:PORT`).
    static func production(clamd: String) async throws -> GatewayStack {
        let moto = try await MotoResources.make()
        let directory = temporaryDirectory()
        return try GatewayStack(
            values: [
                "ATTACHE_STORE": "s3",
                "ATTACHE_QUARANTINE_BUCKET": moto.quarantine,
                "ATTACHE_CLEAN_BUCKET": moto.clean,
                "ATTACHE_QUEUE_URL": moto.queueURL,
                "ATTACHE_CLAMD": clamd,
                "AWS_ENDPOINT_URL": moto.endpoint,
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": "us-east-1",
            ],
            directory: directory,
            usesS3: true
        )
    }

    private init(values: [String: String], directory: URL, usesS3: Bool) throws {
        let configuration = try GatewayConfiguration.embedded(in: directory, origin: "test", values: values)
        let logger = Logger(label: "test.gateway")
        runtime = try GatewayRuntime(configuration: configuration, logger: logger)
        pipeline = try GatewayPipeline(runtime: runtime, logger: logger)
        self.directory = directory
        self.usesS3 = usesS3
    }

    private static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("attache-stack-\(UUID().uuidString)")
    }

    /// Runs the scan worker while `body` talks to the router, then stops the worker and closes
    /// the runtime.
    func run(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let app = Application(router: GatewayRouter.make(health: runtime.health, pipeline: pipeline))
        let outcome: Result<Void, any Error>
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await pipeline.worker.run() }
                defer { group.cancelAll() }
                try await app.test(.router) { client in try await body(client) }
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await runtime.close()
        try outcome.get()
    }

    /// Performs an upload request the gateway handed out (a presigned S3 URL, or one of the
    /// gateway's own signed object URLs) and returns the status and the `ETag`.
    func put(
        _ url: String, headers: [String: String] = [:], body: ByteBuffer, client: any TestClientProtocol
    ) async throws -> (status: Int, etag: String?) {
        if usesS3 {
            var request = HTTPClientRequest(url: url)
            request.method = .PUT
            for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
            request.body = .bytes(body)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
            _ = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), response.headers.first(name: "ETag"))
        }
        guard let components = URLComponents(string: url) else { throw StackError("not a URL: \(url)") }
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        let uri = components.percentEncodedPath + "?" + (components.percentEncodedQuery ?? "")
        return try await client.execute(uri: uri, method: .put, headers: fields, body: body) { response in
            (Int(response.status.code), response.headers[.eTag])
        }
    }

    /// Every object and unfinished multipart upload the object store holds: `quarantine/KEY`,
    /// `clean/KEY`, `multipart/ID`.
    func inventory() async throws -> Set<String> {
        var items = Set<String>()
        if usesS3 {
            let configuration = runtime.configuration
            guard let s3 = runtime.aws?.s3, let quarantine = configuration.quarantineBucket,
                let clean = configuration.cleanBucket
            else { throw StackError("no S3 configured") }
            for (area, bucket) in [("quarantine", quarantine), ("clean", clean)] {
                let page = try await s3.listObjectsV2(bucket: bucket)
                items.formUnion(page.objects.map { "\(area)/\($0.key)" })
            }
            let uploads = try await s3.listMultipartUploads(bucket: quarantine)
            items.formUnion(uploads.uploads.map { "multipart/\($0.upload.uploadID)" })
            return items
        }
        let root = directory.appendingPathComponent("objects")
        let files = FileManager.default
        for area in ["quarantine", "clean"] {
            let base = root.appendingPathComponent(area)
            let found = files.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = found?.nextObject() as? URL {
                let relative = String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1))
                let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
                if isFile, !relative.hasSuffix(LocalObjectLayout.metadataSuffix) { items.insert("\(area)/\(relative)") }
            }
        }
        let uploads = (try? files.contentsOfDirectory(atPath: root.appendingPathComponent("multipart").path)) ?? []
        items.formUnion(uploads.map { "multipart/\($0)" })
        return items
    }

    /// Polls `GET /v1/uploads/{id}` until the upload reaches a final state (or `limit` passes).
    func waitForFinalState(
        _ fileId: String, auth: String, client: any TestClientProtocol, limit: Duration = .seconds(180)
    ) async throws -> UploadAPI.StatusResponse {
        let deadline = ContinuousClock.now + limit
        while true {
            let status = try await client.call("/v1/uploads/\(fileId)", .get, auth: auth) { response in
                try response.decode(UploadAPI.StatusResponse.self)
            }
            if status.state.isFinal || ContinuousClock.now >= deadline { return status }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    struct StackError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Fresh quarantine and clean buckets in moto, the quarantine bucket's ObjectCreated
/// notifications going to a fresh SQS queue.
struct MotoResources: Sendable {
    let endpoint: String
    let s3: S3Client
    let sqs: SQSClient
    let quarantine: String
    let clean: String
    let queueURL: String

    static func make() async throws -> MotoResources {
        let endpoint = try TestEnvironment.require(.moto)
        let credentials = StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing")
        let s3 = S3Client(
            httpClient: .shared, credentials: credentials,
            configuration: .init(region: "us-east-1", endpoint: endpoint))
        let sqs = SQSClient(
            httpClient: .shared, credentials: credentials,
            configuration: .init(region: "us-east-1", endpoint: endpoint))
        let quarantine = TestEnvironment.uniqueName("attache-q")
        let clean = TestEnvironment.uniqueName("attache-c")
        try await s3.createBucket(quarantine)
        try await s3.createBucket(clean)
        let queueURL = try await sqs.createQueue(name: TestEnvironment.uniqueName("attache-events"))
        let arn = try await sqs.queueARN(queueURL: queueURL)
        try await s3.putBucketNotificationConfiguration(
            quarantine,
            queues: [S3QueueConfiguration(queueARN: arn, events: ["s3:ObjectCreated:*"])]
        )
        return MotoResources(
            endpoint: endpoint, s3: s3, sqs: sqs, quarantine: quarantine, clean: clean, queueURL: queueURL)
    }
}
