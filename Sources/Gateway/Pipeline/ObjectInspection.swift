import AWSSigning
import Crypto
import Foundation
import NIOCore

/// What the pipeline learns from an object's bytes while they stream to the scanner, in the
/// same single read: the byte count, the SHA-256, the first bytes (for magic-byte sniffing) and
/// the last bytes (for a ZIP appended to another format).
public struct ObjectInspection: Sendable, Equatable {
    /// Bytes seen.
    public var size: Int64
    /// The SHA-256 of the bytes seen, lowercase hex; `nil` unless the stream was read to the end.
    public var sha256: String?
    /// The first bytes (up to `FileSniffer.prefixLength`).
    public var head: [UInt8]
    /// Whether the stream was read to its end.
    public var complete: Bool
    /// The last bytes (up to ``ZIPTrailer/searchLength``).
    public var tail: [UInt8]

    /// Creates an inspection.
    public init(size: Int64, sha256: String?, head: [UInt8], complete: Bool, tail: [UInt8] = []) {
        self.size = size
        self.sha256 = sha256
        self.head = head
        self.complete = complete
        self.tail = tail
    }
}

/// Taps a byte stream: every buffer that passes through is counted, hashed and (at the start)
/// kept for sniffing. Read ``inspection`` after the consumer has finished.
final class ObjectInspector: @unchecked Sendable {
    // Guarded by `lock`; the stream is consumed by one task, the lock makes reads safe.
    private let lock = NSLock()
    private var hasher = SHA256()
    private var size: Int64 = 0
    private var head: [UInt8] = []
    private var tail: [UInt8] = []
    private var digest: String?
    private let headLength: Int
    private let tailLength: Int

    init(headLength: Int, tailLength: Int = ZIPTrailer.searchLength) {
        self.headLength = headLength
        self.tailLength = tailLength
    }

    /// The stream, tapped.
    func tap(_ base: AnyAsyncSequence<ByteBuffer>) -> AnyAsyncSequence<ByteBuffer> {
        AnyAsyncSequence(Tapped(base: base, inspector: self))
    }

    var inspection: ObjectInspection {
        lock.withLock {
            ObjectInspection(
                size: size, sha256: digest, head: head, complete: digest != nil, tail: Array(tail.suffix(tailLength)))
        }
    }

    fileprivate func observe(_ buffer: ByteBuffer) {
        lock.withLock {
            buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            size += Int64(buffer.readableBytes)
            if head.count < headLength {
                head.append(contentsOf: buffer.readableBytesView.prefix(headLength - head.count))
            }
            tail.append(contentsOf: buffer.readableBytesView.suffix(tailLength))
            if tail.count > 2 * tailLength { tail.removeFirst(tail.count - tailLength) }
        }
    }

    fileprivate func finish() {
        lock.withLock {
            guard digest == nil else { return }
            digest = Hex.encode(hasher.finalize())
        }
    }

    /// The lowercase hex SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }

    private struct Tapped: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let base: AnyAsyncSequence<ByteBuffer>
        let inspector: ObjectInspector

        struct AsyncIterator: AsyncIteratorProtocol {
            var base: AnyAsyncSequence<ByteBuffer>.AsyncIterator
            let inspector: ObjectInspector

            mutating func next() async throws -> ByteBuffer? {
                guard let buffer = try await base.next() else {
                    inspector.finish()
                    return nil
                }
                inspector.observe(buffer)
                return buffer
            }
        }

        func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(base: base.makeAsyncIterator(), inspector: inspector)
        }
    }
}
