import Foundation
import TestSupport

/// Where Firefox comes from: `ATTACHE_TEST_FIREFOX`, the browser binary (scripts/test sets it to
/// Debian's `firefox-esr` when installed).
///
/// Like ``TestEnvironment``: a local run without it skips the Firefox tests; under `CI=true`
/// they run and fail.
public enum FirefoxEnvironment {
    /// Path to the Firefox binary.
    public static let variable = "ATTACHE_TEST_FIREFOX"

    /// Firefox is not configured.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "Firefox is not configured (\(FirefoxEnvironment.variable)); "
                + "run the tests through scripts/test, which installs firefox-esr"
        }
    }

    /// The configured Firefox binary.
    public static var firefoxPath: String? {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else { return nil }
        return value
    }

    /// Whether the Firefox tests should run: when Firefox is configured, and always under CI so
    /// that they fail there when it is missing.
    public static var isAvailable: Bool {
        TestEnvironment.isCI || firefoxPath != nil
    }

    /// The Firefox path, or ``Missing``.
    public static func requireFirefox() throws -> String {
        guard let path = firefoxPath else { throw Missing() }
        return path
    }
}

/// A headless Firefox with its Remote Agent serving WebDriver BiDi on a loopback port, in a
/// fresh profile directory; stopped by its process id and the profile removed when done.
///
/// Firefox is started with `--remote-debugging-port 0`: the system picks a free port, and
/// Firefox writes it to `WebDriverBiDiServer.json` in the profile, which ``waitUntilReady(timeout:)``
/// reads. The profile's `user.js` keeps the browser on loopback (every other host goes to a
/// closed proxy port) and quiet (no updates, telemetry, first-run pages).
public final class FirefoxProcess: @unchecked Sendable {
    let process = Process()
    /// The profile directory (removed by ``stop()``).
    public let profile: URL
    /// Firefox's own output (stdout and stderr), for diagnostics.
    let outputFile: URL

    /// Preferences written to the profile's `user.js`.
    static let preferences: [(String, String)] = [
        // Loopback only: http(s) to any other host goes to a closed port on 127.0.0.1
        // (loopback addresses never use the proxy).
        ("network.proxy.type", "1"),
        ("network.proxy.http", "\"127.0.0.1\""),
        ("network.proxy.http_port", "9"),
        ("network.proxy.ssl", "\"127.0.0.1\""),
        ("network.proxy.ssl_port", "9"),
        ("network.proxy.allow_hijacking_localhost", "false"),
        ("network.trr.mode", "5"),
        ("network.dns.disablePrefetch", "true"),
        ("network.captive-portal-service.enabled", "false"),
        ("network.connectivity-service.enabled", "false"),
        ("services.settings.server", "\"http://127.0.0.1:9/remote-settings/v1\""),
        ("app.update.disabledForTesting", "true"),
        ("app.normandy.enabled", "false"),
        ("extensions.update.enabled", "false"),
        ("browser.safebrowsing.update.enabled", "false"),
        ("datareporting.policy.dataSubmissionEnabled", "false"),
        ("toolkit.telemetry.reportingpolicy.firstRun", "false"),
        ("browser.shell.checkDefaultBrowser", "false"),
        ("browser.startup.page", "0"),
        ("browser.startup.homepage_override.mstone", "\"ignore\""),
        ("browser.aboutwelcome.enabled", "false"),
        ("startup.homepage_welcome_url", "\"about:blank\""),
        ("remote.active-protocols", "1"),
    ]

