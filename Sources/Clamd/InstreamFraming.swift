import NIOCore

/// The framing of clamd's `INSTREAM` command: `zINSTREAM\0`, then chunks of
/// `<4-byte big-endian length><bytes>`, then a zero length.
enum InstreamFraming {
    /// The command that opens a stream.
    static let command = "zINSTREAM"

    /// The 4-byte big-endian length prefix of a chunk of `length` bytes.
    static func header(length: Int, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 4)
        buffer.writeInteger(UInt32(truncatingIfNeeded: length), endianness: .big)
        return buffer
    }

    /// The zero-length chunk that ends the stream.
    static var terminator: ByteBuffer { header(length: 0) }

    /// `buffer`'s readable bytes as slices of at most `maximumLength` bytes, without copying.
    /// An empty buffer yields no slices (a zero-length chunk would end the stream early).
    static func slices(of buffer: ByteBuffer, maximumLength: Int) -> [ByteBuffer] {
        var remaining = buffer
        var slices: [ByteBuffer] = []
        slices.reserveCapacity(buffer.readableBytes / max(maximumLength, 1) + 1)
        while remaining.readableBytes > 0 {
            let length = min(remaining.readableBytes, max(maximumLength, 1))
            guard let slice = remaining.readSlice(length: length) else { break }
            slices.append(slice)
        }
        return slices
    }

    /// A z-command as bytes: `z` + name + NUL (the name already carries its `z`).
    static func commandBytes(_ name: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(name)
        buffer.writeInteger(UInt8(0))
        return buffer
    }
}
