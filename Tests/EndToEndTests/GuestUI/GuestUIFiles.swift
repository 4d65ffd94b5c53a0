import Foundation

/// Files the guest chooses in the browser's file input, written to a private directory (the
/// browser reads them from disk, by absolute path).
struct GuestUIFiles {
    let directory: URL

    /// Runs `body` with a fresh directory, removed afterwards.
    static func with<T>(_ body: (GuestUIFiles) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-guest-files-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(GuestUIFiles(directory: directory))
    }

    /// Writes `data` under `name`.
    func write(_ data: Data, named name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    /// A PDF of exactly `size` bytes: a header, numbered comment lines, `%%EOF` (a structure that
    /// passes the type check and clamd; the bytes differ per line, so parts differ).
    static func largePDF(size: Int) -> Data {
        var data = Data("%PDF-1.7\n".utf8)
        data.reserveCapacity(size)
        var line = 0
        let tail = Data("\n%%EOF\n".utf8)
        while data.count + tail.count < size {
            line += 1
            let text = Data(String(format: "%% line %09d of the Attache guest UI test statement\n", line).utf8)
            data.append(text.prefix(size - tail.count - data.count))
        }
        data.append(tail)
        return data
    }

    /// The EICAR test string: clamd reports it as `Eicar-Test-Signature`.
    static let eicar = Data(#"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#.utf8)

    /// A file name that would be markup if a page ever used it as HTML.
    static let hostileName = #"<img src=x onerror="window.__pwned='filename'">.pdf"#

    /// Message text that would run script if a page ever used it as HTML.
    static let hostileText =
        #"<script>window.__pwned='script'</script><img src=x onerror="window.__pwned='text'"><b>bold</b>"#
}
