import Foundation
import NIOCore

@testable import Gateway

/// Test files for the scan pipeline.
enum PipelineFixtures {
    /// The EICAR test string.
    static let eicar = Array(PolicyScanner.eicarString.utf8)

    /// A small, well-formed-looking PDF.
    static func pdf(padding: Int = 2_000) -> [UInt8] {
        var bytes = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".utf8)
        bytes += Array(repeating: UInt8(ascii: "a"), count: padding)
        bytes += Array("\n%%EOF\n".utf8)
        return bytes
    }

    /// The start of an ELF executable followed by padding.
    static func elf(size: Int = 4_096) -> [UInt8] {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]
        bytes += Array(repeating: 0, count: max(size - bytes.count, 0))
        return bytes
    }

    /// `bytes` as an async sequence of buffers of `chunk` bytes.
    static func stream(_ bytes: [UInt8], chunk: Int = 1_000) -> AnyAsyncSequence<ByteBuffer> {
        let chunks = stride(from: 0, to: bytes.count, by: max(chunk, 1)).map {
            ByteBuffer(bytes: bytes[$0..<min($0 + chunk, bytes.count)])
        }
        return AnyAsyncSequence(PipelineChunks(elements: chunks))
    }

    /// An upload record for an object of `size` bytes.
    static func record(
        fileId: String = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
        filename: String = "invoice.pdf",
        contentType: String = "application/pdf",
        size: Int,
        sha256: String? = nil,
        state: UploadState = .uploaded,
        updatedAt: Date = Date(timeIntervalSince1970: 1_800_000_000)
    ) -> UploadRecord {
        UploadRecord(
            fileId: fileId,
            guestId: "guest-1",
            filename: filename,
            contentType: contentType,
            size: Int64(size),
            sha256: sha256,
            state: state,
            createdAt: updatedAt,
            updatedAt: updatedAt
        )
    }
}

/// A sendable async sequence over byte buffers held in memory.
struct PipelineChunks: AsyncSequence, Sendable {
    let elements: [ByteBuffer]

    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let elements: [ByteBuffer]

        mutating func next() async -> ByteBuffer? {
            guard index < elements.count else { return nil }
            defer { index += 1 }
            return elements[index]
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(elements: elements)
    }
}
