import Foundation
import GuestClient
import NIOConcurrencyHelpers
import Testing

/// The ticket (`POST /v1/uploads`) issues a new file id each time the gateway acts on it, so it is
/// sent again only when the gateway cannot have acted.
@Suite("Ticket retries against a live gateway")
struct TicketRetryLiveTests {
    /// What happens to the first ticket request.
    enum FirstTicket: Sendable {
        /// Reaches the gateway, then the answer is lost.
        case answerLost
        /// Never leaves: the connection could not be made.
        case notSent
        /// Answered with this status without reaching the gateway (a proxy's answer).
        case status(Int)
    }

    /// Wraps the real transport; disturbs the first `POST /v1/uploads` and counts them all.
    final class TicketTransport: UploadHTTPTransport {
        let inner = AsyncHTTPUploadTransport()
        let first: FirstTicket
        private let ticketPosts = NIOLockedValueBox(0)
        private let ticketsReachingGateway = NIOLockedValueBox(0)

        init(first: FirstTicket) { self.first = first }

        var posts: Int { ticketPosts.withLockedValue { $0 } }
        var reachedGateway: Int { ticketsReachingGateway.withLockedValue { $0 } }

        func execute(_ request: UploadHTTPRequest) async throws -> UploadHTTPResponse {
            let isTicket = request.method == "POST" && URLComponents(string: request.url)?.path == "/v1/uploads"
            guard isTicket else { return try await inner.execute(request) }
            let number = ticketPosts.withLockedValue { count in
                count += 1
                return count
            }
            if number == 1 {
                switch first {
                case .answerLost:
                    ticketsReachingGateway.withLockedValue { $0 += 1 }
                    _ = try await inner.execute(request)
                    throw URLError(.networkConnectionLost)
                case .notSent:
                    throw UploadRequestNotSent(reason: "connection refused (simulated)")
                case .status(let status):
                    return UploadHTTPResponse(status: status)
                }
            }
            ticketsReachingGateway.withLockedValue { $0 += 1 }
            return try await inner.execute(request)
        }
    }

    static func upload(first: FirstTicket) async throws -> (Result<GatewayUploadResult, any Error>, TicketTransport) {
        let file = try TestFile.make(size: 100_000, seed: 11)
        defer { file.remove() }
        let transport = TicketTransport(first: first)
        var outcome: Result<GatewayUploadResult, any Error>?
        try await LiveGateway.with { gateway in
            let uploader = GatewayUploaderLiveTests.uploader(
                gateway, token: GatewayUploaderLiveTests.token(), transport: transport)
            do {
                outcome = .success(
                    try await uploader.upload(GatewayUploadRequest(fileURL: file.url, contentType: "application/pdf")))
            } catch {
                outcome = .failure(error)
            }
        }
        return (try #require(outcome), transport)
    }

    @Test("A ticket whose answer was lost after reaching the gateway is not resent: one ticket, a transport error")
    func lostAnswerIsNotRetried() async throws {
        let (outcome, transport) = try await Self.upload(first: .answerLost)
        #expect(transport.posts == 1, "POST /v1/uploads sent once")
        #expect(transport.reachedGateway == 1)
        guard case .failure(let error) = outcome else {
            Issue.record("the upload succeeded with a second ticket")
            return
        }
        #expect((error as? GatewayUploadError)?.code == .transport, "\(error)")
    }

    @Test("A ticket that never left (no connection) is sent again and the upload completes with one ticket")
    func notSentIsRetried() async throws {
        let (outcome, transport) = try await Self.upload(first: .notSent)
        #expect(transport.posts == 2)
        #expect(transport.reachedGateway == 1)
        #expect((try? outcome.get())?.fileId.isEmpty == false, "\(outcome)")
    }

    @Test(
        "429 and 503 mean the gateway did not act: resent; 500, 502 and 504 may not: not resent",
        arguments: [
            (429, true), (503, true), (500, false), (502, false), (504, false),
        ])
    func statusRetries(status: Int, resent: Bool) async throws {
        let (outcome, transport) = try await Self.upload(first: .status(status))
        #expect(transport.posts == (resent ? 2 : 1))
        switch outcome {
        case .success:
            #expect(resent)
        case .failure(let error):
            #expect(!resent, "\(error)")
            #expect((error as? GatewayUploadError)?.status == status)
        }
    }

    @Test("The default transport reports a refused connection as UploadRequestNotSent")
    func refusedConnectionIsNotSent() async throws {
        let port = try await LiveGateway.freeLoopbackPort()
        await #expect(throws: UploadRequestNotSent.self) {
            _ = try await AsyncHTTPUploadTransport(timeout: .seconds(5)).execute(
                UploadHTTPRequest(method: "POST", url: "http://127.0.0.1:\(port)/v1/uploads"))
        }
    }
}
