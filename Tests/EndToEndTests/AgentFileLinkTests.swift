import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WebMessaging

@testable import Gateway
@testable import Sandbox

/// Issue 6's first Must-show: a guest uploads through the gateway and announces the file in the
/// conversation; the sandbox's trigger calls `file-link` for the connected agent; the link
/// downloads the uploaded bytes; the same call later (agent gone), or for a non-participant, is
/// denied; the audit log holds every decision.
@Suite("Agent file links end to end (sandbox + gateway)")
struct AgentFileLinkTests {
    @Test("Dev mode (embedded store, policy scanner): link for the connected agent only, every decision audited")
    func devMode() async throws {
        try await LiveStack.with { stack in
            try await Self.scenario(stack, embeddedStore: true)
        }
    }

    @Test(
        "Production mode (S3 in moto, SQS events, clamd): the same guarantees",
        .enabled(if: LiveStack.productionServicesAvailable))
    func productionMode() async throws {
        let values = try await LiveStack.productionValues()
        try await LiveStack.with(gatewayValues: values) { stack in
            try await Self.scenario(stack, embeddedStore: false)
        }
    }

    /// The scenario on a running stack.
    static func scenario(_ stack: LiveStack, embeddedStore: Bool) async throws {
        let bytes = Data(
            "%PDF-1.4\n1 0 obj<<>>endobj\n% Attaché end-to-end \(UUID().uuidString)\ntrailer<<>>\n%%EOF\n".utf8)
        try await WebSocketGuest.with(sandboxPort: stack.sandboxPort, deploymentId: LiveStack.deployment.id) { guest in
            // The guest UI registers with the gateway, then says hello with its gateway guest id.
            let registration = try await stack.postJSON(
                "/v1/guests", ["sessionToken": guest.token, "deploymentId": LiveStack.deployment.id])
            let credential = try #require(registration["credential"] as? String)
            let guestId = try #require(registration["guestId"] as? String)
            try guest.send(
                .text("Hello, I have a document", token: guest.token, customAttributes: ["attacheGuestId": guestId]))
            let registered = await stack.proxy.waitForCalls(to: "register-conversation", count: 1)
            let register = try #require(registered.first)
            #expect(register.status == 200)
            #expect(register.json["registered"] as? Bool == true)
            let conversationId = try #require(register.json["conversationId"] as? String)
            #expect(await stack.sandboxState.conversation(id: conversationId) != nil)

            // Upload through the gateway API and wait for the scan.
            let fileId = try await stack.upload(bytes, filename: "Report (2026).pdf", credential: credential)

            // The agent accepts; the guest announces the file; the trigger asks for a link.
            try await stack.sandboxState.acceptConversation(conversationId, agent: LiveStack.agent)
            try guest.send(
                .text("S3_FILE_UPLOADED Report.pdf", token: guest.token, metadata: ["attacheFileId": fileId]))
            let links = await stack.proxy.waitForCalls(to: "file-link", count: 1)
            let link = try #require(links.first)
            #expect(link.status == 200)
            #expect(link.json["decision"] as? String == "allowed")
            #expect(link.json["reason"] as? String == "")
            #expect(link.json["fileId"] as? String == fileId)
            #expect(link.json["contentType"] as? String == "application/pdf")
            #expect(link.json["size"] as? Int == bytes.count)
            let request = try #require(try JSONSerialization.jsonObject(with: link.requestBody) as? [String: String])
            #expect(request == ["conversationId": conversationId, "userId": LiveStack.agent.id, "fileId": fileId])

            // The sandbox's trigger log shows the call answered with a link (values are never logged there).
            let log = await stack.platform.triggerLog.recent(conversationId: conversationId)
            let fired = try #require(log.first { $0.rule == "file-link" })
            #expect(fired.outcome == .succeeded && fired.status == 200)
            #expect(fired.responseKeys?.contains("url") == true)
            #expect(log.contains { $0.rule == "register-conversation" && $0.status == 200 })

            // The link downloads exactly the uploaded bytes, as an attachment of the verified type.
            let url = try #require(link.json["url"] as? String)
            let download = try await stack.get(url)
            #expect(download.status == 200)
            #expect(download.body == bytes)
            #expect(download.headers["content-type"].first == "application/pdf")
            let query = URLComponents(string: url)?.queryItems ?? []
            let disposition = query.first { $0.name == "response-content-disposition" }?.value
            #expect(disposition?.hasPrefix("attachment; filename=\"Report (2026).pdf\"") == true)
            #expect(query.first { $0.name == "response-content-type" }?.value == "application/pdf")
            if embeddedStore {
                // The embedded store answers with the signed overrides (moto ignores the disposition one).
                #expect(download.headers["content-disposition"].first == disposition)
            }
            if embeddedStore, let local = stack.pipeline.localStore {
                // Two minutes later the same URL no longer verifies (TTL 60 s).
                let components = try #require(URLComponents(string: url))
                #expect(throws: LocalSignatureError.self) {
                    try local.signer.verify(
                        method: "GET", path: components.path, rawQuery: components.percentEncodedQuery,
                        header: { _ in nil }, now: Date().addingTimeInterval(120))
                }
            }

            // An agent who is not a participant: denied.
            let stranger = UUID().uuidString.lowercased()
            let strangerCall = try await stack.dataAction(
                "file-link", ["conversationId": conversationId, "userId": stranger, "fileId": fileId])
            #expect(strangerCall["decision"] as? String == "denied")
            #expect(strangerCall["reason"] as? String == "agent-not-connected")
            #expect(strangerCall["url"] as? String == "")

            // Another conversation's id with this file: denied.
            let otherConversation = UUID().uuidString.lowercased()
            let elsewhere = try await stack.dataAction(
                "file-link", ["conversationId": otherConversation, "userId": LiveStack.agent.id, "fileId": fileId])
            #expect(elsewhere["reason"] as? String == "other-conversation")

            // Two minutes later the agent has left: the same call, replayed byte for byte, is denied.
            stack.clock.advance(by: 120)
            try await stack.sandboxState.disconnectAgent(conversationId, agentUserId: LiveStack.agent.id)
            let replay = try await stack.dataAction("file-link", body: link.requestBody)
            #expect(replay["decision"] as? String == "denied")
            #expect(replay["reason"] as? String == "agent-not-connected")

            // A forged call without the secret: 401, nothing minted.
            let forged = try await stack.post("/v1/data-actions/file-link", body: link.requestBody, secret: nil)
            #expect(forged.status == 401)

            // The audit log holds every decision, who, which conversation, and when.
            let audit = try await stack.pipeline.state.auditEntries(fileId: fileId).filter {
                $0.action.hasPrefix("link.")
            }
            #expect(audit.map(\.action) == ["link.allowed", "link.denied", "link.denied", "link.denied"])
            #expect(
                audit.map(\.actor) == [
                    "agent:\(LiveStack.agent.id)", "agent:\(stranger)", "agent:\(LiveStack.agent.id)",
                    "agent:\(LiveStack.agent.id)",
                ])
            #expect(audit[0].detail?.contains("conversation=\(conversationId) channel=data-action") == true)
            #expect(audit[1].detail?.contains("reason=agent-not-connected") == true)
            #expect(audit[2].detail?.contains("conversation=\(otherConversation)") == true)
            #expect(audit[2].detail?.contains("reason=other-conversation") == true)
            #expect(audit[3].detail?.contains("reason=agent-not-connected") == true)
            #expect(audit[3].at.timeIntervalSince(audit[0].at) >= 120)
            #expect(!audit.contains { ($0.detail ?? "").contains("Signature") || ($0.detail ?? "").contains("sig=") })
            let refused = try await stack.pipeline.state.auditEntries(fileId: nil).filter {
                $0.action == "data-action.refused"
            }
            #expect(refused.count == 1)
            #expect(try await stack.pipeline.state.announcedAt(fileId: fileId) != nil)
        }
    }
}
