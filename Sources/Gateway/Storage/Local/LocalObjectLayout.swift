import Foundation

/// Where the embedded store keeps things under its root directory, and which keys and upload
/// ids it accepts (they become paths, so they are checked before any use).
///
/// `quarantine/<key>` and `clean/<key>` hold bytes with a `<key>.attache-meta.json` sidecar: a
/// file, or, for an object completed from a multipart upload, a folder of its parts in order
/// (``partFileName(_:)``, hard links to the uploaded parts);
/// `multipart/<uploadId>/` an upload in progress, `tmp/` files being written (renamed into place
/// when complete, so readers never see a partial object).
struct LocalObjectLayout: Sendable {
    static let metadataSuffix = ".attache-meta.json"

    /// The root directory.
    let root: URL

    init(root: URL) {
        self.root = root.standardizedFileURL
    }

    var temporaryDirectory: URL { root.appendingPathComponent("tmp", isDirectory: true) }
    var multipartDirectory: URL { root.appendingPathComponent("multipart", isDirectory: true) }

    /// The object's bytes.
    func dataURL(_ area: ObjectArea, _ key: String) throws(ObjectStoreError) -> URL {
        try Self.validate(key: key)
        return root.appendingPathComponent(area.rawValue, isDirectory: true).appendingPathComponent(key)
    }

    /// The object's sidecar.
    func metadataURL(_ area: ObjectArea, _ key: String) throws(ObjectStoreError) -> URL {
        try Self.validate(key: key)
        return root.appendingPathComponent(area.rawValue, isDirectory: true)
            .appendingPathComponent(key + Self.metadataSuffix)
    }

    /// The directory of a multipart upload.
    func uploadDirectory(_ uploadID: String) throws(ObjectStoreError) -> URL {
        guard uploadID.count == 32, uploadID.allSatisfy({ $0.isHexDigit && ($0.isNumber || $0.isLowercase) }) else {
            throw ObjectStoreError(.noSuchUpload, "malformed upload id")
        }
        return multipartDirectory.appendingPathComponent(uploadID, isDirectory: true)
    }

    /// The name of an assembled object's `position`th part (1-based, zero-padded so that names
    /// sort in order: `@00001` … `@10000`). `@` is never in a key, so no object can land there.
    static func partFileName(_ position: Int) -> String {
        let digits = String(position)
        return "@" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// Whether `name` is a ``partFileName(_:)``.
    static func isPartFileName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return bytes.count == 6 && bytes[0] == UInt8(ascii: "@")
            && bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// A fresh temporary file path (the directory is created when needed).
    func temporaryFile() throws -> URL {
        try FileManager.default.createDirectory(at: temporaryDirectory, withIntermediateDirectories: true)
        return temporaryDirectory.appendingPathComponent(UUID().uuidString.lowercased())
    }

    /// A letter, digit, `-`, `_` or `.`.
    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }

    /// Accepts keys made of `/`-separated segments of letters, digits, `-`, `_` and `.`, with no
    /// empty, `.` or `..` segment, at most 512 bytes, and no segment ending in the sidecar suffix.
    static func validate(key: String) throws(ObjectStoreError) {
        let segments = key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let valid =
            !key.isEmpty && key.utf8.count <= 512
            && segments.allSatisfy { segment in
                !segment.isEmpty && !segment.elementsEqual(".".utf8) && !segment.elementsEqual("..".utf8)
                    && segment.allSatisfy(isKeyByte) && !segment.reversed().starts(with: metadataSuffix.utf8.reversed())
            }
        guard valid else {
            throw ObjectStoreError(.invalidRequest, "the key is not an acceptable object key")
        }
    }
}
