import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The guest side of the replica test, through the gateways' real HTTP API, as a load balancer
/// would route it: each call goes to a preferred replica and, when that one is gone (killed,
/// shutting down, connection refused), to the next replica still running.
struct ReplicaClient: Sendable {
    let replicas: [GatewayReplica]
    let deploymentId: String

    /// Sends JSON to the first live replica from `preferred` on; the status and the decoded object.
    func call(
        _ method: HTTPMethod, _ path: String, json body: [String: Any]? = nil, bearer: String? = nil,
        preferred: Int
    ) async throws -> (status: Int, body: Data) {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        var lastError: any Error = ReplicaTestError("no replica is running")
        for offset in 0..<replicas.count {
            let replica = replicas[(preferred + offset) % replicas.count]
            guard replica.isRunning else { continue }
            var request = HTTPClientRequest(url: replica.url + path)
            request.method = method
            if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
            if let payload {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: payload))
            }
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
                if response.status == .serviceUnavailable { throw ReplicaTestError("\(replica.name) answered 503") }
                return (Int(response.status.code), data)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// A JSON object answer, or an empty one.
    static func object(_ data: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// Registers a guest (`POST /v1/guests`).
    func registerGuest(preferred: Int) async throws -> (guestId: String, credential: String) {
        let answer = try await call(
            .POST, "/v1/guests",
            json: ["sessionToken": "replica-session-\(UUID().uuidString)", "deploymentId": deploymentId],
            preferred: preferred)
        let object = Self.object(answer.body)
        guard let credential = object["credential"] as? String, let guestId = object["guestId"] as? String
        else { throw ReplicaTestError("POST /v1/guests answered \(answer.status) without a credential") }
        return (guestId, credential)
    }

    /// Ticket from one replica, PUT of the bytes to the presigned URL (moto), `complete` on the
    /// next replica. A call whose replica vanished is repeated on another one: a lost ticket
    /// answer leaves an empty ticket behind (never uploaded), a repeated `complete` may find the
    /// upload already completed (409).
    func upload(_ file: BatchFile, guest: BatchGuest, preferred: Int, ledger: UploadLedger) async throws {
        let ticket = try await call(
            .POST, "/v1/uploads",
            json: ["filename": file.filename, "size": file.bytes.count, "contentType": file.contentType],
            bearer: guest.credential, preferred: preferred)
        let answer = Self.object(ticket.body)
        guard let fileId = answer["fileId"] as? String, let upload = answer["upload"] as? [String: Any],
            let url = upload["url"] as? String
        else { throw ReplicaTestError("no upload ticket for \(file.filename): \(ticket.status) \(answer)") }
        await ledger.didTicket(fileId)
        var put = HTTPClientRequest(url: url)
        put.method = .PUT
        for (name, value) in upload["headers"] as? [String: String] ?? [:] {
            put.headers.add(name: name, value: value)
        }
        put.body = .bytes(ByteBuffer(bytes: file.bytes))
        let stored = try await HTTPClient.shared.execute(put, timeout: .seconds(60))
        _ = try await stored.body.collect(upTo: 1 << 20)
        guard stored.status == .ok else {
            throw ReplicaTestError("the PUT of \(file.filename) answered \(stored.status)")
        }
        await ledger.didStore(fileId)
        let completed = try await call(
            .POST, "/v1/uploads/\(fileId)/complete", json: ["parts": [String]()], bearer: guest.credential,
            preferred: preferred + 1)
        guard (200..<300).contains(completed.status) || completed.status == 409 else {
            throw ReplicaTestError(
                "complete of \(file.filename) answered \(completed.status) \(Self.object(completed.body))")
        }
        await ledger.didComplete(UploadedFile(file: file, fileId: fileId, guest: guest))
    }

    /// Uploads `files` (round-robin over the guests and the replicas), `parallel` at a time.
    func upload(_ files: [BatchFile], guests: [BatchGuest], parallel: Int, ledger: UploadLedger) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            for file in files {
                if next >= parallel { try await group.next() }
                let guest = guests[file.index % guests.count]
                group.addTask { try await upload(file, guest: guest, preferred: file.index, ledger: ledger) }
                next += 1
            }
            try await group.waitForAll()
        }
    }
}
