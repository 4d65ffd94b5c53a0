import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Gateway

/// The issue's bad-input list against the assembled gateway and its real stores (the embedded
/// store in dev mode; S3 in moto with clamd in production mode): each bad request gets its
/// problem+json status and type, nothing is stored that should not be (the stores' inventory
/// and the audit log do not move), and nothing already stored is lost.
@Suite("Bad input through the assembled gateway and its real stores")
struct GatewayBadInputTests {
    enum Mode: String, CustomStringConvertible, Sendable {
        case dev, production
        var description: String { rawValue }

        func stack() async throws -> GatewayStack {
            switch self {
            case .dev: try GatewayStack.dev()
            case .production: try await GatewayStack.production(clamd: try TestEnvironment.require(.clamd))
            }
        }
    }

    static var modes: [Mode] {
        TestEnvironment.isAvailable(.moto) && TestEnvironment.isAvailable(.clamd) ? [.dev, .production] : [.dev]
    }

    static let smallPDF = PipelineFixtures.pdf(padding: 100)

    @Test("Bad ticket requests (names, sizes, types) store nothing and lose nothing", arguments: modes)
    func badTickets(_ mode: Mode) async throws {
        let stack = try await mode.stack()
        try await stack.run { client in
            let auth = try await client.guest()
            let kept = try await Self.uploadClean(Self.smallPDF, auth: auth, stack: stack, client: client)
            let inventory = try await stack.inventory()
            let audit = try await stack.pipeline.state.auditEntries(fileId: nil)
            for bad in UploadRoutesBadInputTests.badTickets {
                try await client.execute(
                    uri: "/v1/uploads", method: .post, headers: [.authorization: auth],
                    body: ByteBuffer(string: bad.body)
                ) { response in
                    #expect(response.status == bad.status, "\(bad)")
                    #expect(response.problemSlug == bad.slug, "\(bad)")
                }
                #expect(try await stack.inventory() == inventory, "\(bad)")
                #expect(try await stack.pipeline.state.auditEntries(fileId: nil) == audit, "\(bad)")
            }
            #expect(try await client.status(kept, auth: auth).state == .clean)
            #expect(inventory.contains("clean/" + UploadRecord.objectKey(forFileId: kept)))
        }
    }

    @Test("A PUT larger than declared never reaches the clean area", arguments: modes)
    func putLargerThanDeclared(_ mode: Mode) async throws {
        let stack = try await mode.stack()
        try await stack.run { client in
            let auth = try await client.guest()
            let bytes = Self.smallPDF
            let ticket = try await client.ticket(auth: auth, size: Int64(bytes.count - 1))
            guard case .put(let put) = ticket.upload else {
                Issue.record("expected a single PUT")
                return
            }
            let key = UploadRecord.objectKey(forFileId: ticket.fileId)
            let answer = try await stack.put(
                put.url, headers: put.headers, body: ByteBuffer(bytes: bytes), client: client)
            if answer.status >= 400 {
                // The store refused the body (S3 and the embedded store bind Content-Length).
                #expect(try await !stack.inventory().contains("quarantine/" + key))
                try await client.call("/v1/uploads/\(ticket.fileId)/complete", .post, auth: auth) { response in
                    #expect(response.status == .conflict)
                    #expect(response.problemSlug == "upload-incomplete")
                }
                #expect(try await client.status(ticket.fileId, auth: auth).state == .awaitingUpload)
            } else {
                // moto does not enforce the signed length: the gateway's own checks must catch it.
                let final = try await stack.waitForFinalState(ticket.fileId, auth: auth, client: client)
                #expect(final.state == .rejected)
                #expect(final.reason?.hasPrefix("size_mismatch") == true)
            }
            #expect(try await !stack.inventory().contains("clean/" + key))
        }
    }

