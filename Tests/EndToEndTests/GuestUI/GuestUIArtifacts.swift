import Foundation

/// Where the guest UI tests write their screenshots: `.build/test-artifacts/guest-ui/` by
/// default, `docs/guest-ui/` (linked from docs/guest-ui.md) when `ATTACHE_UPDATE_SCREENSHOTS=1`.
enum GuestUIArtifacts {
    /// `1` writes the screenshots into the documentation instead of the build directory.
    static let updateVariable = "ATTACHE_UPDATE_SCREENSHOTS"

    /// The package's root directory (this file is `Tests/EndToEndTests/GuestUI/…`).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The screenshot directory for this run.
    static var directory: URL {
        if ProcessInfo.processInfo.environment[updateVariable] == "1" {
            return packageRoot.appendingPathComponent("docs/guest-ui", isDirectory: true)
        }
        return buildDirectory
    }

    /// The build's artifact directory (failure screenshots always go here, never into the docs).
    static let buildDirectory = packageRoot.appendingPathComponent(".build/test-artifacts/guest-ui", isDirectory: true)

    /// The viewports every main state is captured at.
    enum Viewport: String, CaseIterable, Sendable {
        /// 1280 × 800.
        case desktop
        /// A 360 × 740 phone.
        case phone

        var size: (width: Int, height: Int) { self == .desktop ? (1280, 800) : (360, 740) }
        var mobile: Bool { self == .phone }
    }
}
