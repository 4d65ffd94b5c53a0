import NIOCore

/// Keeps the last bytes of a streamed object: what ``ZipCentralDirectoryReader`` needs, without
/// holding the whole archive in memory.
public enum ZipTailCollector {
    /// The object is larger than the listing allows.
    public struct TooLarge: Error, Sendable, Equatable {
        /// The byte limit.
        public var limit: Int64
    }

    /// Reads `sequence` to its end and returns its last `keep` bytes and its total length.
    /// - Throws: ``TooLarge`` past `maxTotal` bytes, or what the sequence throws.
    public static func collect<S: AsyncSequence>(
        _ sequence: S, keep: Int, maxTotal: Int64
    ) async throws -> (tail: [UInt8], size: Int64) where S.Element == ByteBuffer {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(min(keep * 2, 1 << 20))
        var total: Int64 = 0
        for try await chunk in sequence {
            total += Int64(chunk.readableBytes)
            guard total <= maxTotal else { throw TooLarge(limit: maxTotal) }
            buffer.append(contentsOf: chunk.readableBytesView)
            if buffer.count > keep * 2 {
                buffer.removeFirst(buffer.count - keep)
            }
        }
        if buffer.count > keep { buffer.removeFirst(buffer.count - keep) }
        return (buffer, total)
    }
}
