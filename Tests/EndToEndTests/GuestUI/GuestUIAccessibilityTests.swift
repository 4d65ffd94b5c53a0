import BrowserTesting
import Foundation
import Testing

/// Issue 7, "the page": keyboard use, names for every control, and a 360 px wide phone layout
/// without horizontal scrolling, in headless Chromium.
@Suite("Guest UI in Chromium: accessibility and phone width", .serialized)
struct GuestUIAccessibilityTests {
    /// Every control's accessible name (label, aria-label, aria-labelledby or its text), or the
    /// controls that have none.
    static let unnamedControls = """
        return [...document.querySelectorAll('button, input, textarea, select, a[href], progress, audio, video')]
            .filter((node) => !node.hidden && node.offsetParent !== null || node.id === 'file-input')
            .filter((node) => {
                const labelled = node.id && document.querySelector(`label[for="${CSS.escape(node.id)}"]`);
                const name = node.getAttribute('aria-label') || node.getAttribute('aria-labelledby')
                    || (labelled && labelled.textContent.trim()) || node.textContent.trim() || node.getAttribute('alt');
                return !name;
            })
            .map((node) => node.outerHTML.slice(0, 120));
        """

    @Test(
        "Keyboard only: the composer is reachable, Enter sends, Shift+Enter breaks the line; every control is named",
        .enabled(if: GuestUIBrowser.isAvailable(.embedded)), .timeLimit(.minutes(2)))
    func keyboard() async throws {
        try await GuestUIBrowser.run(store: .embedded) { harness, page in
            try await page.open()
            // The skip link is the first tab stop (nothing has a positive tabindex) and leads to
            // the message box.
            let first =
                try await page.browser.execute(
                    """
                    if (document.querySelector('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])')) return 'positive tabindex';
                    const node = document.querySelector('a[href], button, input, textarea, [tabindex="0"]');
                    return node.className + ' ' + node.getAttribute('href');
                    """) as? String
            #expect(first == "skip #composer-input")
            // Enter sends; Shift+Enter inserts a line break instead.
            try await page.browser.type("#composer-input", "line one\u{E008}\u{E007}\u{E008}line two\u{E007}")
            try await page.waitForMessage("line one\nline two", direction: "inbound")
            let conversationId = try await harness.waitForConversation { $0 == "line one\nline two" }
            #expect(!conversationId.isEmpty)
            let focused = try await page.browser.execute("return document.activeElement?.id") as? String
            #expect(focused == "composer-input", "focus stays in the message box after sending")
            let unnamed = try await page.browser.execute(Self.unnamedControls) as? [String] ?? ["(script failed)"]
            #expect(unnamed.isEmpty, "controls without an accessible name: \(unnamed)")
        }
    }

    @Test(
        "360 px wide phone: no horizontal scrolling, composer and send button visible",
        .enabled(if: GuestUIBrowser.isAvailable(.embedded)), .timeLimit(.minutes(2)))
    func phoneWidth() async throws {
        try await GuestUIBrowser.run(store: .embedded) { harness, page in
            try await page.browser.emulateViewport(width: 360, height: 740, mobile: true)
            try await page.open()
            let long = String(repeating: "averyveryverylongwordwithoutanyspaces", count: 4)
            try await page.send(long)
            try await page.waitForMessage(long, direction: "inbound")
            let layout =
                try await page.browser.execute(
                    """
                    const send = document.querySelector('#send-button').getBoundingClientRect();
                    const box = document.querySelector('#composer-input').getBoundingClientRect();
                    return [document.documentElement.scrollWidth, window.innerWidth, send.right, box.width, send.bottom,
                            window.innerHeight];
                    """) as? [Double] ?? []
            try #require(layout.count == 6)
            #expect(layout[0] <= layout[1], "the page scrolls sideways: \(layout[0]) > \(layout[1])")
            #expect(layout[2] <= layout[1], "the send button is cut off")
            #expect(layout[3] >= 150, "the message box is too narrow: \(layout[3]) px")
            #expect(layout[4] <= layout[5], "the send button is below the fold")
            _ = harness
        }
    }
}
