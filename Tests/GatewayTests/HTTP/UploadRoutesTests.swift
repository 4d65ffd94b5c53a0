import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

@Suite("Upload routes")
struct UploadRoutesTests {
    @Test("POST /v1/guests issues a credential; calling again renews it for the same guest")
    func guests() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let body = UploadRoutesHarness.json(["sessionToken": "genesys-session-1", "deploymentId": "dep-1"])
            let first = try await client.execute(uri: "/v1/guests", method: .post, body: body) { response in
                #expect(response.status == .ok)
                return try response.decode(UploadAPI.GuestResponse.self)
            }
            let second = try await client.execute(uri: "/v1/guests", method: .post, body: body) { response in
                try response.decode(UploadAPI.GuestResponse.self)
            }
            #expect(first.guestId == second.guestId)
            #expect(first.expiresAt > Date())
            #expect(try harness.signer.verify(second.credential) == first.guestId)
            let stored = try #require(try await harness.state.guest(id: first.guestId))
            #expect(stored.sessionTokenHash == GuestRegistry.hash("genesys-session-1"))
            #expect(stored.sessionTokenHash != "genesys-session-1")
        }
    }

    @Test(
        "Bad guest registrations are 400 problems",
        arguments: [
            #"{"sessionToken": "short", "deploymentId": "dep"}"#,
            #"{"sessionToken": "long-enough-token", "deploymentId": "../x"}"#,
            #"{"sessionToken": "long-enough-token"}"#,
            #"not json"#,
        ])
    func badGuests(body: String) async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            try await client.execute(uri: "/v1/guests", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect(response.problemSlug == "invalid-request")
            }
        }
    }

    @Test("Rate limits answer 429 with Retry-After, per client address and per guest")
    func rateLimits() async throws {
        let options = UploadRoutes.Options(
            // Slow refills (100 s a token), so a loaded machine cannot refill a bucket mid-test.
            guestLimiter: RateLimiter(capacity: 2, refillPerSecond: 0.01),
            addressLimiter: RateLimiter(capacity: 3, refillPerSecond: 0.01)
        )
        let harness = try UploadRoutesHarness(options: options)
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let id = RandomID.make()
            for _ in 0..<2 {
                try await client.call("/v1/uploads/\(id)", .get, auth: auth) { #expect($0.status == .notFound) }
            }
            try await client.call("/v1/uploads/\(id)", .get, auth: auth) { response in
                #expect(response.status == .tooManyRequests)
                // A token refills in 100 s; time already spent on a loaded machine shortens the wait.
                let retryAfter = response.headers[.retryAfter].flatMap { Int($0) }
                #expect(retryAfter.map { (1...100).contains($0) } == true)
                #expect(response.problemSlug == "rate-limited")
            }
            let body = UploadRoutesHarness.json(["sessionToken": "another-session", "deploymentId": "d"])
            try await client.execute(uri: "/v1/guests", method: .post, body: body) { response in
                #expect(response.status == .tooManyRequests)
            }
            // Another client address (ClientAddressHandler writes this header on a real connection).
            let elsewhere: HTTPFields = [ClientAddressHandler.header: "203.0.113.9"]
            try await client.execute(uri: "/v1/guests", method: .post, headers: elsewhere, body: body) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("Upload routes need a valid, unexpired credential", arguments: ["", "Bearer nope", "Basic abc"])
    func unauthorized(header: String) async throws {
        let harness = try UploadRoutesHarness()
        let expired = GuestCredentialSigner(secret: Data(repeating: 1, count: 32))
            .issue(guestId: "g", now: Date(timeIntervalSince1970: 1_000)).credential
        try await harness.app().test(.router) { client in
            for value in [header, "Bearer " + expired] {
                let headers: HTTPFields = value.isEmpty ? [:] : [.authorization: value]
                let body = UploadRoutesHarness.json(["filename": "a.pdf", "size": 1, "contentType": "application/pdf"])
                try await client.execute(uri: "/v1/uploads", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.problemSlug == "unauthorized")
                }
            }
        }
        #expect(try await harness.state.auditEntries(fileId: nil).isEmpty)
    }

    @Test("A small file: presigned PUT with type and length, upload, complete → uploaded, audited")
    func singlePut() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let ticket = try await client.ticket(auth: auth, filename: "📎 Rechnung.pdf", size: 5)
            #expect(RandomID.isWellFormed(ticket.fileId))
            #expect(ticket.state == .awaitingUpload)
            guard case .put(let put) = ticket.upload else {
                Issue.record("expected a PUT")
                return
            }
            #expect(put.method == "PUT")
            #expect(put.headers["Content-Type"] == "application/pdf")
            #expect(put.headers["Content-Length"] == "5")
            let record = try #require(try await harness.state.upload(fileId: ticket.fileId))
            #expect(record.objectKey == "uploads/" + ticket.fileId)
            #expect(record.filename == "📎 Rechnung.pdf")

            try await client.call("/v1/uploads/\(ticket.fileId)/complete", .post, auth: auth) { response in
                #expect(response.status == .conflict)
                #expect(response.problemSlug == "upload-incomplete")
            }
            await harness.objects.put(key: record.objectKey, data: Data("%PDF-".utf8))
            try await client.call("/v1/uploads/\(ticket.fileId)/complete", .post, auth: auth, body: ["parts": []]) {
                #expect($0.status == .ok)
                let status = try $0.decode(UploadAPI.StatusResponse.self)
                #expect(status.state == .uploaded)
            }
            try await client.call("/v1/uploads/\(ticket.fileId)", .get, auth: auth) { response in
                let status = try response.decode(UploadAPI.StatusResponse.self)
                #expect(status.state == .uploaded)
                #expect(status.filename == "📎 Rechnung.pdf")
                #expect(status.size == 5)
                #expect(status.contentType == "application/pdf")
            }
            // Completing again is idempotent.
            try await client.call("/v1/uploads/\(ticket.fileId)/complete", .post, auth: auth) {
                #expect($0.status == .ok)
            }
            let actions = try await harness.state.auditEntries(fileId: ticket.fileId).map(\.action)
            #expect(actions == ["upload.ticket", "upload.complete"])
        }
    }

    @Test("A PUT larger than declared is refused at complete and the object removed")
    func putLargerThanDeclared() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let ticket = try await client.ticket(auth: auth, size: 5)
            let key = UploadRecord.objectKey(forFileId: ticket.fileId)
            await harness.objects.put(key: key, data: Data(count: 6))
            try await client.call("/v1/uploads/\(ticket.fileId)/complete", .post, auth: auth) { response in
                #expect(response.status == .badRequest)
                #expect(response.problemSlug == "size-mismatch")
            }
            #expect(await harness.objects.object(.quarantine, key: key) == nil)
            #expect(try await harness.state.upload(fileId: ticket.fileId)?.state == .awaitingUpload)
        }
    }
}
