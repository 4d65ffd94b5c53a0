import BrowserTesting
import Foundation

/// The guest page in the browser, through the DOM contract of docs (BRIEF): `#composer-input`,
/// `#send-button`, `#file-input`, `#message-list > li.message[data-direction][data-message-id]`
/// with `.message-text`, `li.upload[data-upload-state]`, `#connection-state[data-phase]`,
/// `#notice`, `#storage-notice`.
struct GuestUIPage {
    let browser: WebDriver
    let harness: GuestUIHarness

    /// Records `console.warn` (and `console.error`) in `window.__attacheWarnings` from the first
    /// script of every document on; must run before ``open()``.
    static let recordWarnings = """
        window.__attacheWarnings = [];
        for (const level of ['warn', 'error']) {
            const original = console[level].bind(console);
            console[level] = (...args) => {
                try { window.__attacheWarnings.push(level + ': ' + args.map((a) => String(a && a.message || a)).join(' ')); }
                catch (e) {}
                original(...args);
            };
        }
        """

    /// Makes `localStorage` throw and IndexedDB absent, as in a private window that refuses
    /// storage; must run before ``open()``.
    static let denyStorage = """
        Object.defineProperty(window, 'localStorage', { configurable: true,
            get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
        Object.defineProperty(window, 'indexedDB', { configurable: true, get() { return undefined; } });
        """

    /// Makes every `localStorage` write fail with `QuotaExceededError` and IndexedDB refuse to
    /// open, as when the disk quota is used up; must run before ``open()``.
    static let storageQuotaFull = """
        Storage.prototype.setItem = function () {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
        IDBFactory.prototype.open = function () {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
        """

    /// Opens the page at the gateway and waits until the session is connected.
    func open(timeout: Duration = .seconds(20)) async throws {
        try await browser.navigate(harness.gatewayURL + "/")
        try await waitForPhase("connected", timeout: timeout)
    }

    /// Reloads the page and waits until the session is connected again.
    func reload(timeout: Duration = .seconds(20)) async throws {
        try await browser.reload()
        try await waitForPhase("connected", timeout: timeout)
    }

    /// Waits until `#connection-state` has `data-phase` = `phase`.
    func waitForPhase(_ phase: String, timeout: Duration = .seconds(20)) async throws {
        try await browser.wait(
            until: "return document.querySelector('#connection-state')?.dataset.phase === arguments[0]",
            arguments: [phase], timeout: timeout, what: "#connection-state[data-phase=\(phase)]")
    }

    /// Types `text` into the composer and presses the send button.
    func send(_ text: String) async throws {
        try await browser.type("#composer-input", text)
        try await browser.click("#send-button")
    }

    /// The texts of the messages shown (not the system lines such as "An agent joined"), in page
    /// order; `direction` `inbound` (the guest's, as Genesys names them) or `outbound` (the
    /// agent's), or both when `nil`.
    func texts(direction: String? = nil) async throws -> [String] {
        let value = try await browser.execute(
            """
            const selector = (arguments[0] ? `li.message[data-direction="${arguments[0]}"]` : 'li.message')
                + ':not(.system)';
            return [...document.querySelectorAll('#message-list ' + selector)]
                .map((li) => li.querySelector('.message-text')?.textContent ?? '');
            """, arguments: [direction ?? ""])
        return value as? [String] ?? []
    }

    /// Waits until a message with exactly this text is shown in `direction`.
    func waitForMessage(_ text: String, direction: String, timeout: Duration = .seconds(20)) async throws {
        try await browser.wait(
            until: """
                return [...document.querySelectorAll(`#message-list li.message[data-direction="${arguments[1]}"]`)]
                    .some((li) => li.querySelector('.message-text')?.textContent === arguments[0]);
                """, arguments: [text, direction], timeout: timeout,
            what: "the \(direction) message \"\(text.prefix(60))\"")
    }

    /// Waits until `script` (returning a boolean, with `arguments`) is true.
    func wait(
        _ what: String, timeout: Duration = .seconds(20), arguments: [Any] = [], until script: String
    ) async throws {
        try await browser.wait(until: script, arguments: arguments, timeout: timeout, what: what)
    }

    /// Chooses files in `#file-input` (absolute paths).
    func choose(_ files: [URL]) async throws {
        try await browser.chooseFiles("#file-input", paths: files)
    }

    /// The `data-upload-state` of every upload card, in page order.
    func uploadStates() async throws -> [String] {
        try await browser.execute(
            "return [...document.querySelectorAll('#message-list li.upload')].map((li) => li.dataset.uploadState)"
        ) as? [String] ?? []
    }

    /// Waits until the first upload card's `data-upload-state` is one of `states`.
    func waitForUploadState(_ states: Set<String>, timeout: Duration = .seconds(60)) async throws {
        try await browser.wait(
            until: """
                const card = document.querySelector('#message-list li.upload');
                return !!card && arguments[0].includes(card.dataset.uploadState);
                """, arguments: [Array(states)], timeout: timeout,
            what: "an upload card in state \(states.sorted()) (now \(try await uploadStates()))")
    }

    /// The text of `#notice` when shown.
    func notice() async throws -> String? {
        try await browser.execute(
            "const n = document.querySelector('#notice'); return n && !n.hidden ? n.textContent : null") as? String
    }

    /// What ``recordWarnings`` collected.
    func warnings() async throws -> [String] {
        try await browser.execute("return window.__attacheWarnings ?? []") as? [String] ?? []
    }

    /// Screenshots of the current state at desktop and phone size, into ``GuestUIArtifacts``
    /// (`NAME-desktop.png`, `NAME-phone.png`); the page is left at desktop size.
    func capture(_ name: String) async throws {
        for viewport in GuestUIArtifacts.Viewport.allCases {
            try await browser.emulateViewport(
                width: viewport.size.width, height: viewport.size.height, mobile: viewport.mobile)
            try await Task.sleep(for: .milliseconds(250))
            try await browser.saveScreenshot(named: "\(name)-\(viewport.rawValue)", in: GuestUIArtifacts.directory)
        }
        try await browser.emulateViewport(width: 1280, height: 800, mobile: false)
    }
}
