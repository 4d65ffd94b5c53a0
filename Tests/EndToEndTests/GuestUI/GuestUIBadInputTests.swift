import BrowserTesting
import Foundation
import Testing
import WebMessaging

@testable import Sandbox

/// Issue 7's bad input, in headless Chromium: markup in message text and file names is shown as
/// text; hostile server frames (huge, malformed, unknown class) are ignored with a console
/// warning; with localStorage and IndexedDB refused the page works for the session and says
/// that resume is off.
@Suite("Guest UI in Chromium: bad input", .serialized)
struct GuestUIBadInputTests {
    /// Whether any markup from the hostile strings became elements or ran.
    static let injected = """
        return window.__pwned !== undefined
            || !!document.querySelector('#message-list b, #message-list script, #message-list img[src="x"], #message-list img[src$="/x"]');
        """

    @Test(
        "HTML and script in the guest's and the agent's text and in file names are rendered as text",
        .enabled(if: GuestUIBrowser.isAvailable(.embedded)), .timeLimit(.minutes(3)))
    func markupIsText() async throws {
        try await GuestUIFiles.with { files in
            let hostileFile = try files.write(
                WidgetSampleFiles.pdf(text: "hostile name"), named: GuestUIFiles.hostileName)
            try await GuestUIBrowser.run(store: .embedded) { harness, page in
                try await page.open()
                try await page.send(GuestUIFiles.hostileText)
                let conversationId = try await harness.waitForConversation()
                try await page.waitForMessage(GuestUIFiles.hostileText, direction: "inbound")
                try await harness.accept(conversationId)
                let agentFile = AgentAttachment(
                    fileName: #"<img src=x onerror="window.__pwned='agent file'">.pdf"#, mimeType: "application/pdf",
                    data: SampleAttachment.pdf.data)
                try await harness.agentSays(conversationId, GuestUIFiles.hostileText, attachments: [agentFile])
                try await page.waitForMessage(GuestUIFiles.hostileText, direction: "outbound")
                try await page.choose([hostileFile])
                try await page.waitForUploadState(["scanning", "clean"], timeout: .seconds(60))

                let names =
                    try await page.browser.execute(
                        """
                        return [...document.querySelectorAll('#message-list [data-file-kind]')].map((n) => n.textContent);
                        """) as? [String] ?? []
                #expect(names.contains { $0.contains(GuestUIFiles.hostileName) }, "\(names)")
                #expect(names.contains { $0.contains(agentFile.fileName) }, "\(names)")
                #expect(try await page.browser.execute(Self.injected) as? Bool == false)
                try await page.capture("hostile-text")
            }
        }
    }

    @Test(
        "Hostile server frames (huge, malformed, unknown class) are ignored with a console warning",
        .enabled(if: GuestUIBrowser.isAvailable(.embedded)), .timeLimit(.minutes(3)))
    func hostileFrames() async throws {
        try await GuestUIBrowser.run(store: .embedded) { harness, page in
            try await page.open()
            try await page.send("hello")
            let conversationId = try await harness.waitForConversation()
            try await harness.accept(conversationId)
            let before = try await page.warnings().count
            let frames: [ServerMessage] = [
                .message(
                    .unknown(
                        className: "StructuredMessage",
                        body: .object([
                            "id": .string("huge-frame"), "type": .string("Text"), "direction": .string("Outbound"),
                            "text": .string(String(repeating: "A", count: 2 << 20)),
                        ]))),
                .message(.unknown(className: "StructuredMessage", body: .string("<b>not an object</b>"))),
                .message(.unknown(className: "StructuredMessage", body: .array([.null, .number(1)]))),
                .message(
                    .unknown(
                        className: "TotallyNewEvent",
                        body: .object(["id": .string("unknown-class"), "text": .string("<b>hi</b>")]))),
            ]
            for frame in frames {
                #expect(await harness.state.pushGuestFrame(frame, toConversation: conversationId) == 1)
            }
            try await harness.agentSays(conversationId, "Still here after the noise")
            try await page.waitForMessage("Still here after the noise", direction: "outbound")
            try await page.waitForPhase("connected")
            #expect(
                try await page.browser.count(
                    "#message-list [data-message-id=\"huge-frame\"], #message-list [data-message-id=\"unknown-class\"]")
                    == 0)
            #expect(try await page.texts(direction: "outbound") == ["Still here after the noise"])
            #expect(try await page.browser.execute(Self.injected) as? Bool == false)
            let warnings = try await page.warnings().dropFirst(before)
            #expect(warnings.count >= 3, "console warnings: \(Array(warnings))")
        }
    }

    @Test(
        "localStorage and IndexedDB unavailable: the page works for the session and shows #storage-notice",
        .enabled(if: GuestUIBrowser.isAvailable(.embedded)), .timeLimit(.minutes(3)),
        arguments: [("private", GuestUIPage.denyStorage), ("quota-full", GuestUIPage.storageQuotaFull)])
    func storageUnavailable(mode: String, script: String) async throws {
        try await GuestUIBrowser.run(
            store: .embedded, initScripts: [GuestUIPage.recordWarnings, script]
        ) { harness, page in
            try await page.open()
            try await page.wait(
                "#storage-notice shown",
                until:
                    "const n = document.querySelector('#storage-notice'); return !!n && !n.hidden && n.offsetHeight > 0"
            )
            let text = "Private window, still works"
            try await page.send(text)
            let conversationId = try await harness.waitForConversation { $0 == text }
            try await harness.accept(conversationId)
            try await harness.agentSays(conversationId, "Hello, private guest")
            try await page.waitForMessage("Hello, private guest", direction: "outbound")
            try await page.waitForMessage(text, direction: "inbound")
            if mode == "private" { try await page.capture("storage-off") }
        }
    }
}
