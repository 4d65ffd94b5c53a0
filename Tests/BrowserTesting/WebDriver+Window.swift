import Foundation
import NIOHTTP1

/// Window, navigation and screenshot helpers beyond the basic ``WebDriver`` verbs.
extension WebDriver {
    /// Sets the outer window size (W3C `Set Window Rect`). In headless Chromium the viewport is
    /// the window, so this is the layout width the page sees.
    public func setWindowSize(width: Int, height: Int) async throws {
        _ = try await call(.POST, "/window/rect", ["width": width, "height": height])
    }

    /// The page's viewport size in CSS pixels (`innerWidth`, `innerHeight`).
    public func viewportSize() async throws -> (width: Int, height: Int) {
        let value = try await execute("return [window.innerWidth, window.innerHeight]") as? [Any] ?? []
        return (value.first as? Int ?? 0, value.last as? Int ?? 0)
    }

    /// Reloads the current page (W3C `Refresh`), waiting for the load like a navigation.
    public func reload() async throws {
        _ = try await call(.POST, "/refresh", [:])
    }

    /// The current page's URL.
    public func currentURL() async throws -> String {
        try await call(.GET, "/url", nil) as? String ?? ""
    }

    /// Writes a PNG screenshot of the viewport to `directory/name.png`, creating the directory.
    /// - Returns: the file written.
    @discardableResult
    public func saveScreenshot(named name: String, in directory: URL) async throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name + ".png")
        try await screenshot().write(to: file)
        return file
    }

    /// The number of elements matching a CSS selector now (no waiting).
    public func count(_ selector: String) async throws -> Int {
        let found = try await call(.POST, "/elements", ["using": "css selector", "value": selector])
        return (found as? [Any] ?? []).count
    }

    /// Runs a script with arguments (`arguments[0]`, …) and returns its result.
    public func execute(_ script: String, arguments: [Any]) async throws -> Any? {
        try await call(.POST, "/execute/sync", ["script": script, "args": arguments])
    }

    /// Waits until `script` (with `arguments`) returns true, polling every 100 ms.
    public func wait(
        until script: String, arguments: [Any], timeout: Duration = .seconds(10), what: String
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await execute(script, arguments: arguments) as? Bool == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "timed out after \(timeout) waiting for \(what)")
    }
}
