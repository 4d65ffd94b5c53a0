import Foundation
import HTTPTypes
import Testing
import WebMessaging

@testable import Sandbox

@Suite("Data Action caller against a local receiver")
struct DataActionCallerTests {
    static func action(
        _ base: String,
        path: String = "/v1/data-actions/file-uploaded",
        timeout: Int = 10
    ) -> DataAction {
        DataAction(
            name: "Attaché file uploaded",
            requestUrlTemplate: base + path + "?conversation=$esc.url(${input.conversationId})",
            headers: ["X-Attache-Data-Action-Secret": "${credentials.secret}", "X-Static": "yes"],
            requestTemplate: DataAction.defaultRequestTemplate,
            credentials: ["secret": "shared-secret-123"],
            timeoutSeconds: timeout
        )
    }

    static let inputs = TriggerFacts(
        conversationId: "conv 1", participantId: "p-1", communicationId: "m-1", messageId: "msg-1",
        messageType: .text, text: "S3_FILE_UPLOADED", metadata: ["fileId": "f-1"],
        customAttributes: ["attacheGuestId": "g-1"], isFirstMessage: false
    ).inputs

    @Test("The caller sends the rendered body, the configured headers and the templated URL")
    func sends() async throws {
        try await DataActionReceiver.with { receiver, base in
            let response = try await DataActionCaller().call(Self.action(base), inputs: Self.inputs)
            #expect(response.status == 200)
            #expect(response.topLevelKeys == ["expiresIn", "url"])
            let received = try #require(await receiver.waitFor(1).first)
            #expect(received.method == "POST")
            #expect(received.path == "/v1/data-actions/file-uploaded")
            #expect(received.header("X-Attache-Data-Action-Secret") == "shared-secret-123")
            #expect(received.header("X-Static") == "yes")
            #expect(received.header("Content-Type") == "application/json")
            let body = try #require(try JSONSerialization.jsonObject(with: received.body) as? [String: Any])
            #expect(body["conversationId"] as? String == "conv 1")
            #expect(body["metadata"] as? [String: String] == ["fileId": "f-1"])
            #expect(body["customAttributes"] as? [String: String] == ["attacheGuestId": "g-1"])
        }
    }

    @Test("A non-2xx answer is a typed error with the status and no secret in its message")
    func httpError() async throws {
        try await DataActionReceiver.with(status: .unauthorized, responseBody: "{}") { _, base in
            do throws(DataActionError) {
                _ = try await DataActionCaller().call(Self.action(base), inputs: Self.inputs)
                Issue.record("expected an error")
            } catch {
                #expect(error.code == .httpStatus)
                #expect(error.status == 401)
                #expect(!error.message.contains("shared-secret-123"))
                #expect(!error.message.contains("conv"))
            }
        }
    }

    @Test("A refused connection is a transport error")
    func refused() async {
        let action = Self.action("http://127.0.0.1:1", timeout: 2)
        do {
            _ = try await DataActionCaller().call(action, inputs: Self.inputs)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .transport)
        }
    }

    @Test("A slow endpoint times out after the action's timeout")
    func timeout() async throws {
        // The endpoint answers after 3 s; the action's 1 s timeout must end the call first, which
        // the error says (no bound on elapsed time is asserted: shared machines are noisy).
        try await DataActionReceiver.with(delay: .seconds(3)) { _, base in
            do throws(DataActionError) {
                _ = try await DataActionCaller().call(Self.action(base, timeout: 1), inputs: Self.inputs)
                Issue.record("expected a timeout")
            } catch {
                #expect(error.code == .transport)
                #expect(error.message.contains("timed out"))
            }
        }
    }
}
