import BrowserTesting
import Foundation
import Testing

@testable import Sandbox

/// Must-show of issue 7, conversation side, in headless Chromium against the sandbox and the
/// gateway (embedded store: these tests move no guest files): a conversation with an agent reply
/// that survives a reload, the agent's files rendered with the right control, a session expiry
/// announced with a new conversation.
@Suite("Guest UI in Chromium: conversation", .serialized)
struct GuestUIConversationTests {
    @Test(
        "A conversation with an agent reply; after a reload the same conversation and its history",
        .enabled(if: GuestUIBrowser.isAvailable(.embedded)), .timeLimit(.minutes(3)))
    func conversationSurvivesReload() async throws {
        try await GuestUIBrowser.run(store: .embedded) { harness, page in
            try await page.open()
            try await page.capture("empty")
            let first = "Hello, I need help with claim 4711"
            try await page.send(first)
            let conversationId = try await harness.waitForConversation { $0 == first }
            try await page.wait(
                "the echo of the first message (with its server id)",
                until:
                    "return !!document.querySelector('#message-list li.message[data-direction=\"inbound\"][data-message-id]:not([data-message-id=\"\"])')"
            )
            try await harness.accept(conversationId)
            let reply = "Hi, this is Test Agent. Could you send the invoice?"
            try await harness.agentSays(conversationId, reply)
            try await page.waitForMessage(reply, direction: "outbound")
            let second = "Sure, one moment"
            try await page.send(second)
            try await page.waitForMessage(second, direction: "inbound")
            try await page.capture("conversation")
            let token = try await page.browser.execute("return window.attache?.session?.token") as? String

            try await page.reload()
            try await page.waitForMessage(reply, direction: "outbound")
            try await page.waitForMessage(second, direction: "inbound")
            #expect(try await page.texts(direction: "inbound") == [first, second])
            #expect(try await page.texts(direction: "outbound") == [reply])
            #expect(try await page.browser.execute("return window.attache?.session?.token") as? String == token)

            let third = "Back after the reload"
            try await page.send(third)
            try await harness.waitForGuestTexts(conversationId, what: "the third message in the same conversation") {
                $0 == [first, second, third]
            }
            #expect(await harness.state.conversations().count == 1)
            try await page.capture("after-reload")
        }
    }

    @Test(
        "The agent's PDF, ZIP, voice note and image are rendered with the right control",
        .enabled(if: GuestUIBrowser.isAvailable(.embedded)), .timeLimit(.minutes(3)))
    func agentFiles() async throws {
        try await GuestUIBrowser.run(store: .embedded) { harness, page in
            try await page.open()
            try await page.send("Can you send me the documents?")
            let conversationId = try await harness.waitForConversation()
            try await harness.accept(conversationId)
            try await harness.agentSays(
                conversationId, "Here they are",
                attachments: [SampleAttachment.pdf, .zip, .voiceNote, .image].map(\.agentAttachment))
            let list = "#message-list li.message[data-direction=\"outbound\"]"
            try await page.wait(
                "the four attachment cards",
                until: """
                    return ['pdf', 'archive', 'audio', 'image'].every((kind) =>
                        !!document.querySelector(`\(list) [data-file-kind="${kind}"]`));
                    """)
            #expect(try await page.browser.count("\(list) [data-file-kind=\"audio\"] audio[controls]") == 1)
            #expect(try await page.browser.count("\(list) [data-file-kind=\"image\"] img") == 1)
            let cardTexts =
                try await page.browser.execute(
                    """
                    return ['pdf', 'archive'].map((kind) =>
                        document.querySelector(`\(list) [data-file-kind="${kind}"]`).textContent);
                    """) as? [String] ?? []
            #expect(cardTexts.first?.contains(SampleAttachment.pdf.fileName) == true, "\(cardTexts)")
            #expect(cardTexts.last?.contains(SampleAttachment.zip.fileName) == true, "\(cardTexts)")
            let links =
                try await page.browser.execute(
                    """
                    return ['pdf', 'archive'].map((kind) =>
                        document.querySelector(`\(list) [data-file-kind="${kind}"] a[href]`)?.href ?? '');
                    """) as? [String] ?? []
            #expect(links.allSatisfy { $0.hasPrefix(harness.sandboxURL + "/") }, "\(links)")

            let played =
                try await page.browser.executeAsync(
                    """
                    const done = arguments[arguments.length - 1];
                    const audio = document.querySelector('\(list) [data-file-kind="audio"] audio');
                    audio.play().then(() => {
                        const check = () => audio.currentTime > 0 ? done([true, audio.duration]) : setTimeout(check, 50);
                        check();
                    }).catch((e) => done([false, String(e)]));
                    """) as? [Any] ?? []
            #expect(played.first as? Bool == true, "the voice note did not play: \(played)")
            let imageLoaded =
                try await page.browser.execute(
                    "return document.querySelector('\(list) [data-file-kind=\"image\"] img').naturalWidth")
                as? Int
            #expect(imageLoaded == 32)
            try await page.capture("agent-files")
        }
    }

    @Test(
        "An expired session: a new conversation is started and announced, the next message goes there",
        .enabled(if: GuestUIBrowser.isAvailable(.embedded)), .timeLimit(.minutes(3)))
    func sessionExpiry() async throws {
        try await GuestUIBrowser.run(store: .embedded) { harness, page in
            try await page.open()
            let first = "Is anyone there?"
            try await page.send(first)
            let expired = try await harness.waitForConversation { $0 == first }
            try await harness.accept(expired)
            try await harness.agentSays(expired, "Yes, one moment please")
            try await page.waitForMessage("Yes, one moment please", direction: "outbound")

            try await harness.expireSession(expired)
            try await page.wait(
                "#notice announcing a new conversation", timeout: .seconds(30),
                until: """
                    const n = document.querySelector('#notice');
                    return !!n && !n.hidden && /new conversation/i.test(n.textContent);
                    """)
            try await page.waitForPhase("connected", timeout: .seconds(30))
            try await page.capture("session-expired")

            let next = "Hello again"
            try await page.send(next)
            let fresh = try await harness.waitForConversation { $0 == next }
            #expect(fresh != expired)
            #expect(await harness.guestTexts(expired) == [first])
            #expect(await harness.guestTexts(fresh) == [next])
        }
    }
}
