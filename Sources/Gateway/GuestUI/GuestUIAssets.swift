import AWSSigning
import Crypto
import Foundation

/// The guest web UI's static files (`Resources/Public/`, bundled with the module), read once:
/// `index.html`, `guest.css` and the ES modules under `js/`.
///
/// Only lower-case names of the served kinds are ever looked up (``isServable(_:)``), so a
/// request path can never reach outside the bundle's directory.
public struct GuestUIAssets: Sendable {
    /// One served file.
    public struct File: Sendable, Equatable {
        /// The bytes.
        public var data: Data
        /// The `Content-Type`.
        public var mimeType: String
        /// A strong entity tag: the quoted first 128 bits of the SHA-256 of the bytes, in hex.
        public var etag: String
    }

    /// Path inside `Public/` (`index.html`, `js/app.js`) → file.
    let files: [String: File]

    /// Loads the bundled files.
    public init() {
        self.init(directory: Bundle.module.url(forResource: "Public", withExtension: nil, subdirectory: "Resources"))
    }

    /// Loads the files of a `Public/`-shaped directory (tests), or none when `nil`.
    init(directory: URL?) {
        var files: [String: File] = [:]
        guard let directory else {
            self.files = files
            return
        }
        for folder in ["", "js/"] {
            let url = folder.isEmpty ? directory : directory.appendingPathComponent(folder, isDirectory: true)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names where Self.isServable(name) {
                guard let type = WidgetAssets.types[(name as NSString).pathExtension],
                    let data = try? Data(contentsOf: url.appendingPathComponent(name))
                else { continue }
                files[folder + name] = File(data: data, mimeType: type, etag: Self.etag(of: data))
            }
        }
        self.files = files
    }

    /// The page.
    public var index: File? { files["index.html"] }

    /// A top-level file (`guest.css`, `index.html`), if the UI ships it.
    public func file(named name: String) -> File? {
        guard Self.isServable(name) else { return nil }
        return files[name]
    }

    /// An ES module under `js/` (`app.js`), if the UI ships it.
    public func module(named name: String) -> File? {
        guard Self.isServable(name), name.hasSuffix(".js") else { return nil }
        return files["js/" + name]
    }

    /// Every served path, sorted (for tests and diagnostics).
    public var paths: [String] { files.keys.sorted() }

    /// Lower-case names of the served kinds only: no paths, no dot files, no encoded characters.
    static func isServable(_ name: String) -> Bool {
        WidgetAssets.isServable(name)
    }

    /// `"…"` around the hex of the first 16 bytes of the SHA-256.
    static func etag(of data: Data) -> String {
        "\"" + Hex.encode(SHA256.hash(data: data).prefix(16)) + "\""
    }
}
