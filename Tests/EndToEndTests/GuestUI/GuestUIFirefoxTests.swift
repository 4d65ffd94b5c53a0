import BrowserTesting
import Foundation
import Testing
import WebMessaging

@testable import Sandbox

/// Issue 7's "works in the latest Chromium and Firefox", Firefox side: the page driven in
/// headless Firefox over WebDriver BiDi (no geckodriver) against the sandbox and the gateway
/// (embedded store and policy scanner): a conversation with an agent reply that survives a
/// reload with the same session, and an upload through IndexedDB and `fetch` that ends clean.
@Suite("Guest UI in Firefox", .serialized)
struct GuestUIFirefoxTests {
    @Test(
        "Firefox: a message reaches the agent once, the reply shows, a reload keeps the conversation and token",
        .enabled(if: GuestUIFirefox.isAvailable(.embedded)), .timeLimit(.minutes(3)))
    func conversationSurvivesReload() async throws {
        try await GuestUIFirefox.run { harness, page in
            try await page.open()
            let first = "Hello from Firefox, about claim 4711"
            try await page.send(first)
            let conversationId = try await harness.waitForConversation { $0 == first }
            try await page.waitForMessage(first, direction: "inbound")
            try await harness.accept(conversationId)
            let reply = "Hi, this is Test Agent. How can I help?"
            try await harness.agentSays(conversationId, reply)
            try await page.waitForMessage(reply, direction: "outbound")
            #expect(await harness.guestTexts(conversationId) == [first])
            let token = try await page.sessionToken()
            #expect(token?.isEmpty == false)

            try await page.reload()
            try await page.waitForMessage(reply, direction: "outbound")
            try await page.waitForMessage(first, direction: "inbound")
            #expect(try await page.texts(direction: "inbound") == [first])
            #expect(try await page.texts(direction: "outbound") == [reply])
            #expect(try await page.sessionToken() == token)

            let second = "Still here after the reload"
            try await page.send(second)
            try await harness.waitForGuestTexts(conversationId, what: "the second message in the same conversation") {
                $0 == [first, second]
            }
            try await page.waitForMessage(second, direction: "inbound")
            #expect(await harness.state.conversations().count == 1)
            #expect(await harness.guestTexts(conversationId) == [first, second])
            #expect(try await page.warnings() == [])
        }
    }

    @Test(
        "Firefox: a PDF made in the page is stored in IndexedDB, uploaded with fetch, announced once, and ends clean",
        .enabled(if: GuestUIFirefox.isAvailable(.embedded)), .timeLimit(.minutes(3)))
    func uploadEndsClean() async throws {
        try await GuestUIFirefox.run { harness, page in
            try await page.open()
            let first = "I am sending a note"
            try await page.send(first)
            let conversationId = try await harness.waitForConversation { $0 == first }
            try await harness.accept(conversationId)
            #expect(try await page.firefox.evaluate("window.attache.uploads.persistent") == .bool(true))

            let pdf = WidgetSampleFiles.pdf(text: "A note from Firefox")
            let uploadId = try await page.firefox.call(
                """
                async (base64) => {
                    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
                    const file = new File([bytes], 'note.pdf', { type: 'application/pdf' });
                    return window.attache.uploads.add(file);
                }
                """, arguments: [.string(pdf.base64EncodedString())])
            #expect(uploadId.string?.isEmpty == false, "uploads.add returned \(uploadId)")
            try await page.firefox.wait(
                until: "() => document.querySelector('#message-list li.upload')?.dataset.uploadState === 'clean'",
                timeout: .seconds(60), what: "the upload card in state clean (now \(try await page.uploadStates()))")
            #expect(try await page.uploadStates() == ["clean"])
            let fileId = try await page.firefox.evaluate(
                "document.querySelector('#message-list li.upload').dataset.fileId"
            ).string
            #expect(fileId?.isEmpty == false)
            let cardText = try await page.firefox.evaluate(
                "document.querySelector('#message-list li.upload').textContent"
            ).string
            #expect(cardText?.contains("note.pdf") == true, "\(cardText ?? "no card")")

            // The keyword message reached the conversation once, with the file id.
            try await harness.waitForGuestTexts(conversationId, what: "the keyword message") {
                $0.contains("S3_FILE_UPLOADED")
            }
            let keywords = await harness.guestMessages(conversationId).filter { $0.text == "S3_FILE_UPLOADED" }
            #expect(keywords.count == 1)
            #expect(keywords.first?.metadata?["attacheFileId"] == fileId)
            // The Blob and resume state left IndexedDB once the upload completed.
            try await page.firefox.wait(
                until: "async () => (await window.attache.uploads.store.list()).length === 0",
                what: "the IndexedDB upload store emptied")
            #expect(
                try await page.firefox.evaluate("document.getElementById('storage-notice').hidden") == .bool(true))
            #expect(try await page.warnings() == [])
        }
    }
}
