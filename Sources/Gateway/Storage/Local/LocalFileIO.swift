import AWSSigning
import Crypto
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded store's file primitives: streaming a body into a temporary file while hashing
/// and counting it, atomic renames, JSON sidecars, and reading files back in chunks.
enum LocalFileIO {
    /// What ``receive(_:into:expectedLength:maximumLength:)`` wrote.
    struct Received: Sendable {
        var size: Int64
        var md5: [UInt8]
    }

    /// Streams `body` into `file`, hashing with MD5, and fails as soon as the body passes
    /// `maximumLength` (or `expectedLength`), or ends short of `expectedLength`. The file is
    /// removed on failure. Nothing is buffered beyond one chunk.
    static func receive<Body: AsyncSequence>(
        _ body: Body,
        into file: URL,
        expectedLength: Int64?,
        maximumLength: Int64
    ) async throws -> Received where Body.Element == ByteBuffer {
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw ObjectStoreError(.storageFailure, "cannot create a temporary file")
        }
        do {
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            var md5 = Insecure.MD5()
            var size: Int64 = 0
            let limit = min(expectedLength ?? maximumLength, maximumLength)
            for try await buffer in body {
                size += Int64(buffer.readableBytes)
                guard size <= limit else {
                    throw ObjectStoreError(
                        .entityTooLarge, "the body is longer than the \(limit) bytes this URL allows")
                }
                try buffer.withUnsafeReadableBytes { bytes in
                    md5.update(bufferPointer: bytes)
                    try handle.write(contentsOf: Data(bytes))
                }
            }
            if let expectedLength, size != expectedLength {
                throw ObjectStoreError(
                    .incompleteBody, "the body has \(size) bytes; this URL requires \(expectedLength)")
            }
            try handle.synchronize()
            return Received(size: size, md5: Array(md5.finalize()))
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw storageError(error)
        }
    }

    /// `error`, or ``ObjectStoreError/Code/insufficientStorage`` when it is the filesystem being
    /// full, so that the guest gets a clear answer instead of an internal error.
    static func storageError(_ error: any Error) -> any Error {
        isOutOfSpace(error)
            ? ObjectStoreError(
                .insufficientStorage, "the store is out of space (disk full or file size limit); try again later")
            : error
    }

    /// Whether `error` is `ENOSPC`, `EDQUOT` or `EFBIG`, as Foundation reports it (a
    /// `CocoaError.fileWriteOutOfSpace` or a POSIX error, possibly as the underlying error).
    static func isOutOfSpace(_ error: any Error) -> Bool {
        if let error = error as? CocoaError, error.code == .fileWriteOutOfSpace { return true }
        let error = error as NSError
        if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileWriteOutOfSpace.rawValue { return true }
        if error.domain == NSPOSIXErrorDomain, [ENOSPC, EDQUOT, EFBIG].contains(Int32(truncatingIfNeeded: error.code)) {
            return true
        }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error { return isOutOfSpace(underlying) }
        return false
    }

    /// Appends the whole of the file at `source` to the open file `output`; on Linux copied
    /// inside the kernel (`sendfile`: no pass through user space, which assembling a multipart
    /// upload otherwise spent most of its time on), elsewhere in 1 MiB reads and writes.
    /// - Returns: The bytes copied.
    /// - Throws: The system's error (`ENOSPC` on a full disk).
    static func append(contentsOf source: URL, to output: FileHandle) throws -> Int64 {
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        #if os(Linux)
        var offset: off_t = 0
        while true {
            let copied = sendfile(output.fileDescriptor, input.fileDescriptor, &offset, 1 << 30)
            if copied > 0 { continue }
            if copied == 0 { return Int64(offset) }
            if errno == EINTR || errno == EAGAIN { continue }
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        #else
        var size: Int64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            try output.write(contentsOf: chunk)
            size += Int64(chunk.count)
        }
        return size
        #endif
    }

    /// Atomically replaces `destination` with `source` (POSIX `rename`), creating parent folders.
    static func move(_ source: URL, to destination: URL) throws {
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(source.path, destination.path) == 0 else {
            throw ObjectStoreError(.storageFailure, "cannot move a file into place (errno \(errno))")
        }
    }

    /// Writes a JSON value through a temporary file and an atomic rename.
    static func writeJSON<Value: Encodable>(_ value: Value, to destination: URL, temporary: URL) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        do {
            try encoder.encode(value).write(to: temporary)
            try move(temporary, to: destination)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw storageError(error)
        }
    }

    /// Reads a JSON value; `nil` when the file does not exist.
    static func readJSON<Value: Decodable>(_ type: Value.Type, from file: URL) throws -> Value? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }

    /// Removes a file or folder; absent is fine.
    static func remove(_ url: URL) throws {
        do {
            try FileManager.default.removeItem(at: url)
        } catch CocoaError.fileNoSuchFile {
            return
        }
    }

    /// Lower-case hex.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        Hex.encode(bytes)
    }
}

/// A file's bytes as an async sequence of chunks, read as the consumer asks for them.
struct LocalFileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// The file.
    let file: URL
    /// The chunk size.
    let chunkSize: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let file: URL
        let chunkSize: Int
        var handle: FileHandle?
        var finished = false

        mutating func next() async throws -> ByteBuffer? {
            guard !finished else { return nil }
            if handle == nil { handle = try FileHandle(forReadingFrom: file) }
            guard let handle, let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
                finished = true
                try handle?.close()
                handle = nil
                return nil
            }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(file: file, chunkSize: chunkSize)
    }
}
