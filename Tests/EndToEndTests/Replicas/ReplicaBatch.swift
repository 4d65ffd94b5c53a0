import Foundation

/// One file of a replica-test batch: its bytes and what the pipeline must make of it.
struct BatchFile: Sendable {
    /// The EICAR test string (the test clamd's only signature, matched anywhere in a file).
    static let eicar = Array(#"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#.utf8)

    let index: Int
    let filename: String
    let bytes: [UInt8]
    /// Carries EICAR: must end `rejected`, never reach the clean bucket.
    let infected: Bool

    var contentType: String { "text/plain" }

    /// `count` files numbered from `first`: every fourth (from the second) carries EICAR, every
    /// third (or all, with `allLarge`) is 7 MiB (clamd streams it, so its scan takes a moment; an infected large file
    /// has EICAR at its very end). Each file's text is its own.
    static func batch(first: Int, count: Int, allLarge: Bool = false) -> [BatchFile] {
        (first..<(first + count)).map { index in
            let infected = index % 4 == 1
            let large = allLarge || index % 3 == 0
            let line = Array("replica test file \(index): the quick brown fox jumps over the lazy dog\n".utf8)
            let target = large ? (7 << 20) + (index % 100) * 1_024 : 2_048 + (index % 100) * 97
            var bytes: [UInt8] = []
            bytes.reserveCapacity(target + eicar.count)
            while bytes.count < target { bytes += line }
            if infected { bytes += eicar }
            let kind = infected ? "invoice" : "notes"
            return BatchFile(index: index, filename: "\(kind)-\(index).txt", bytes: bytes, infected: infected)
        }
    }
}

/// A guest of the test: its gateway credential and the sandbox conversation it is bound to.
struct BatchGuest: Sendable {
    let guestId: String
    let credential: String
    let conversationId: String
}

/// A file the test uploaded through the gateways' HTTP API.
struct UploadedFile: Sendable {
    let file: BatchFile
    let fileId: String
    let guest: BatchGuest
}

/// Collects uploads as they finish, for the test's monitor running next to the uploaders.
actor UploadLedger {
    private(set) var uploaded: [UploadedFile] = []
    /// Files with a ticket, uploaded or not.
    private(set) var ticketed: [String] = []
    /// Files whose bytes are in quarantine (their PUT returned), completed or not.
    private(set) var stored: [String] = []

    func didTicket(_ fileId: String) { ticketed.append(fileId) }
    func didStore(_ fileId: String) { stored.append(fileId) }
    func didComplete(_ file: UploadedFile) { uploaded.append(file) }
}
