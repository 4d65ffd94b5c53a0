import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

@Suite("Upload routes: Server-Sent Events")
struct UploadEventsTests {
    static func events(_ body: String) -> [UploadAPI.StatusResponse] {
        body.components(separatedBy: "\n").compactMap { line in
            guard line.hasPrefix("data: ") else { return nil }
            return try? UploadRoutesHarness.decoder.decode(
                UploadAPI.StatusResponse.self, from: Data(line.dropFirst("data: ".count).utf8)
            )
        }
    }

    @Test("GET …/events streams each state change until a final state")
    func streamsChanges() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let ticket = try await client.ticket(auth: auth, size: 5)
            await harness.objects.put(key: UploadRecord.objectKey(forFileId: ticket.fileId), data: Data(count: 5))
            try await client.call("/v1/uploads/\(ticket.fileId)/complete", .post, auth: auth) { _ in }
            let notifying = ObservedUploadStateStore(base: harness.state, observers: [harness.broadcaster])
            async let body: String = client.call("/v1/uploads/\(ticket.fileId)/events", .get, auth: auth) {
                #expect($0.status == .ok)
                #expect($0.headers[.contentType] == "text/event-stream")
                return String(buffer: $0.body)
            }
            // Act like the pipeline once the stream is following.
            while await harness.broadcaster.subscriptionCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(try await notifying.transition(fileId: ticket.fileId, from: [.uploaded], to: .scanning))
            try await Task.sleep(for: .milliseconds(100))
            #expect(
                try await notifying.transition(
                    fileId: ticket.fileId, from: [.scanning], to: .rejected,
                    reason: "Eicar-Test-Signature"))
            let text = try await body
            let states = Self.events(text)
            // Each event carries the state current when it is sent, so a change that is overtaken
            // before the stream reads it may be skipped; order and the final state may not.
            let seen = states.map(\.state)
            #expect(seen.first == .uploaded)
            #expect(seen.last == .rejected)
            #expect(seen == [.uploaded, .scanning, .rejected] || seen == [.uploaded, .rejected])
            #expect(states.last?.reason == "Eicar-Test-Signature")
            #expect(text.hasPrefix("retry: 3000\n\n"))
            #expect(text.contains("event: state\n"))
        }
    }

    @Test("A file already in a final state gets one event and the stream ends")
    func finalState() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let ticket = try await client.ticket(auth: auth, size: 5)
            try await client.call("/v1/uploads/\(ticket.fileId)", .delete, auth: auth) { _ in }
            let text = try await client.call("/v1/uploads/\(ticket.fileId)/events", .get, auth: auth) {
                String(buffer: $0.body)
            }
            #expect(Self.events(text).map(\.state) == [.expired])
        }
        #expect(await harness.broadcaster.subscriptionCount == 0)
    }

    @Test("Without a signal, polling still notices changes made elsewhere (another replica)")
    func polling() async throws {
        let harness = try UploadRoutesHarness()
        try await harness.app().test(.router) { client in
            let auth = try await client.guest()
            let ticket = try await client.ticket(auth: auth, size: 5)
            async let body: String = client.call("/v1/uploads/\(ticket.fileId)/events", .get, auth: auth) {
                String(buffer: $0.body)
            }
            while await harness.broadcaster.subscriptionCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            // Straight on the base store: no broadcaster signal.
            _ = try await harness.state.transition(fileId: ticket.fileId, from: [.awaitingUpload], to: .expired)
            #expect(Self.events(try await body).map(\.state) == [.awaitingUpload, .expired])
        }
    }
}
