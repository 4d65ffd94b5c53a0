import Foundation

/// A WebDriver BiDi session with a fresh headless Firefox (no geckodriver: Firefox's Remote
/// Agent speaks BiDi itself), driving its first tab: navigation, reload, scripts in the page,
/// preload scripts, waits, screenshots.
///
/// ```swift
/// try await FirefoxBiDi.run { firefox in
///     try await firefox.navigate("http://127.0.0.1:8080/")
///     let title = try await firefox.evaluate("document.title").string
/// }
/// ```
public struct FirefoxBiDi: Sendable {
    /// A BiDi command failed, a script threw, or a wait timed out.
    public struct Failure: Error, CustomStringConvertible {
        /// What happened.
        public var description: String

        /// Creates a failure.
        public init(_ description: String) {
            self.description = description
        }
    }

    /// The WebSocket the session runs on.
    public let connection: FirefoxBiDiConnection
    /// The top-level browsing context (the tab) the session drives.
    public let context: String

    /// Starts Firefox (``FirefoxEnvironment``), opens a session, runs `body`, and always closes
    /// the browser (`browser.close`, which ends the session), stops Firefox and removes its
    /// profile.
    /// - Throws: ``FirefoxEnvironment/Missing`` without Firefox, ``BrowserSession/Failed`` (with
    ///   the browser console) when `body` throws.
    public static func run(_ body: (FirefoxBiDi) async throws -> Void) async throws {
        let path = try FirefoxEnvironment.requireFirefox()
        let (firefox, url) = try await FirefoxProcess.start(path: path)
        var closing = false
        do {
            try await FirefoxBiDiConnection.with(url: url) { connection in
                let session = try await Self.newSession(on: connection)
                do {
                    try await body(session)
                } catch {
                    let console = await connection.console()
                    closing = await session.closeBrowser()
                    throw BrowserSession.Failed(underlying: error, console: console)
                }
                closing = await session.closeBrowser()
            }
        } catch {
            await firefox.stop(waitingForExit: closing ? .seconds(10) : .zero)
            throw error
        }
        await firefox.stop(waitingForExit: closing ? .seconds(10) : .zero)
    }

    /// Opens a session (`session.new`), subscribes to console messages and takes the first tab.
    static func newSession(on connection: FirefoxBiDiConnection) async throws -> FirefoxBiDi {
        try await connection.send("session.new", ["capabilities": ["alwaysMatch": ["acceptInsecureCerts": false]]])
        try await connection.send("session.subscribe", ["events": ["log.entryAdded"]])
        let tree = try await connection.send("browsingContext.getTree", ["maxDepth": 0])
        guard let context = tree["contexts"].array?.first?["context"].string else {
            throw Failure("Firefox has no browsing context: \(tree)")
        }
        return FirefoxBiDi(connection: connection, context: context)
    }

    /// Ends the session and closes every window, which quits Firefox (`browser.close`).
    /// - Returns: whether Firefox accepted the command (and is now quitting).
    @discardableResult
    public func closeBrowser() async -> Bool {
        (try? await connection.send("browser.close", [:], timeout: .seconds(10))) != nil
    }

    /// Opens `url` in the tab and waits until the document has loaded (`wait: complete`).
    public func navigate(_ url: String, timeout: Duration = .seconds(60)) async throws {
        try await connection.send(
            "browsingContext.navigate", ["context": .string(context), "url": .string(url), "wait": "complete"],
            timeout: timeout)
    }

    /// Reloads the tab and waits until the document has loaded.
    public func reload(timeout: Duration = .seconds(60)) async throws {
        try await connection.send(
            "browsingContext.reload", ["context": .string(context), "wait": "complete"], timeout: timeout)
    }

    /// Runs `body` (statements) at the start of every document, before the page's own scripts.
    public func addInitScript(_ body: String) async throws {
        try await connection.send("script.addPreloadScript", ["functionDeclaration": .string("() => {\n\(body)\n}")])
    }

    /// Evaluates an expression in the page; a promise is awaited when `awaitPromise`.
    /// - Returns: the result as JSON (see ``BiDiValue/init(remoteValue:)``).
    /// - Throws: ``Failure`` with the exception's text when the script throws.
    @discardableResult
    public func evaluate(
        _ expression: String, awaitPromise: Bool = true, timeout: Duration = .seconds(60)
    ) async throws -> BiDiValue {
        let result = try await connection.send(
            "script.evaluate",
            [
                "expression": .string(expression), "target": ["context": .string(context)],
                "awaitPromise": .bool(awaitPromise), "resultOwnership": "none",
            ], timeout: timeout)
        return try Self.value(of: result, script: expression)
    }

    /// Calls a function declaration (`(a, b) => …` or `async function (a) { … }`) in the page
    /// with JSON `arguments`; a returned promise is awaited when `awaitPromise`.
    /// - Returns: the result as JSON (see ``BiDiValue/init(remoteValue:)``).
    /// - Throws: ``Failure`` with the exception's text when the function throws.
    @discardableResult
    public func call(
        _ functionDeclaration: String, arguments: [BiDiValue] = [], awaitPromise: Bool = true,
        timeout: Duration = .seconds(60)
    ) async throws -> BiDiValue {
        let result = try await connection.send(
            "script.callFunction",
            [
                "functionDeclaration": .string(functionDeclaration), "target": ["context": .string(context)],
                "arguments": .array(arguments.map(\.localValue)), "awaitPromise": .bool(awaitPromise),
                "resultOwnership": "none",
            ], timeout: timeout)
        return try Self.value(of: result, script: functionDeclaration)
    }

    /// Waits until `functionDeclaration`, called with `arguments`, returns `true`; polled every
    /// 100 ms. A call that throws (e.g. while a navigation replaces the document) counts as
    /// not yet.
    /// - Throws: ``Failure`` naming `what` (and the last error) after `timeout`.
    public func wait(
        until functionDeclaration: String, arguments: [BiDiValue] = [], timeout: Duration = .seconds(20),
        what: String
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "false"
        while ContinuousClock.now < deadline {
            do {
                let value = try await call(functionDeclaration, arguments: arguments, timeout: .seconds(10))
                if value == .bool(true) { return }
                last = value.description
            } catch let error as Failure {
                last = error.description
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("timed out after \(timeout) waiting for \(what) (last: \(last.prefix(300)))")
    }

    /// A PNG screenshot of the tab's viewport.
    public func screenshot() async throws -> Data {
        let result = try await connection.send("browsingContext.captureScreenshot", ["context": .string(context)])
        guard let base64 = result["data"].string, let data = Data(base64Encoded: base64) else {
            throw Failure("no screenshot data")
        }
        return data
    }

    /// The value of a `script.evaluate`/`script.callFunction` result, or the exception it threw.
    static func value(of result: BiDiValue, script: String) throws -> BiDiValue {
        switch result["type"].string {
        case "success":
            return BiDiValue(remoteValue: result["result"])
        case "exception":
            let text = result["exceptionDetails"]["text"].string ?? "an exception"
            throw Failure("script threw \(text) (script: \(script.prefix(200)))")
        default:
            throw Failure("unexpected script result \(result.description.prefix(300))")
        }
    }
}
