import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Gateway

/// The issue's 64 MiB Must-show, end to end through the gateway's HTTP API: a multipart upload
/// interrupted after some parts (the client forgets everything), resumed from
/// `GET /v1/uploads/{id}/parts` with fresh part URLs from `POST …/parts`, completed, scanned and
/// promoted; the clean object's SHA-256 equals the original's. Parts are generated and sent one
/// at a time, so memory stays bounded by the part size.
@Suite("64 MiB resumable multipart upload through the gateway API")
struct ResumableUploadTests {
    static let file = DeterministicFile(size: 64 << 20, partSize: 8 << 20, seed: 0x5EED_64)

    @Test(
        "Production: S3 + SQS in moto, real clamd: interrupted, resumed, clean, same SHA-256",
        .enabled(if: TestEnvironment.isAvailable(.moto) && TestEnvironment.isAvailable(.clamd))
    )
    func production() async throws {
        let stack = try await GatewayStack.production(clamd: try TestEnvironment.require(.clamd))
        try await Self.resumeAndVerify(stack)
    }

    @Test("Dev mode: embedded store and built-in scanner: interrupted, resumed, clean, same SHA-256")
    func dev() async throws {
        try await Self.resumeAndVerify(try GatewayStack.dev())
    }

    static func resumeAndVerify(_ stack: GatewayStack) async throws {
        let file = Self.file
        let expectedSHA = file.sha256()
        let uploadedFirst = 3
        try await stack.run { client in
            let auth = try await client.guest()
            let ticket = try await client.ticket(
                auth: auth, filename: "scan-64mib.pdf", size: file.size, type: "application/pdf")
            guard case .multipart(let multipart) = ticket.upload else {
                Issue.record("a 64 MiB file must get a multipart upload")
                return
            }
            #expect(multipart.partSize == file.partSize)
            #expect(multipart.partCount == file.partCount)

            // Some parts go up, then the client "crashes": only the file id survives.
            var etagsBeforeCrash: [Int: String] = [:]
            for part in multipart.parts.prefix(uploadedFirst) {
                let put = try await stack.put(part.url, body: file.part(part.partNumber), client: client)
                #expect(put.status == 200, "part \(part.partNumber)")
                etagsBeforeCrash[part.partNumber] = put.etag
            }
            let fileId = ticket.fileId

            // Resume: ask the store what it holds.
            let held = try await client.call("/v1/uploads/\(fileId)/parts", .get, auth: auth) { response in
                #expect(response.status == .ok)
                return try response.decode(UploadAPI.ListPartsResponse.self)
            }
            #expect(held.parts.map(\.partNumber) == Array(1...uploadedFirst))
            #expect(held.parts.allSatisfy { $0.size == file.partSize })
            for part in held.parts {
                #expect(
                    UploadService.unquoted(part.etag) == etagsBeforeCrash[part.partNumber].map(UploadService.unquoted))
            }
            #expect(try await client.status(fileId, auth: auth).state == .awaitingUpload)

            // Fresh URLs for the missing parts, then the rest of the file.
            let missing = Array(
                (1...file.partCount).filter { number in !held.parts.contains { $0.partNumber == number } })
            let fresh = try await client.call(
                "/v1/uploads/\(fileId)/parts", .post, auth: auth, body: ["partNumbers": missing]
            ) { response in
                #expect(response.status == .ok)
                return try response.decode(UploadAPI.PartsResponse.self)
            }
            #expect(fresh.parts.map(\.partNumber) == missing)
            for part in fresh.parts {
                let put = try await stack.put(part.url, body: file.part(part.partNumber), client: client)
                #expect(put.status == 200, "part \(part.partNumber)")
            }

            // Complete with what the store reports (the client kept nothing).
            let all = try await client.call("/v1/uploads/\(fileId)/parts", .get, auth: auth) { response in
                try response.decode(UploadAPI.ListPartsResponse.self)
            }
            #expect(all.parts.count == file.partCount)
            let parts = all.parts.map { ["partNumber": $0.partNumber, "etag": $0.etag] as [String: Any] }
            try await client.call("/v1/uploads/\(fileId)/complete", .post, auth: auth, body: ["parts": parts]) {
                response in
                #expect(response.status == .ok)
                let status = try response.decode(UploadAPI.StatusResponse.self)
                #expect(status.state != .awaitingUpload)
            }

            // Follow the file over Server-Sent Events: the stream ends with the final state (unless
            // its lifetime ran out first on a very slow machine), then confirm with GET.
            let events = try await client.call("/v1/uploads/\(fileId)/events", .get, auth: auth) { response in
                #expect(response.headers[.contentType] == "text/event-stream")
                return String(buffer: response.body)
            }
            let final = try await stack.waitForFinalState(fileId, auth: auth, client: client, limit: .seconds(900))
            #expect(final.state == .clean, "reason: \(final.reason ?? "none")")
            let streamed = events.components(separatedBy: "\"state\":\"").dropFirst().compactMap {
                $0.split(separator: "\"").first.map(String.init)
            }
            #expect(streamed.first != nil)
            if let last = streamed.last, let state = UploadState(rawValue: last), state.isFinal {
                #expect(state == .clean)
            }
            #expect(final.detectedType == "application/pdf")

            // The clean object has exactly the original bytes; quarantine holds nothing.
            let key = UploadRecord.objectKey(forFileId: fileId)
            let read = try await DeterministicFile.sha256(of: stack.pipeline.objects.read(.clean, key: key))
            #expect(read.size == file.size)
            #expect(read.hex == expectedSHA)
            #expect(try await stack.pipeline.objects.head(.quarantine, key: key) == nil)
            let actions = try await stack.pipeline.state.auditEntries(fileId: fileId).map(\.action)
            #expect(actions.sorted() == ["scan.clean", "upload.complete", "upload.ticket"])
            let results = try await stack.pipeline.state.scanResults(fileId: fileId)
            #expect(results.map(\.sha256) == [expectedSHA])
        }
    }
}

extension TestClientProtocol {
    /// `GET /v1/uploads/{id}`, decoded.
    func status(_ fileId: String, auth: String) async throws -> UploadAPI.StatusResponse {
        try await call("/v1/uploads/\(fileId)", .get, auth: auth) { try $0.decode(UploadAPI.StatusResponse.self) }
    }
}
