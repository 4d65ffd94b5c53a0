import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A minimal W3C WebDriver client for chromedriver (no Selenium): sessions, navigation, elements,
/// frames, script, screenshots. Each call is one HTTP request to the driver.
public struct WebDriver: Sendable {
    /// A driver call failed or a wait timed out.
    public struct Failure: Error, CustomStringConvertible {
        /// What happened.
        public var description: String

        /// Creates a failure.
        public init(description: String) {
            self.description = description
        }
    }

    /// The W3C element reference key.
    public static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// The driver's base URL.
    public let baseURL: String
    /// The session.
    public let sessionId: String

    /// Creates a headless Chromium session.
    /// - Parameters:
    ///   - driverURL: chromedriver's URL.
    ///   - chromiumBinary: the browser, when not the driver's default.
    ///   - extraArguments: more Chromium switches (e.g. `--autoplay-policy=no-user-gesture-required`).
    public static func start(
        driverURL: String, chromiumBinary: String?, extraArguments: [String] = []
    ) async throws -> WebDriver {
        var options: [String: Any] = [
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900"]
                + extraArguments
        ]
        if let chromiumBinary { options["binary"] = chromiumBinary }
        let body: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome", "goog:chromeOptions": options,
                    // Every console level (warnings included) for consoleLog().
                    "goog:loggingPrefs": ["browser": "ALL"],
                ]
            ]
        ]
        let value = try await request(.POST, driverURL + "/session", body: body)
        guard let object = value as? [String: Any], let sessionId = object["sessionId"] as? String else {
            throw Failure(description: "chromedriver returned no session: \(String(describing: value).prefix(300))")
        }
        return WebDriver(baseURL: driverURL, sessionId: sessionId)
    }

    /// The driver's `/status` value.
    public static func status(driverURL: String) async throws -> [String: Any] {
        try await request(.GET, driverURL + "/status", body: nil) as? [String: Any] ?? [:]
    }

    /// Ends the session.
    public func quit() async {
        _ = try? await Self.request(.DELETE, "\(baseURL)/session/\(sessionId)", body: nil)
    }

    /// Opens a URL in the current top-level browsing context.
    public func navigate(_ url: String) async throws {
        _ = try await call(.POST, "/url", ["url": url])
    }

    /// The first element matching a CSS selector, waiting up to `timeout` for it to appear.
    public func element(_ selector: String, timeout: Duration = .seconds(10)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = "nothing"
        while true {
            do {
                let value = try await call(.POST, "/element", ["using": "css selector", "value": selector])
                if let object = value as? [String: Any], let id = object[Self.elementKey] as? String { return id }
                last = String(describing: value).prefix(200).description
            } catch {
                last = "\(error)"
            }
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "no element matches \(selector) after \(timeout): \(last)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Clicks the first element matching a CSS selector.
    public func click(_ selector: String) async throws {
        let id = try await element(selector)
        _ = try await call(.POST, "/element/\(id)/click", [:])
    }

    /// Types into the first element matching a CSS selector.
    public func type(_ selector: String, _ text: String) async throws {
        let id = try await element(selector)
        _ = try await call(.POST, "/element/\(id)/value", ["text": text])
    }

    /// The rendered text of the first element matching a CSS selector.
    public func text(_ selector: String) async throws -> String {
        let id = try await element(selector)
        return try await call(.GET, "/element/\(id)/text", nil) as? String ?? ""
    }

    /// An attribute of the first element matching a CSS selector.
    public func attribute(_ selector: String, _ name: String) async throws -> String? {
        let id = try await element(selector)
        return try await call(.GET, "/element/\(id)/attribute/\(name)", nil) as? String
    }

    /// Runs a script in the page and returns its result.
    public func execute(_ script: String) async throws -> Any? {
        try await call(.POST, "/execute/sync", ["script": script, "args": []])
    }

    /// Waits until `condition` (a script returning a boolean) is true.
    public func wait(until script: String, timeout: Duration = .seconds(10), what: String) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await execute(script) as? Bool == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "timed out waiting for \(what)")
    }

    /// Runs an asynchronous script (its last argument is the callback) and returns what it passes.
    public func executeAsync(_ script: String) async throws -> Any? {
        try await call(.POST, "/execute/async", ["script": script, "args": []])
    }

    /// Makes the first `<iframe>` matching a CSS selector the current browsing context.
    public func switchToFrame(_ selector: String) async throws {
        let id = try await element(selector)
        _ = try await call(.POST, "/frame", ["id": [Self.elementKey: id]])
    }

    /// Goes back to the top-level browsing context.
    public func switchToTopLevel() async throws {
        _ = try await call(.POST, "/frame", ["id": NSNull()])
    }

    /// A PNG screenshot of the viewport.
    public func screenshot() async throws -> Data {
        guard let base64 = try await call(.GET, "/screenshot", nil) as? String, let data = Data(base64Encoded: base64)
        else { throw Failure(description: "no screenshot") }
        return data
    }

    /// The browser's console messages (chromedriver's log endpoint), for diagnostics.
    public func consoleLog() async -> [String] {
        guard let entries = try? await call(.POST, "/se/log", ["type": "browser"]) as? [[String: Any]] else {
            return []
        }
        return entries.compactMap { $0["message"] as? String }
    }

    /// One call on this session: `path` is relative to `/session/{id}`.
    func call(_ method: HTTPMethod, _ path: String, _ body: [String: Any]?) async throws -> Any? {
        try await Self.request(method, "\(baseURL)/session/\(sessionId)\(path)", body: body)
    }

    static func request(_ method: HTTPMethod, _ url: String, body: [String: Any]?) async throws -> Any? {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 32 * 1_024 * 1_024)
        let data = Data(buffer.readableBytesView)
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let value = (object as? [String: Any])?["value"]
        if response.status.code >= 400 {
            let message = ((value as? [String: Any])?["message"] as? String) ?? "HTTP \(response.status.code)"
            throw Failure(description: "WebDriver \(method) \(url): \(message.prefix(300))")
        }
        return value
    }
}
