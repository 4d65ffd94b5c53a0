import Foundation

/// Checks that the embedded filesystem object store's directory exists and is writable.
enum LocalStoreProbe {
    /// Creates the directory if needed, then writes and removes a probe file.
    static func check(root: String) throws -> String {
        let fileManager = FileManager.default
        let rootURL = URL(fileURLWithPath: root, isDirectory: true)
        try fileManager.createDirectory(at: rootURL, withIntermediateDirectories: true)
        let probe = rootURL.appendingPathComponent(".probe-\(UUID().uuidString)")
        try Data().write(to: probe)
        try fileManager.removeItem(at: probe)
        return "local:\(rootURL.standardizedFileURL.path) writable"
    }
}
