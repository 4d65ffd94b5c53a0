import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

@Suite("Upload routes: bad input")
struct UploadRoutesBadInputTests {
    struct BadTicket: Sendable, CustomStringConvertible {
        var body: String
        var status: HTTPResponse.Status
        var slug: String
        var description: String { body }
    }

    static let badTickets: [BadTicket] = [
        .init(
            body: #"{"filename":"../../etc/passwd.pdf","size":10,"contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-filename"),
        .init(
            body: #"{"filename":"a\u0000.pdf","size":10,"contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-filename"),
        .init(
            body: #"{"filename":"invoice\u202Efdp.exe","size":10,"contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-filename"),
        .init(
            body: #"{"filename":"\#(String(repeating: "a", count: 1024)).pdf","size":10,"#
                + #""contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-filename"),
        .init(
            body: #"{"filename":"  ","size":10,"contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-filename"),
        .init(
            body: #"{"filename":"a.pdf","size":-1,"contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-size"),
        .init(
            body: #"{"filename":"a.pdf","size":0,"contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-size"),
        .init(
            body: #"{"filename":"a.pdf","size":1e30,"contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-size"),
        .init(
            body: #"{"filename":"a.pdf","size":"10","contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-size"),
        .init(
            body: #"{"filename":"a.pdf","size":104857601,"contentType":"application/pdf"}"#,
            status: .contentTooLarge, slug: "file-too-large"),
        .init(
            body: #"{"filename":"a.pdf","size":9223372036854775807,"contentType":"application/pdf"}"#,
            status: .contentTooLarge, slug: "file-too-large"),
        .init(
            body: #"{"filename":"page.html","size":10,"contentType":"text/html"}"#,
            status: .unsupportedMediaType, slug: "type-not-allowed"),
        .init(
            body: #"{"filename":"a.pdf","size":10,"contentType":"application/x-msdownload"}"#,
            status: .unsupportedMediaType, slug: "type-not-allowed"),
        .init(
            body: #"{"filename":"invoice.pdf.exe","size":10,"contentType":"application/pdf"}"#,
            status: .unsupportedMediaType, slug: "extension-blocked"),
        .init(
            body: #"{"filename":"a.pdf","size":10,"contentType":"application/pdf","sha256":"xyz"}"#,
            status: .badRequest, slug: "invalid-request"),
        .init(
            body: #"{"filename":"a.pdf","contentType":"application/pdf"}"#,
            status: .badRequest, slug: "invalid-request"),
        .init(body: #"{"filename":"a.pdf","size":10"#, status: .badRequest, slug: "invalid-request"),
    ]

    @Test("Bad ticket requests get a clear problem and store nothing", arguments: badTickets)
    func badTicket(_ bad: BadTicket) async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            try await client.execute(
                uri: "/v1/uploads", method: .post, headers: [.authorization: auth], body: ByteBuffer(string: bad.body)
            ) { response in
                #expect(response.status == bad.status)
                let problem = try #require(try response.problem())
                #expect(problem.type == Problem.typeBase + bad.slug)
                #expect(problem.status == Int(bad.status.code))
                #expect(!problem.title.isEmpty && !problem.detail.isEmpty)
            }
        }
        #expect(try await harness.state.auditEntries(fileId: nil).isEmpty)
        #expect(await harness.objects.uploads.isEmpty)
        #expect(await harness.objects.objects.isEmpty)
    }

    @Test("An emoji filename is fine, and the declared SHA-256 is kept lowercased")
    func emoji() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let sha = String(repeating: "AB", count: 32)
            let ticket = try await client.call(
                "/v1/uploads", .post, auth: auth,
                body: [
                    "filename": "🐈‍⬛ cat.png", "size": 10, "contentType": "image/png", "sha256": sha,
                ]
            ) { response in
                #expect(response.status == .created)
                return try response.decode(UploadAPI.TicketResponse.self)
            }
            let record = try #require(try await harness.state.upload(fileId: ticket.fileId))
            #expect(record.filename == "🐈‍⬛ cat.png")
            #expect(record.sha256 == sha.lowercased())
        }
    }

    @Test("The per-guest quota refuses a ticket that would exceed it; aborted uploads do not count")
    func quota() async throws {
        let harness = try UploadRoutesHarness(policy: UploadPolicy(perGuestQuota: 100))
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let first = try await client.ticket(auth: auth, size: 60)
            try await client.call(
                "/v1/uploads", .post, auth: auth,
                body: ["filename": "b.pdf", "size": 50, "contentType": "application/pdf"]
            ) {
                #expect($0.status == .forbidden)
                #expect($0.problemSlug == "quota-exceeded")
            }
            try await client.call("/v1/uploads/\(first.fileId)", .delete, auth: auth) { #expect($0.status == .ok) }
            _ = try await client.ticket(auth: auth, size: 50)
            // Another guest has its own quota.
            let other = try await client.guest()
            _ = try await client.ticket(auth: other, size: 100)
        }
    }

    @Test("Another guest's file id, unknown and malformed ids are all 404 on every route, and nothing changes")
    func otherGuest() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let owner = try await client.guest()
            let intruder = try await client.guest()
            let ticket = try await client.ticket(auth: owner, size: 5)
            let key = UploadRecord.objectKey(forFileId: ticket.fileId)
            await harness.objects.put(key: key, data: Data(count: 5))
            let before = try await harness.state.upload(fileId: ticket.fileId)
            let ids = [ticket.fileId, RandomID.make(), "not-an-id", "..%2F..%2Fetc"]
            for id in ids {
                let auth = id == ticket.fileId ? intruder : owner
                let routes: [(String, HTTPRequest.Method, [String: Any]?)] = [
                    ("/v1/uploads/\(id)", .get, nil),
                    ("/v1/uploads/\(id)", .delete, nil),
                    ("/v1/uploads/\(id)/complete", .post, ["parts": []]),
                    ("/v1/uploads/\(id)/parts", .get, nil),
                    ("/v1/uploads/\(id)/parts", .post, ["partNumbers": [1]]),
                    ("/v1/uploads/\(id)/events", .get, nil),
                ]
                for (uri, method, body) in routes {
                    try await client.call(uri, method, auth: auth, body: body) { response in
                        #expect(response.status == .notFound, "\(method) \(uri)")
                        #expect(response.problemSlug == "upload-not-found")
                    }
                }
            }
            #expect(try await harness.state.upload(fileId: ticket.fileId) == before)
            #expect(await harness.objects.object(.quarantine, key: key) == Data(count: 5))
        }
    }
}
