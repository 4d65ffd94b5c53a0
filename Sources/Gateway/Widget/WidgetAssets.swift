import Foundation

/// The widget's static files (`Resources/widget/`, bundled with the module), read once.
public struct WidgetAssets: Sendable {
    /// File name → (bytes, MIME type).
    let files: [String: (data: Data, mimeType: String)]

    static let types: [String: String] = [
        "html": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "svg": "image/svg+xml",
    ]

    /// Loads the bundled files.
    public init() {
        var files: [String: (Data, String)] = [:]
        let directory = Bundle.module.url(
            forResource: "index", withExtension: "html", subdirectory: "Resources/widget")?
            .deletingLastPathComponent()
        let names = directory.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0.path) } ?? []
        for name in names where Self.isServable(name) {
            guard let directory, let type = Self.types[(name as NSString).pathExtension],
                let data = try? Data(contentsOf: directory.appendingPathComponent(name))
            else { continue }
            files[name] = (data, type)
        }
        self.files = files
    }

    /// The file's bytes and type, if the widget ships it.
    public func file(named name: String) -> (data: Data, mimeType: String)? {
        guard Self.isServable(name) else { return nil }
        return files[name]
    }

    /// Lower-case names of the served kinds only (no paths, no dot files).
    static func isServable(_ name: String) -> Bool {
        name.range(of: "^[a-z0-9-]+\\.(html|js|css|svg)$", options: .regularExpression) != nil
    }
}
