import Foundation
import Gateway
import NIOHTTP1
import Testing
import WebMessaging

@testable import Sandbox

/// Must-show, abandoned upload: the guest uploads and "closes the browser" without ever sending
/// the keyword message; the agent's conversation still receives exactly one system message
/// naming the file.
@Suite("Abandoned-upload recovery end to end (gateway + sandbox)")
struct RecoveryEndToEndTests {
    @Test("An upload never announced reaches the agent's conversation as exactly one notice")
    func abandonedUpload() async throws {
        try await RecoveryEndToEndHarness.with { (harness) async throws in
            let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
            let (guestId, fileId) = try await harness.uploadCleanFile(
                filename: "claim form.pdf", contentType: "application/pdf", bytes: pdf)

            // The guest's first message carries its gateway guest id; the sandbox's trigger rule
            // calls register-conversation on the gateway.
            let (conversationId, _, _) = try await harness.sandbox.startConversation(
                firstMessage: "Hi, I sent you my claim form", customAttributes: ["attacheGuestId": guestId])
            let state = harness.pipeline.state
            var bound: [String] = []
            for _ in 0..<200 where bound.isEmpty {
                bound = try await state.conversations(guestId: guestId)
                if bound.isEmpty { try await Task.sleep(for: .milliseconds(25)) }
            }
            #expect(bound == [conversationId], "the trigger registered the conversation through the gateway")

            // The agent accepts; the guest closes the browser and never sends S3_FILE_UPLOADED.
            try await harness.sandbox.state.acceptConversation(conversationId, agent: GenesysSandboxHarness.agent)
            let recovery = try #require(harness.pipeline.recovery)
            let genesys = try #require(harness.pipeline.genesys)

            // Inside the grace period (2 minutes by default) nothing is posted.
            #expect(await recovery.runPass().posted.isEmpty)

            // Two minutes later (injected clock), two replicas' passes race, then run once more.
            let later = Date().addingTimeInterval(121)
            let replicaA = AbandonedUploadRecovery(
                store: state, genesys: genesys, replica: "replica-a", now: { later })
            let secondStore = try GRDBUploadStateStore(
                database: StateDatabase(location: harness.configuration.database))
            let replicaB = AbandonedUploadRecovery(
                store: secondStore, genesys: genesys, replica: "replica-b", now: { later })
            async let passA = replicaA.runPass()
            async let passB = replicaB.runPass()
            let reports = await [passA, passB]
            #expect(reports.flatMap(\.posted) == [fileId])
            #expect(await replicaA.runPass().posted.isEmpty)
            #expect(await replicaB.runPass().posted.isEmpty)

            let conversation = try #require(await harness.sandbox.state.conversation(id: conversationId))
            let notices = conversation.messages.filter { $0.message.text?.contains("A file was received") == true }
            #expect(notices.count == 1)
            let notice = try #require(notices.first)
            #expect(notice.message.direction == .outbound)
            #expect(
                notice.message.text
                    == "A file was received: claim form.pdf (application/pdf, \(pdf.count) bytes)\nattacheFileId: \(fileId)"
            )

            let audit = try await state.auditEntries(fileId: fileId).filter { $0.action == "recovery.notice" }
            #expect(audit.count == 1)
            #expect(audit.first?.detail?.contains(conversationId) == true)

            // The agent side lists the file for the conversation (what the widget shows).
            let listed = try await harness.json(
                .POST, "/v1/data-actions/list-files", ["conversationId": conversationId],
                headers: ["X-Attache-Data-Action-Secret": RecoveryEndToEndHarness.dataActionSecret])
            #expect(listed.status == 200)
            #expect(listed.body["fileIds"] as? [String] == [fileId])
        }
    }

    @Test("The gateway's own recovery service posts the notice; an announced file gets none")
    func serviceRunsInTheGateway() async throws {
        // Five seconds of grace: the announced file below is linked well within them.
        let settings = ["ATTACHE_RECOVERY_GRACE_SECONDS": "5", "ATTACHE_RECOVERY_INTERVAL_SECONDS": "1"]
        try await RecoveryEndToEndHarness.with(settings: settings) { (harness) async throws in
            let text = Array("plain notes\n".utf8)
            let (guestId, abandoned) = try await harness.uploadCleanFile(
                filename: "notes.txt", contentType: "text/plain", bytes: text)
            let (conversationId, _, _) = try await harness.sandbox.startConversation(
                customAttributes: ["attacheGuestId": guestId])
            try await harness.sandbox.state.acceptConversation(conversationId, agent: GenesysSandboxHarness.agent)
            // The second guest announces its file: the keyword message with the file id in its
            // metadata; the sandbox's trigger asks the gateway for the connected agent's link.
            let secondGuestFile = try await harness.uploadCleanFile(
                filename: "announced.txt", contentType: "text/plain", bytes: text)
            let second = try await harness.sandbox.startConversation(
                customAttributes: ["attacheGuestId": secondGuestFile.guestId])
            try await harness.sandbox.state.acceptConversation(
                second.conversationId, agent: GenesysSandboxHarness.agent)
            try await harness.sandbox.send(
                "S3_FILE_UPLOADED", metadata: ["attacheFileId": secondGuestFile.fileId], guest: second.guest,
                token: second.token)
            var announcedAt: Date?
            for _ in 0..<200 where announcedAt == nil {
                announcedAt = try await harness.pipeline.state.announcedAt(fileId: secondGuestFile.fileId)
                if announcedAt == nil { try await Task.sleep(for: .milliseconds(25)) }
            }
            #expect(announcedAt != nil, "the keyword message's file-link call marked the file announced")
            let secondConversation = second.conversationId

            var notices: [MessageRecord] = []
            for _ in 0..<600 where notices.isEmpty {
                let conversation = await harness.sandbox.state.conversation(id: conversationId)
                notices =
                    conversation?.messages.filter { $0.message.text?.contains("A file was received") == true } ?? []
                if notices.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(notices.count == 1)
            #expect(notices.first?.message.text?.contains("attacheFileId: \(abandoned)") == true)
            // More passes run meanwhile (one a second); still one notice, and none for the announced file.
            try await Task.sleep(for: .milliseconds(2_500))
            let conversation = try #require(await harness.sandbox.state.conversation(id: conversationId))
            #expect(
                conversation.messages.filter { $0.message.text?.contains("A file was received") == true }.count == 1)
            let other = try #require(await harness.sandbox.state.conversation(id: secondConversation))
            #expect(!other.messages.contains { $0.message.text?.contains("A file was received") == true })
        }
    }
}
