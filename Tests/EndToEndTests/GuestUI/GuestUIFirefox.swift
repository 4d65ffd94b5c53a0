import BrowserTesting
import Foundation

/// Runs guest UI tests in headless Firefox, over WebDriver BiDi (``FirefoxBiDi``), against the
/// same stack as the Chromium tests (``GuestUIHarness``).
enum GuestUIFirefox {
    /// Whether a Firefox test on `store` should run (see ``FirefoxEnvironment/isAvailable``: under
    /// `CI=true` it runs and fails when Firefox or a service is missing).
    static func isAvailable(_ store: GuestUIStore) -> Bool {
        FirefoxEnvironment.isAvailable && store.servicesAvailable
    }

    /// Starts the stack and a fresh Firefox with ``GuestUIPage/recordWarnings`` installed, runs
    /// `body`; on failure the error carries the page's state and a screenshot.
    static func run(
        store: GuestUIStore = .embedded, _ body: (GuestUIHarness, GuestUIFirefoxPage) async throws -> Void
    ) async throws {
        try await GuestUIHarness.with(store: store) { harness in
            try await FirefoxBiDi.run { firefox in
                try await firefox.addInitScript(GuestUIPage.recordWarnings)
                let page = GuestUIFirefoxPage(firefox: firefox, harness: harness)
                do {
                    try await body(harness, page)
                } catch {
                    throw await page.failure(error)
                }
            }
        }
    }
}

/// The guest page in Firefox, through the DOM contract (see ``GuestUIPage``, its Chromium twin).
struct GuestUIFirefoxPage {
    let firefox: FirefoxBiDi
    let harness: GuestUIHarness

    /// Opens the page at the gateway and waits until the session is connected.
    func open(timeout: Duration = .seconds(30)) async throws {
        try await firefox.navigate(harness.gatewayURL + "/")
        try await waitForPhase("connected", timeout: timeout)
    }

    /// Reloads the page and waits until the session is connected again.
    func reload(timeout: Duration = .seconds(30)) async throws {
        try await firefox.reload()
        try await waitForPhase("connected", timeout: timeout)
    }

    /// Waits until `#connection-state` has `data-phase` = `phase`.
    func waitForPhase(_ phase: String, timeout: Duration = .seconds(30)) async throws {
        try await firefox.wait(
            until: "(phase) => document.querySelector('#connection-state')?.dataset.phase === phase",
            arguments: [.string(phase)], timeout: timeout, what: "#connection-state[data-phase=\(phase)]")
    }

    /// Puts `text` into the composer and submits its form (as the send button does).
    func send(_ text: String) async throws {
        try await firefox.call(
            """
            (text) => {
                const input = document.getElementById('composer-input');
                input.value = text;
                input.dispatchEvent(new Event('input', { bubbles: true }));
                document.getElementById('composer').requestSubmit();
            }
            """, arguments: [.string(text)])
    }

    /// The texts of the messages shown (not system lines), in page order; `direction` `inbound`
    /// (the guest's) or `outbound` (the agent's).
    func texts(direction: String) async throws -> [String] {
        try await firefox.call(
            """
            (direction) => [...document.querySelectorAll(`#message-list li.message[data-direction="${direction}"]:not(.system)`)]
                .map((li) => li.querySelector('.message-text')?.textContent ?? '')
            """, arguments: [.string(direction)]
        ).strings
    }

    /// Waits until a message with exactly this text is shown in `direction`.
    func waitForMessage(_ text: String, direction: String, timeout: Duration = .seconds(30)) async throws {
        try await firefox.wait(
            until: """
                (text, direction) => [...document.querySelectorAll(`#message-list li.message[data-direction="${direction}"]`)]
                    .some((li) => li.querySelector('.message-text')?.textContent === text)
                """, arguments: [.string(text), .string(direction)], timeout: timeout,
            what: "the \(direction) message \"\(text.prefix(60))\"")
    }

    /// The guest session's token (`window.attache.session.token`, for test introspection).
    func sessionToken() async throws -> String? {
        try await firefox.evaluate("window.attache?.session?.token ?? null").string
    }

    /// The `data-upload-state` of every upload card, in page order.
    func uploadStates() async throws -> [String] {
        try await firefox.evaluate(
            "[...document.querySelectorAll('#message-list li.upload')].map((li) => li.dataset.uploadState)"
        ).strings
    }

    /// What ``GuestUIPage/recordWarnings`` collected.
    func warnings() async throws -> [String] {
        try await firefox.evaluate("window.__attacheWarnings ?? []").strings
    }

    /// `error` with the page's connection phase, message list markup and a screenshot
    /// (`failure-firefox-….png` in ``GuestUIArtifacts/buildDirectory``).
    func failure(_ error: any Error) async -> PageState {
        let markup =
            (try? await firefox.evaluate(
                """
                `phase=${document.querySelector('#connection-state')?.dataset.phase}\\n`
                    + (document.querySelector('#message-list')?.outerHTML ?? '(no #message-list)').slice(0, 6000)
                """
            ).string) ?? "(page unavailable)"
        let file = GuestUIArtifacts.buildDirectory.appendingPathComponent(
            "failure-firefox-\(UUID().uuidString.prefix(8)).png")
        var saved = "none"
        if let png = try? await firefox.screenshot(),
            (try? FileManager.default.createDirectory(
                at: GuestUIArtifacts.buildDirectory, withIntermediateDirectories: true)) != nil,
            (try? png.write(to: file)) != nil
        {
            saved = file.path
        }
        return PageState(underlying: error, markup: markup, screenshot: saved)
    }
}
