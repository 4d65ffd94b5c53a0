import Foundation
import GuestClient
import Testing

/// The uploader against a real gateway on 127.0.0.1 in dev mode (embedded object store signing
/// and serving its own URLs, built-in policy scanner): every byte goes through the same HTTP
/// API and presigned-URL path a production client uses. Multipart files use the gateway's
/// default 8 MiB parts.
@Suite("GatewayUploader against a live gateway")
struct GatewayUploaderLiveTests {
    static let fastRetry = ReconnectPolicy(base: .milliseconds(10), cap: .milliseconds(100), maxAttempts: 6)

    static func uploader(
        _ gateway: LiveGateway, token: String, store: any UploadResumeStore = InMemoryUploadResumeStore(),
        transport: any UploadHTTPTransport, concurrency: Int = 4
    ) -> GatewayUploader {
        GatewayUploader(
            configuration: GatewayUploaderConfiguration(
                gatewayURL: gateway.baseURL, concurrency: concurrency, retry: fastRetry,
                statusPollInterval: .milliseconds(50)),
            credentials: .guestSession(token: token, deploymentId: "upload-tests"),
            resumeStore: store, transport: transport)
    }

    static func token() -> String { "guest-token-\(UUID().uuidString)" }

    @Test("A 20 MiB file goes up in 3 parts, 4 at a time, with progress, and ends clean with the same SHA-256")
    func multipartEndsClean() async throws {
        let file = try TestFile.make(size: 20 << 20, seed: 1)
        defer { file.remove() }
        try await LiveGateway.with { gateway in
            let transport = RecordingTransport()
            let store = InMemoryUploadResumeStore()
            let uploader = Self.uploader(gateway, token: Self.token(), store: store, transport: transport)
            let upload = uploader.start(
                GatewayUploadRequest(fileURL: file.url, filename: "scan.pdf", contentType: "application/pdf"))
            var events: [GatewayUploadProgress] = []
            for await event in upload.progress { events.append(event) }
            let result = try await upload.result()

            #expect(result.partsSent == 3)
            #expect(!result.resumed)
            #expect(transport.puts.compactMap(\.partNumber).sorted() == [1, 2, 3])
            #expect(events.first?.bytesSent == 0)
            #expect(events.last?.bytesSent == file.size)
            #expect(events.last?.fraction == 1)
            #expect(zip(events, events.dropFirst()).allSatisfy { $0.bytesSent <= $1.bytesSent })
            #expect(events.compactMap(\.part).sorted() == [1, 2, 3])
            #expect(await store.all().isEmpty)

            let final = try await uploader.waitForFinalState(fileId: result.fileId)
            #expect(final.state == .clean)
            #expect(try gateway.cleanObjectSHA256() == file.sha256)
        }
    }

    @Test("Concurrency is bounded: never more part PUTs in flight than configured", arguments: [1, 2])
    func concurrencyIsBounded(limit: Int) async throws {
        let file = try TestFile.make(size: 40 << 20, seed: 9)
        defer { file.remove() }
        try await LiveGateway.with { gateway in
            let transport = RecordingTransport()
            let uploader = Self.uploader(gateway, token: Self.token(), transport: transport, concurrency: limit)
            let result = try await uploader.upload(
                GatewayUploadRequest(fileURL: file.url, contentType: "application/pdf"))
            #expect(result.partsSent == 5)
            #expect(transport.maxPutsInFlight <= limit)
            #expect(transport.maxPutsInFlight >= 1)
            #expect(try await uploader.waitForFinalState(fileId: result.fileId).state == .clean)
            #expect(try gateway.cleanObjectSHA256() == file.sha256)
        }
    }

    @Test("A small file goes up in one presigned PUT and ends clean")
    func singlePutEndsClean() async throws {
        let file = try TestFile.make(size: 300_000, seed: 2)
        defer { file.remove() }
        try await LiveGateway.with { gateway in
            let transport = RecordingTransport()
            let uploader = Self.uploader(gateway, token: Self.token(), transport: transport)
            let result = try await uploader.upload(
                GatewayUploadRequest(fileURL: file.url, contentType: "application/pdf", sha256: file.sha256))
            #expect(transport.puts.count == 1)
            #expect(try await uploader.waitForFinalState(fileId: result.fileId).state == .clean)
            #expect(try gateway.cleanObjectSHA256() == file.sha256)
        }
    }

    /// Starts a 5-part upload whose object store lets only `acknowledged` PUTs through, waits
    /// until the resume store holds their ETags, then pauses it (as a process that dies would
    /// stop). Returns the file id and the part numbers acknowledged.
    static func interrupt(
        _ gateway: LiveGateway, file: TestFile, token: String, store: any UploadResumeStore,
        acknowledged: Int
    ) async throws -> (fileId: String, parts: Set<Int>) {
        let held = RecordingTransport(holdPutsAfter: acknowledged)
        let first = uploader(gateway, token: token, store: store, transport: held)
        let upload = first.start(
            GatewayUploadRequest(fileURL: file.url, contentType: "application/pdf", resumeKey: "report"))
        try await eventually("\(acknowledged) parts acknowledged") {
            try await store.load(key: "report")?.etags.count == acknowledged
        }
        upload.pause()
        await #expect(throws: CancellationError.self) { try await upload.result() }
        let state = try #require(try await store.load(key: "report"))
        return (state.fileId, Set(state.etags.keys))
    }

