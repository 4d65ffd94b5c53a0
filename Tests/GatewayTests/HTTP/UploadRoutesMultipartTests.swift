import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

@Suite("Upload routes: multipart")
struct UploadRoutesMultipartTests {
    static let policy = UploadPolicy(singlePutThreshold: 1 << 20, partSize: 5 << 20, initialPartURLs: 2)

    static func bytes(_ count: Int, seed: UInt8) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    }

    @Test("Multipart: first part URLs, resume from GET parts, fresh URLs, ETag-checked complete")
    func multipart() async throws {
        let harness = try UploadRoutesHarness(policy: Self.policy)
        let size = 12 << 20
        let file = Self.bytes(size, seed: 3)
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let ticket = try await client.ticket(
                auth: auth, filename: "video.mp4", size: Int64(size),
                type: "video/mp4")
            guard case .multipart(let multipart) = ticket.upload else {
                Issue.record("expected multipart")
                return
            }
            #expect(multipart.partSize == 5 << 20)
            #expect(multipart.partCount == 3)
            #expect(multipart.parts.map(\.partNumber) == [1, 2])
            let chunks = [file[0..<(5 << 20)], file[(5 << 20)..<(10 << 20)], file[(10 << 20)...]].map { Data($0) }
            let etag1 = await harness.objects.putPart(uploadID: multipart.uploadId, partNumber: 1, data: chunks[0])

            // "Crash": the client lost its state and asks the store what it holds.
            try await client.call("/v1/uploads/\(ticket.fileId)/parts", .get, auth: auth) { response in
                let listed = try response.decode(UploadAPI.ListPartsResponse.self)
                #expect(listed.uploadId == multipart.uploadId)
                #expect(listed.parts == [.init(partNumber: 1, etag: etag1, size: 5 << 20)])
            }
            try await client.call(
                "/v1/uploads/\(ticket.fileId)/parts", .post, auth: auth,
                body: ["partNumbers": [2, 3]]
            ) { response in
                let fresh = try response.decode(UploadAPI.PartsResponse.self)
                #expect(fresh.parts.map(\.partNumber) == [2, 3])
            }
            for bad: [Int] in [[], [0], [4], [2, 2]] {
                try await client.call(
                    "/v1/uploads/\(ticket.fileId)/parts", .post, auth: auth,
                    body: ["partNumbers": bad]
                ) { response in
                    #expect(response.status == .badRequest)
                }
            }
            let etag2 = await harness.objects.putPart(uploadID: multipart.uploadId, partNumber: 2, data: chunks[1])
            let complete = "/v1/uploads/\(ticket.fileId)/complete"

            // Missing part 3.
            let twoParts = [["partNumber": 1, "etag": etag1], ["partNumber": 2, "etag": etag2]]
            try await client.call(complete, .post, auth: auth, body: ["parts": twoParts]) { response in
                #expect(response.status == .badRequest)
                #expect(response.problemSlug == "parts-mismatch")
            }
            let etag3 = await harness.objects.putPart(uploadID: multipart.uploadId, partNumber: 3, data: chunks[2])
            // Wrong ETag.
            let wrong = twoParts + [["partNumber": 3, "etag": "\"0000\""]]
            try await client.call(complete, .post, auth: auth, body: ["parts": wrong]) { response in
                #expect(response.status == .badRequest)
                #expect(response.problemSlug == "parts-mismatch")
            }
            // No parts at all.
            try await client.call(complete, .post, auth: auth, body: ["parts": []]) { response in
                #expect(response.problemSlug == "parts-mismatch")
            }
            #expect(try await harness.state.upload(fileId: ticket.fileId)?.state == .awaitingUpload)
            let right = twoParts + [["partNumber": 3, "etag": etag3]]
            try await client.call(complete, .post, auth: auth, body: ["parts": right]) { response in
                #expect(response.status == .ok)
                let status = try response.decode(UploadAPI.StatusResponse.self)
                #expect(status.state == .uploaded)
            }
            let key = UploadRecord.objectKey(forFileId: ticket.fileId)
            #expect(await harness.objects.object(.quarantine, key: key) == file)
            // After completion, parts are gone and cannot be re-signed.
            try await client.call(
                "/v1/uploads/\(ticket.fileId)/parts", .post, auth: auth,
                body: ["partNumbers": [1]]
            ) { response in
                #expect(response.status == .conflict)
            }
        }
    }

    @Test("DELETE aborts an unfinished upload: parts freed, state expired, complete refused")
    func abort() async throws {
        let harness = try UploadRoutesHarness(policy: Self.policy)
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let ticket = try await client.ticket(auth: auth, filename: "a.zip", size: 6 << 20, type: "application/zip")
            guard case .multipart(let multipart) = ticket.upload else {
                Issue.record("expected multipart")
                return
            }
            await harness.objects.putPart(uploadID: multipart.uploadId, partNumber: 1, data: Data(count: 5 << 20))
            try await client.call("/v1/uploads/\(ticket.fileId)", .delete, auth: auth) { response in
                #expect(response.status == .ok)
                let status = try response.decode(UploadAPI.StatusResponse.self)
                #expect(status.state == .expired)
                #expect(status.reason == "aborted by the guest")
            }
            #expect(await harness.objects.uploads.isEmpty)
            try await client.call("/v1/uploads/\(ticket.fileId)/complete", .post, auth: auth) { response in
                #expect(response.status == .conflict)
                #expect(response.problemSlug == "invalid-state")
            }
            try await client.call("/v1/uploads/\(ticket.fileId)", .delete, auth: auth) { #expect($0.status == .ok) }
        }
    }
}
