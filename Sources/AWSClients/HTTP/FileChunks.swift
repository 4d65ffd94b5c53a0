import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An async sequence of a file region's bytes, read in chunks on NIO's blocking thread pool.
///
/// Each chunk opens the file, reads with `pread` at its offset and closes it again, so the
/// sequence holds no descriptor between chunks, can be iterated any number of times (a retried
/// upload re-reads the file) and leaks nothing when a consumer stops early.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// The file's path.
    let path: String
    /// The first byte to read.
    let offset: Int64
    /// How many bytes to read.
    let length: Int64
    /// The chunk size.
    let chunkSize: Int

    func makeAsyncIterator() -> Iterator {
        Iterator(path: path, position: offset, end: offset + length, chunkSize: chunkSize)
    }

    /// Reads the next chunk when asked.
    struct Iterator: AsyncIteratorProtocol {
        let path: String
        var position: Int64
        let end: Int64
        let chunkSize: Int

        mutating func next() async throws -> ByteBuffer? {
            guard position < end else { return nil }
            let count = Int(Swift.min(Int64(chunkSize), end - position))
            let path = self.path
            let offset = position
            let buffer = try await NIOThreadPool.singleton.runIfActive {
                try FileChunks.read(path: path, offset: offset, count: count)
            }
            position += Int64(buffer.readableBytes)
            return buffer
        }
    }

    /// Reads exactly `count` bytes at `offset`, or throws if the file is shorter.
    static func read(path: String, offset: Int64, count: Int) throws -> ByteBuffer {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw AWSClientError(.invalidRequest, "cannot open \(path) for reading (errno \(errno))")
        }
        defer { close(descriptor) }
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        var done = 0
        while done < count {
            let got = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count - done) { pointer in
                let result = pread(descriptor, pointer.baseAddress, count - done, off_t(offset) + off_t(done))
                return result > 0 ? result : 0
            }
            if got == 0 {
                if errno == EINTR { continue }
                throw AWSClientError(
                    .invalidRequest,
                    "\(path) is shorter than expected: read \(done) of \(count) bytes at offset \(offset)"
                )
            }
            done += got
        }
        return buffer
    }

    /// The size of a file in bytes.
    static func size(of path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw AWSClientError(.invalidRequest, "cannot read the size of \(path) (errno \(errno))")
        }
        return Int64(info.st_size)
    }
}
