import BrowserTesting
import Foundation

/// Runs guest UI browser tests: the stack, a fresh Chromium, the page helper.
enum GuestUIBrowser {
    /// Whether a browser test on `store` should run (see ``BrowserEnvironment/isAvailable`` and
    /// ``GuestUIStore/servicesAvailable``: under `CI=true` it runs and fails when something is missing).
    static func isAvailable(_ store: GuestUIStore) -> Bool {
        BrowserEnvironment.isAvailable && store.servicesAvailable
    }

    /// Starts the stack and a browser at 1280 × 800 with `initScripts` installed, runs `body`.
    static func run(
        store: GuestUIStore = .moto, initScripts: [String] = [GuestUIPage.recordWarnings],
        _ body: (GuestUIHarness, GuestUIPage) async throws -> Void
    ) async throws {
        try await GuestUIHarness.with(store: store) { harness in
            try await BrowserSession.run(extraArguments: ["--autoplay-policy=no-user-gesture-required"]) { browser in
                try await browser.emulateViewport(width: 1280, height: 800, mobile: false)
                for script in initScripts { try await browser.addInitScript(script) }
                do {
                    try await body(harness, GuestUIPage(browser: browser, harness: harness))
                } catch {
                    throw await PageState.failure(error, browser: browser)
                }
            }
        }
    }
}

/// What the page showed when a test failed: the message list's markup and a screenshot
/// (`failure-….png` in the artifacts directory).
struct PageState: Error, CustomStringConvertible {
    var underlying: any Error
    var markup: String
    var screenshot: String

    var description: String {
        "\(underlying)\npage state (screenshot \(screenshot)):\n\(markup)"
    }

    static func failure(_ error: any Error, browser: WebDriver) async -> PageState {
        let markup =
            (try? await browser.execute(
                """
                const phase = document.querySelector('#connection-state')?.dataset.phase;
                const list = document.querySelector('#message-list')?.outerHTML ?? '(no #message-list)';
                return `phase=${phase}\\n` + list.slice(0, 6000);
                """) as? String) ?? "(page unavailable)"
        let name = "failure-\(UUID().uuidString.prefix(8))"
        let file = try? await browser.saveScreenshot(named: name, in: GuestUIArtifacts.buildDirectory)
        return PageState(underlying: error, markup: markup, screenshot: file?.path ?? "none")
    }
}