    @Test("An interrupted upload resumes in a new uploader from the persisted state and sends only the missing parts")
    func resumesFromPersistedState() async throws {
        let file = try TestFile.make(size: 40 << 20, seed: 3)
        defer { file.remove() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: path) }
        try await LiveGateway.with { gateway in
            let token = Self.token()
            let (fileId, done) = try await Self.interrupt(
                gateway, file: file, token: token, store: FileUploadResumeStore(path: path.path), acknowledged: 2)
            #expect(done.count == 2)

            // A new process: new store object on the same file, new uploader, new transport.
            let transport = RecordingTransport()
            let store = FileUploadResumeStore(path: path.path)
            let second = Self.uploader(gateway, token: token, store: store, transport: transport)
            let result = try await second.upload(
                GatewayUploadRequest(fileURL: file.url, contentType: "application/pdf", resumeKey: "report"))

            #expect(result.fileId == fileId)
            #expect(result.resumed)
            #expect(result.partsSent == 3)
            #expect(Set(transport.puts.compactMap(\.partNumber)) == Set(1...5).subtracting(done))
            #expect(transport.puts.count == 3)
            #expect(transport.count("GET", pathSuffix: "/parts") == 0)
            #expect(try await store.all().isEmpty)
            #expect(try await second.waitForFinalState(fileId: fileId).state == .clean)
            #expect(try gateway.cleanObjectSHA256() == file.sha256)
        }
    }

    @Test("With the local state lost, a known file id resumes from GET /v1/uploads/{id}/parts")
    func resumesFromListParts() async throws {
        let file = try TestFile.make(size: 40 << 20, seed: 4)
        defer { file.remove() }
        try await LiveGateway.with { gateway in
            let token = Self.token()
            let lost = InMemoryUploadResumeStore()
            let (fileId, done) = try await Self.interrupt(
                gateway, file: file, token: token, store: lost, acknowledged: 2)
            await lost.remove(key: "report")

            let transport = RecordingTransport()
            let third = Self.uploader(gateway, token: token, transport: transport)
            let result = try await third.upload(
                GatewayUploadRequest(
                    fileURL: file.url, contentType: "application/pdf", resumeKey: "report", fileId: fileId))

            #expect(result.resumed)
            #expect(transport.count("GET", pathSuffix: "/v1/uploads/\(fileId)/parts") == 1)
            #expect(Set(transport.puts.compactMap(\.partNumber)) == Set(1...5).subtracting(done))
            #expect(transport.puts.count == 3)
            #expect(try await third.waitForFinalState(fileId: fileId).state == .clean)
            #expect(try gateway.cleanObjectSHA256() == file.sha256)
        }
    }

    @Test("A part refused for a stale signature gets a fresh URL and is sent again; a dropped PUT is retried")
    func failedPartsAreRetried() async throws {
        let file = try TestFile.make(size: 20 << 20, seed: 5)
        defer { file.remove() }
        try await LiveGateway.with { gateway in
            let transport = RecordingTransport(spoilFirstPutOf: [2], dropFirstPutOf: [3])
            let uploader = Self.uploader(gateway, token: Self.token(), transport: transport)
            let result = try await uploader.upload(
                GatewayUploadRequest(fileURL: file.url, contentType: "application/pdf"))

            #expect(transport.puts.filter { $0.partNumber == 2 }.count == 2)
            #expect(transport.requests.filter { $0.method == "PUT-dropped" }.map(\.partNumber) == [3])
            #expect(transport.puts.filter { $0.partNumber == 3 }.count == 1)
            #expect(transport.count("POST", pathSuffix: "/parts") >= 1)
            #expect(result.partsSent == 3)
            #expect(try await uploader.waitForFinalState(fileId: result.fileId).state == .clean)
            #expect(try gateway.cleanObjectSHA256() == file.sha256)
        }
    }

    @Test("Cancel stops the upload, aborts it at the gateway (expired) and forgets its resume state")
    func cancelAborts() async throws {
        let file = try TestFile.make(size: 20 << 20, seed: 6)
        defer { file.remove() }
        try await LiveGateway.with { gateway in
            let store = InMemoryUploadResumeStore()
            let uploader = Self.uploader(
                gateway, token: Self.token(), store: store, transport: RecordingTransport(holdPutsAfter: 1))
            let upload = uploader.start(
                GatewayUploadRequest(fileURL: file.url, contentType: "application/pdf", resumeKey: "big"))
            try await eventually("one part acknowledged") {
                await store.load(key: "big")?.etags.count == 1
            }
            let fileId = try #require(await store.load(key: "big")?.fileId)
            let status = try await upload.cancel()
            #expect(status?.state == .expired)
            #expect(try await uploader.status(fileId: fileId).state == .expired)
            #expect(await store.all().isEmpty)
            await #expect(throws: CancellationError.self) { try await upload.result() }
        }
    }
}
