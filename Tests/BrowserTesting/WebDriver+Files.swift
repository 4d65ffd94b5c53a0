import Foundation
import NIOHTTP1

/// Choosing files in an `<input type=file>` the way a user would, without a dialog.
extension WebDriver {
    /// Selects files in the first `<input type=file>` matching a CSS selector (W3C `Element Send
    /// Keys` with absolute paths, one per line; the input must have `multiple` for more than one).
    /// The page gets the usual `input` and `change` events. The input may be hidden.
    public func chooseFiles(_ selector: String, paths: [URL]) async throws {
        guard !paths.isEmpty else { return }
        let id = try await element(selector)
        let text = paths.map(\.standardizedFileURL.path).joined(separator: "\n")
        _ = try await call(.POST, "/element/\(id)/value", ["text": text])
    }
}
