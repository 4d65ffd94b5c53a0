import Foundation
import NIOHTTP1

/// Network conditions of the browser (DevTools network emulation): offline, latency, throughput.
public struct NetworkConditions: Sendable, Equatable {
    /// No network at all: requests fail at once, `navigator.onLine` is false and the page gets
    /// an `offline` event.
    public var offline: Bool
    /// Added round-trip latency, in milliseconds.
    public var latencyMs: Int
    /// Download throughput in bytes per second (`-1`: unlimited).
    public var downloadBytesPerSecond: Int
    /// Upload throughput in bytes per second (`-1`: unlimited).
    public var uploadBytesPerSecond: Int

    /// Creates conditions.
    public init(
        offline: Bool = false, latencyMs: Int = 0, downloadBytesPerSecond: Int = -1, uploadBytesPerSecond: Int = -1
    ) {
        self.offline = offline
        self.latencyMs = latencyMs
        self.downloadBytesPerSecond = downloadBytesPerSecond
        self.uploadBytesPerSecond = uploadBytesPerSecond
    }

    /// The network is gone.
    public static let offline = NetworkConditions(offline: true)
    /// No emulation: full speed.
    public static let online = NetworkConditions()

    /// chromedriver's body (`download_throughput` … in bytes per second).
    var chromedriverBody: [String: Any] {
        [
            "network_conditions": [
                "offline": offline, "latency": latencyMs,
                "download_throughput": downloadBytesPerSecond, "upload_throughput": uploadBytesPerSecond,
            ]
        ]
    }

    /// DevTools' `Network.emulateNetworkConditions` parameters.
    var devToolsParameters: [String: Any] {
        [
            "offline": offline, "latency": latencyMs,
            "downloadThroughput": downloadBytesPerSecond, "uploadThroughput": uploadBytesPerSecond,
        ]
    }
}

extension WebDriver {
    /// Applies network conditions to the page through chromedriver's
    /// `POST /session/{id}/chromium/network_conditions`; the chromium-driver packaged with Debian
    /// supports it. Should a driver refuse it, the same conditions go through DevTools
    /// (`Network.emulateNetworkConditions`).
    public func setNetworkConditions(_ conditions: NetworkConditions) async throws {
        do {
            _ = try await call(.POST, "/chromium/network_conditions", conditions.chromedriverBody)
        } catch {
            try await devTools("Network.enable")
            try await devTools("Network.emulateNetworkConditions", conditions.devToolsParameters)
        }
    }

    /// The conditions chromedriver applies now, if any were set.
    public func networkConditions() async throws -> NetworkConditions? {
        guard let value = try? await call(.GET, "/chromium/network_conditions", nil) as? [String: Any] else {
            return nil
        }
        return NetworkConditions(
            offline: value["offline"] as? Bool ?? false, latencyMs: value["latency"] as? Int ?? 0,
            downloadBytesPerSecond: value["download_throughput"] as? Int ?? -1,
            uploadBytesPerSecond: value["upload_throughput"] as? Int ?? -1)
    }

    /// Ends the emulation: the page is online at full speed again (`DELETE` on chromedriver's
    /// endpoint, and the DevTools conditions reset in case they were used).
    public func restoreNetwork() async throws {
        _ = try? await call(.DELETE, "/chromium/network_conditions", nil)
        try await devTools("Network.emulateNetworkConditions", NetworkConditions.online.devToolsParameters)
    }

    /// Takes the page offline (requests fail, open WebSockets close, `offline` event).
    public func goOffline() async throws {
        try await setNetworkConditions(.offline)
    }

    /// Brings the page back online (`online` event).
    public func goOnline() async throws {
        try await restoreNetwork()
    }
}