    /// Starts Firefox (not yet known to be ready: see ``start(path:)``).
    /// - Parameters:
    ///   - path: the Firefox binary.
    ///   - width: the headless window's width.
    ///   - height: the headless window's height.
    public init(path: String, width: Int = 1280, height: Int = 800) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("attache-firefox-\(UUID())")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let userJS = Self.preferences.map { "user_pref(\"\($0.0)\", \($0.1));" }.joined(separator: "\n")
        try Data((userJS + "\n").utf8).write(to: profile.appendingPathComponent("user.js"))
        outputFile = profile.appendingPathComponent("firefox-output.log")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        process.executableURL = URL(fileURLWithPath: path)
        // The WebSocket client sends `Origin: ws://127.0.0.1`; the Remote Agent refuses the
        // upgrade (HTTP 400) for an origin it was not told to allow.
        process.arguments = [
            "--headless", "--no-remote", "--profile", profile.path, "--remote-debugging-port", "0",
            "--remote-allow-origins", "ws://127.0.0.1", "--window-size", "\(width),\(height)",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["MOZ_CRASHREPORTER_DISABLE"] = "1"
        environment["MOZ_HEADLESS"] = "1"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: profile)
            throw error
        }
        try? output.close()
    }

    /// Starts Firefox and waits until its BiDi WebSocket is ready; returns the process and the
    /// WebSocket URL (`ws://127.0.0.1:PORT/session`).
    public static func start(path: String) async throws -> (FirefoxProcess, String) {
        let firefox = try FirefoxProcess(path: path)
        do {
            let url = try await firefox.waitUntilReady()
            return (firefox, url)
        } catch {
            await firefox.stop()
            throw error
        }
    }

    /// Waits until Firefox has written its BiDi port and the port accepts connections; returns
    /// the session WebSocket URL.
    public func waitUntilReady(timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        let serverFile = profile.appendingPathComponent("WebDriverBiDiServer.json")
        while ContinuousClock.now < deadline {
            guard kill(process.processIdentifier, 0) == 0 else {
                throw FirefoxBiDi.Failure("Firefox exited during start-up: \(output().suffix(1_500))")
            }
            if let data = try? Data(contentsOf: serverFile),
                let port = (try? JSONDecoder().decode(BiDiValue.self, from: data))?["ws_port"].int, port > 0
            {
                return "ws://127.0.0.1:\(port)/session"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FirefoxBiDi.Failure("Firefox's BiDi server did not start within \(timeout): \(output().suffix(1_500))")
    }

    /// What Firefox printed so far.
    public func output() -> String {
        (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    /// Waits until Firefox has exited (after a BiDi `browser.close`), at most `timeout`; then
    /// terminates it and waits (without blocking a thread) until it has exited; after 5 s it is
    /// killed. Signals go to the process id directly (see ``ChromeDriverProcess/stop()``); the
    /// browser's own child processes, noted before, are killed by id when they outlive it. The
    /// profile directory is removed.
    ///
    /// `browser.close` is the way to end Firefox here: a test process that uses
    /// ServiceLifecycle ignores `SIGTERM`, and a Firefox it starts inherits that and ignores it
    /// too, so without `browser.close` it lives until the `SIGKILL`.
    public func stop(waitingForExit timeout: Duration = .zero) async {
        defer { try? FileManager.default.removeItem(at: profile) }
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        let children = Self.descendants(of: pid)
        if await !Self.exited(pid, within: timeout) {
            kill(pid, SIGTERM)
            if await !Self.exited(pid, within: .seconds(5)) { kill(pid, SIGKILL) }
        }
        for child in children where kill(child, 0) == 0 {
            kill(child, SIGKILL)
        }
    }

    /// Whether process `pid` is gone within `timeout` (polled every 100 ms).
    static func exited(_ pid: pid_t, within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while kill(pid, 0) == 0 {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return true
    }

    /// The ids of a process's descendants, from `/proc` (empty where there is no `/proc`).
    static func descendants(of root: pid_t) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var parents: [pid_t: pid_t] = [:]
        for entry in entries {
            guard let pid = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.range(of: ")", options: .backwards)
            else { continue }
            // After "pid (comm)": state, then the parent's id.
            let fields = stat[close.upperBound...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { parents[pid] = parent }
        }
        var found: [pid_t] = []
        var visited: Set<pid_t> = [root]
        var frontier: [pid_t] = [root]
        while let current = frontier.popLast() {
            for (pid, parent) in parents where parent == current && !visited.contains(pid) {
                visited.insert(pid)
                found.append(pid)
                frontier.append(pid)
            }
        }
        return found
    }
}
