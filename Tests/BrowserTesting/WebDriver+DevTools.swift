import Foundation
import NIOHTTP1

/// Chrome DevTools Protocol commands through chromedriver (`goog/cdp/execute`), for what W3C
/// WebDriver has no verb for: scripts that run before the page's own, device emulation.
extension WebDriver {
    /// Runs one DevTools command on the current page and returns its result object.
    /// - Parameters:
    ///   - command: e.g. `Network.emulateNetworkConditions`.
    ///   - parameters: the command's parameters.
    @discardableResult
    public func devTools(_ command: String, _ parameters: [String: Any] = [:]) async throws -> [String: Any] {
        try await call(.POST, "/goog/cdp/execute", ["cmd": command, "params": parameters]) as? [String: Any] ?? [:]
    }

    /// Makes `source` run in every new document of this page before its own scripts (e.g. to
    /// record `console.warn`, or to make `localStorage` throw as in a private window).
    /// - Returns: the DevTools identifier of the script.
    @discardableResult
    public func addInitScript(_ source: String) async throws -> String {
        let result = try await devTools("Page.addScriptToEvaluateOnNewDocument", ["source": source])
        return result["identifier"] as? String ?? ""
    }

    /// Emulates a device viewport (CSS pixels), e.g. a 360 × 740 phone with `mobile: true`.
    public func emulateViewport(width: Int, height: Int, mobile: Bool, deviceScaleFactor: Double = 1) async throws {
        try await devTools(
            "Emulation.setDeviceMetricsOverride",
            ["width": width, "height": height, "deviceScaleFactor": deviceScaleFactor, "mobile": mobile])
    }

    /// Ends ``emulateViewport(width:height:mobile:deviceScaleFactor:)``.
    public func clearViewportEmulation() async throws {
        try await devTools("Emulation.clearDeviceMetricsOverride")
    }
}