    @Test(
        "Completing with missing, wrong or oversized parts is refused; nothing assembled, nothing lost",
        arguments: modes)
    func multipartCompletion(_ mode: Mode) async throws {
        let stack = try await mode.stack()
        let file = DeterministicFile(size: 9 << 20, partSize: 8 << 20, seed: 9)
        try await stack.run { client in
            let auth = try await client.guest()
            let intruder = try await client.guest()
            let ticket = try await client.ticket(
                auth: auth, filename: "big.pdf", size: file.size, type: "application/pdf")
            guard case .multipart(let multipart) = ticket.upload, multipart.parts.count == 2 else {
                Issue.record("expected a two-part multipart upload")
                return
            }
            let fileId = ticket.fileId
            let key = UploadRecord.objectKey(forFileId: fileId)
            let urls = Dictionary(uniqueKeysWithValues: multipart.parts.map { ($0.partNumber, $0.url) })
            let etag1 = try #require(try await stack.put(urls[1] ?? "", body: file.part(1), client: client).etag)
            let complete = "/v1/uploads/\(fileId)/complete"

            func refused(_ parts: [(Int, String)], as slug: String, caller: String? = nil) async throws {
                let body = ["parts": parts.map { ["partNumber": $0.0, "etag": $0.1] as [String: Any] }]
                try await client.call(complete, .post, auth: caller ?? auth, body: body) { response in
                    #expect(response.status == (slug == "upload-not-found" ? .notFound : .badRequest), "\(parts)")
                    #expect(response.problemSlug == slug, "\(parts)")
                }
                #expect(try await client.status(fileId, auth: auth).state == .awaitingUpload)
                #expect(try await !stack.inventory().contains("quarantine/" + key))
            }

            try await refused([], as: "parts-mismatch")
            try await refused([(1, etag1)], as: "parts-mismatch")
            try await refused([(1, etag1), (2, "\"0123456789abcdef0123456789abcdef\"")], as: "parts-mismatch")
            // Part 2 twice its size: the parts no longer add up to the declared size.
            var oversized = file.part(2)
            oversized.writeImmutableBuffer(file.part(2))
            let etagBig = try #require(try await stack.put(urls[2] ?? "", body: oversized, client: client).etag)
            try await refused([(1, etag1), (2, etagBig)], as: "size-mismatch")
            // The right part 2 replaces it.
            let etag2 = try #require(try await stack.put(urls[2] ?? "", body: file.part(2), client: client).etag)
            try await refused([(1, etag2), (2, etag1)], as: "parts-mismatch")
            try await refused([(2, etag2), (1, etag1)], as: "parts-mismatch")
            try await refused([(1, etag1), (2, "\"ffffffffffffffffffffffffffffffff\"")], as: "parts-mismatch")
            try await refused([(1, etag1), (2, etag2)], as: "upload-not-found", caller: intruder)

            // Nothing lost: the store still holds both parts, and the right list completes.
            let held = try await client.call("/v1/uploads/\(fileId)/parts", .get, auth: auth) { response in
                try response.decode(UploadAPI.ListPartsResponse.self)
            }
            #expect(held.parts.map(\.partNumber) == [1, 2])
            #expect(held.parts.map { UploadService.unquoted($0.etag) } == [etag1, etag2].map(UploadService.unquoted))
            let body = ["parts": [["partNumber": 1, "etag": etag1], ["partNumber": 2, "etag": etag2]]]
            try await client.call(complete, .post, auth: auth, body: body) { #expect($0.status == .ok) }
            let final = try await stack.waitForFinalState(fileId, auth: auth, client: client)
            #expect(final.state == .clean)
            let read = try await DeterministicFile.sha256(of: stack.pipeline.objects.read(.clean, key: key))
            #expect(read.hex == file.sha256())
        }
    }

    @Test(
        "Unknown, aborted and other guests' file ids: 404 or 409, and the owner's file is untouched", arguments: modes)
    func fileIds(_ mode: Mode) async throws {
        let stack = try await mode.stack()
        try await stack.run { client in
            let owner = try await client.guest()
            let intruder = try await client.guest()
            let kept = try await Self.uploadClean(Self.smallPDF, auth: owner, stack: stack, client: client)
            let inventory = try await stack.inventory()
            let unknown = RandomID.make()
            for (id, auth) in [(kept, intruder), (unknown, owner), ("..%2F..%2Fetc%2Fpasswd", owner)] {
                for (uri, method, body) in Self.routes(id) {
                    try await client.call(uri, method, auth: auth, body: body) { response in
                        #expect(response.status == .notFound, "\(method) \(uri)")
                        #expect(response.problemSlug == "upload-not-found", "\(method) \(uri)")
                    }
                }
            }
            #expect(try await client.status(kept, auth: owner).state == .clean)
            #expect(try await stack.inventory() == inventory)

            // An aborted (expired) upload refuses everything but reading its state and aborting again.
            let aborted = try await client.ticket(auth: owner, size: 10)
            try await client.call("/v1/uploads/\(aborted.fileId)", .delete, auth: owner) { #expect($0.status == .ok) }
            for (uri, method, body) in Self.routes(aborted.fileId) where method == .post || uri.hasSuffix("/parts") {
                try await client.call(uri, method, auth: owner, body: body) { response in
                    #expect(response.status == .conflict, "\(method) \(uri)")
                    #expect(response.problemSlug == "invalid-state", "\(method) \(uri)")
                }
            }
            #expect(try await client.status(aborted.fileId, auth: owner).state == .expired)
            try await client.call("/v1/uploads/\(aborted.fileId)", .delete, auth: owner) { #expect($0.status == .ok) }
            #expect(try await stack.inventory() == inventory)
        }
    }

    static func routes(_ id: String) -> [(String, HTTPRequest.Method, [String: Any]?)] {
        [
            ("/v1/uploads/\(id)", .get, nil),
            ("/v1/uploads/\(id)/complete", .post, ["parts": [Any]()]),
            ("/v1/uploads/\(id)/parts", .get, nil),
            ("/v1/uploads/\(id)/parts", .post, ["partNumbers": [1]]),
            ("/v1/uploads/\(id)/events", .get, nil),
            ("/v1/uploads/\(id)", .delete, nil),
        ]
    }

    /// Uploads `bytes` as a PDF with a single PUT, completes it and waits until it is clean.
    static func uploadClean(
        _ bytes: [UInt8], auth: String, stack: GatewayStack, client: any TestClientProtocol
    ) async throws -> String {
        let ticket = try await client.ticket(auth: auth, filename: "kept.pdf", size: Int64(bytes.count))
        guard case .put(let put) = ticket.upload else { throw GatewayStack.StackError("expected a single PUT") }
        let answer = try await stack.put(put.url, headers: put.headers, body: ByteBuffer(bytes: bytes), client: client)
        #expect(answer.status == 200)
        try await client.call("/v1/uploads/\(ticket.fileId)/complete", .post, auth: auth) { #expect($0.status == .ok) }
        let final = try await stack.waitForFinalState(ticket.fileId, auth: auth, client: client)
        #expect(final.state == .clean)
        return ticket.fileId
    }
}
