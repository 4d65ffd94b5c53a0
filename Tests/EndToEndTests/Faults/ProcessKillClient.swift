import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The guest of the process-kill test: uploads through one gateway address that goes away and
/// comes back (SIGKILL, restart) as a patient mobile client would — each step (ticket, PUT of the
/// bytes to the presigned URL, `complete`) is repeated until it gets an answer. A ticket whose
/// answer was lost leaves an unused ticket behind; a repeated `complete` may find the upload
/// already completed or scanned (200 with its state, or 409).
struct ProcessKillClient: Sendable {
    /// A step of an upload, as the guest sees it.
    enum Step: String, Sendable, CaseIterable {
        case ticket, put, complete
    }

    let baseURL: String
    let guest: BatchGuest
    let ledger: ProcessKillLedger

    /// Registers a guest (repeated until the gateway answers).
    static func register(
        baseURL: String, deploymentId: String, deadline: ContinuousClock.Instant
    ) async throws
        -> BatchGuest
    {
        let body = try JSONSerialization.data(withJSONObject: [
            "sessionToken": "process-kill-\(UUID().uuidString)", "deploymentId": deploymentId,
        ])
        let answer = try await Self.send(.POST, baseURL + "/v1/guests", body: body, bearer: nil, deadline: deadline)
        let object = ReplicaClient.object(answer.body)
        guard let credential = object["credential"] as? String, let guestId = object["guestId"] as? String else {
            throw ReplicaTestError("POST /v1/guests answered \(answer.status) without a credential")
        }
        return BatchGuest(guestId: guestId, credential: credential, conversationId: "")
    }

    /// Uploads `file` to its end, however often the gateway dies on the way.
    func upload(_ file: BatchFile, deadline: ContinuousClock.Instant) async throws -> UploadedFile {
        let request = try JSONSerialization.data(withJSONObject: [
            "filename": file.filename, "size": file.bytes.count, "contentType": file.contentType,
        ])
        await ledger.begin(.ticket)
        let ticket = try await Self.send(
            .POST, baseURL + "/v1/uploads", body: request, bearer: guest.credential, deadline: deadline)
        await ledger.end(.ticket)
        let answer = ReplicaClient.object(ticket.body)
        guard let fileId = answer["fileId"] as? String, let upload = answer["upload"] as? [String: Any],
            let url = upload["url"] as? String
        else { throw ReplicaTestError("no upload ticket for \(file.filename): \(ticket.status) \(answer)") }
        await ledger.didTicket(fileId)

        await ledger.begin(.put)
        let headers = upload["headers"] as? [String: String] ?? [:]
        let stored = try await Self.send(.PUT, url, body: Data(file.bytes), headers: headers, deadline: deadline)
        await ledger.end(.put)
        guard stored.status == 200 else {
            throw ReplicaTestError("the PUT of \(file.filename) answered \(stored.status)")
        }

        await ledger.begin(.complete)
        let completed = try await Self.send(
            .POST, baseURL + "/v1/uploads/\(fileId)/complete",
            body: try JSONSerialization.data(withJSONObject: ["parts": [String]()]), bearer: guest.credential,
            deadline: deadline)
        await ledger.end(.complete)
        guard (200..<300).contains(completed.status) || completed.status == 409 else {
            throw ReplicaTestError(
                "complete of \(file.filename) answered \(completed.status) \(ReplicaClient.object(completed.body))")
        }
        let uploaded = UploadedFile(file: file, fileId: fileId, guest: guest)
        await ledger.didComplete(uploaded)
        return uploaded
    }

    /// Sends a request until it gets an answer that is not a 5xx (connection refused or reset,
    /// the process gone mid-answer, 503 while starting), every 50 ms until `deadline`.
    private static func send(
        _ method: HTTPMethod, _ url: String, body: Data, bearer: String? = nil, headers: [String: String] = [:],
        deadline: ContinuousClock.Instant
    ) async throws -> (status: Int, body: Data) {
        var lastProblem = "no attempt"
        while ContinuousClock.now < deadline {
            var request = HTTPClientRequest(url: url)
            request.method = method
            if let bearer {
                request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
                request.headers.add(name: "Content-Type", value: "application/json")
            }
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
                let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
                if response.status.code < 500 { return (Int(response.status.code), data) }
                lastProblem = "\(response.status)"
            } catch {
                lastProblem = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ReplicaTestError("\(method) \(url.prefix(while: { $0 != "?" })) got no answer in time: \(lastProblem)")
    }
}

/// What the process-kill test's guests are doing and have done: steps in flight (for naming
/// where a kill landed), tickets, completed uploads.
actor ProcessKillLedger {
    private(set) var inFlight: [ProcessKillClient.Step: Int] = [:]
    private(set) var ticketed: [String] = []
    private(set) var completed: [UploadedFile] = []

    func begin(_ step: ProcessKillClient.Step) { inFlight[step, default: 0] += 1 }
    func end(_ step: ProcessKillClient.Step) { inFlight[step, default: 0] -= 1 }
    func didTicket(_ fileId: String) { ticketed.append(fileId) }
    func didComplete(_ file: UploadedFile) { completed.append(file) }

    /// The steps with at least one request outstanding.
    var busySteps: [ProcessKillClient.Step] {
        ProcessKillClient.Step.allCases.filter { (inFlight[$0] ?? 0) > 0 }
    }
}
