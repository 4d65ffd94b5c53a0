import Foundation
import TestSupport

/// Test inputs, built at run time so that no committed file carries the EICAR string verbatim.
enum TestData {
    /// The standard 68-byte EICAR anti-virus test string, assembled from two halves.
    static var eicar: [UInt8] {
        Array(#"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR"#.utf8) + Array("-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*".utf8)
    }

    /// The signature name clamd reports for `Tests/Fixtures/clamav/attache-test.ndb`.
    static let eicarSignature = "Attache.Test.EICAR.UNOFFICIAL"

    /// Deterministic, harmless bytes (a simple LCG), `count` long.
    static func cleanBytes(_ count: Int, seed: UInt64 = 0x5EED) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    /// A small PDF-looking document with `payload` embedded in a stream at a non-zero offset.
    static func fakePDF(embedding payload: [UInt8]) -> [UInt8] {
        let head =
            "%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Length 4096 >>\nstream\n"
        let tail = "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
        return Array(head.utf8) + cleanBytes(1500) + payload + cleanBytes(700, seed: 7) + Array(tail.utf8)
    }

    /// A fresh temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-clamd-tests-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A deflate-compressed ZIP holding `payload` as `member`, made with Python's zipfile.
    static func zip(_ payload: [UInt8], member: String) throws -> [UInt8] {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("payload.bin")
        let output = directory.appendingPathComponent("archive.zip")
        try Data(payload).write(to: input)
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[2], "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(sys.argv[3], open(sys.argv[1], "rb").read())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.value(.python) ?? "/usr/bin/env")
        let pythonArguments = ["-c", script, input.path, output.path, member]
        process.arguments = TestEnvironment.value(.python) == nil ? ["python3"] + pythonArguments : pythonArguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestDataError.zipFailed(process.terminationStatus) }
        return Array(try Data(contentsOf: output))
    }

    enum TestDataError: Error, CustomStringConvertible {
        case zipFailed(Int32)
        var description: String {
            switch self {
            case .zipFailed(let status): "python zipfile exited with status \(status)"
            }
        }
    }
}

/// An async sequence of `[UInt8]` pieces of `bytes`, each `pieceLength` long (the last shorter).
struct Pieces: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let bytes: [UInt8]
    let pieceLength: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        let pieceLength: Int
        var offset = 0
        mutating func next() async -> [UInt8]? {
            guard offset < bytes.count else { return nil }
            let end = Swift.min(offset + pieceLength, bytes.count)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes, pieceLength: pieceLength) }
}

/// An async sequence that yields the same block `count` times, calling `onYield` with the
/// 1-based number of each block just before handing it over.
struct Repeated: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let block: [UInt8]
    let count: Int
    var onYield: @Sendable (Int) -> Void = { _ in }

    struct AsyncIterator: AsyncIteratorProtocol {
        let source: Repeated
        var yielded = 0
        mutating func next() async -> [UInt8]? {
            guard yielded < source.count else { return nil }
            yielded += 1
            source.onYield(yielded)
            return source.block
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}
