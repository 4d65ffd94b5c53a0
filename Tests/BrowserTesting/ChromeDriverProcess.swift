import Foundation
import TestSupport

/// Where chromedriver and Chromium come from: `ATTACHE_TEST_CHROMEDRIVER` (path to chromedriver,
/// set by scripts/test) and optionally `ATTACHE_TEST_CHROMIUM` (the browser binary).
///
/// Like ``TestEnvironment``: a local run without chromedriver skips the browser test; under
/// `CI=true` it runs and fails.
public enum BrowserEnvironment {
    /// Path to chromedriver.
    public static let chromedriverVariable = "ATTACHE_TEST_CHROMEDRIVER"
    /// Path to the browser (optional).
    public static let chromiumVariable = "ATTACHE_TEST_CHROMIUM"

    /// chromedriver is not configured.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "chromedriver is not configured (\(BrowserEnvironment.chromedriverVariable)); "
                + "run the tests through scripts/test, which installs chromium and chromium-driver"
        }
    }

    /// The configured chromedriver.
    public static var chromedriverPath: String? {
        guard let value = ProcessInfo.processInfo.environment[chromedriverVariable], !value.isEmpty else { return nil }
        return value
    }

    /// The configured browser.
    public static var chromiumPath: String? {
        guard let value = ProcessInfo.processInfo.environment[chromiumVariable], !value.isEmpty else { return nil }
        return value
    }

    /// `1` runs the browser test; scripts/test sets it whenever it provides chromedriver. A plain
    /// `swift test` without it skips the test rather than launching a browser unasked.
    public static let optInVariable = "ATTACHE_TEST_BROWSER"

    /// Whether the browser test should run: when opted in, and then always under CI so that it
    /// fails there when chromedriver is missing.
    public static var isAvailable: Bool {
        guard ProcessInfo.processInfo.environment[optInVariable] == "1" else { return false }
        return TestEnvironment.isCI || chromedriverPath != nil
    }

    /// The chromedriver path, or ``Missing``.
    public static func requireChromedriver() throws -> String {
        guard let path = chromedriverPath else { throw Missing() }
        return path
    }
}

/// A chromedriver process on a free loopback port, stopped (by its pid) when done.
public final class ChromeDriverProcess: @unchecked Sendable {
    let process = Process()
    /// The loopback port it listens on.
    public let port: Int

    /// Its URL.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Starts chromedriver on a random port and waits until it is ready; a driver that cannot
    /// start there (the port was taken by another service of the run) is stopped and started
    /// again on another port, up to three times.
    public static func start(path: String) async throws -> ChromeDriverProcess {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let driver = try ChromeDriverProcess(path: path)
            do {
                try await driver.waitUntilReady()
                return driver
            } catch {
                lastError = error
                await driver.stop()
            }
        }
        throw lastError ?? WebDriver.Failure(description: "chromedriver did not start")
    }

    /// Starts chromedriver (not yet known to be ready: see ``start(path:)``).
    public init(path: String) throws {
        port = Int.random(in: 20_000...45_000)
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until the driver answers `/status` with `ready: true`.
    public func waitUntilReady(timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            // A driver that could not bind its port exits at once: no point in waiting.
            if kill(process.processIdentifier, 0) != 0 { break }
            if let status = try? await WebDriver.status(driverURL: url), status["ready"] as? Bool == true {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WebDriver.Failure(description: "chromedriver did not become ready on port \(port)")
    }

    /// Terminates the driver and waits (without blocking a thread) until it has exited; a driver
    /// still alive after 5 s is killed. Signals go to the process id directly: Foundation's
    /// `isRunning` was seen to report an exited state while chromedriver lived on, leaving one
    /// driver per test behind.
    public func stop() async {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        for _ in 0..<50 {
            if kill(pid, 0) != 0 { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
        kill(pid, SIGKILL)
    }
}
