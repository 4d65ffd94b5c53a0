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

    /// Gives the file at `source` a second name, `destination` (a hard link: no bytes move), or
    /// copies it where the filesystem cannot link. Objects are never written in place (a new
    /// version is a new file renamed over the old), so the two names can share their bytes.
    /// - Throws: The system's error (`ENOSPC` on a full disk when copying).
    static func link(_ source: URL, to destination: URL) throws {
        do {
            try FileManager.default.linkItem(at: source, to: destination)
        } catch {
            try FileManager.default.copyItem(at: source, to: destination)
        }
    }

    /// ``link(_:to:)`` for an object: a file, or the folder of parts a multipart upload becomes
    /// (each part linked into a new folder).
    static func linkObject(_ source: URL, to destination: URL) throws {
        guard isDirectory(source) else { return try link(source, to: destination) }
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: false)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try link(source.appendingPathComponent(name), to: destination.appendingPathComponent(name))
        }
    }

    /// Whether `url` names a folder.
    static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }

    /// The files an object's bytes are read from, in order: the file itself, or the parts in
    /// the folder a multipart upload became.
    static func objectFiles(_ url: URL) throws -> [URL] {
        guard isDirectory(url) else { return [url] }
        return try FileManager.default.contentsOfDirectory(atPath: url.path)
            .filter(LocalObjectLayout.isPartFileName)
            .sorted()
            .map { url.appendingPathComponent($0) }
    }

    /// Atomically replaces `destination` with `source` (POSIX `rename`), creating parent folders.
    /// A file replacing a folder of parts, or the reverse, removes the old one first (the one
    /// case `rename` cannot do in one step).
    static func move(_ source: URL, to destination: URL) throws {
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        if rename(source.path, destination.path) == 0 { return }
        let failure = errno
        if [EISDIR, ENOTDIR, ENOTEMPTY, EEXIST].contains(failure) {
            try remove(destination)
            if rename(source.path, destination.path) == 0 { return }
        }
        throw ObjectStoreError(.storageFailure, "cannot move a file into place (errno \(errno))")
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

/// An object's bytes as an async sequence of chunks, read as the consumer asks for them, from
/// one file or, for an object assembled from multipart parts, from each part file in turn.
struct LocalFileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// The files, read one after the other.
    let files: [URL]
    /// The chunk size.
    let chunkSize: Int

    init(files: [URL], chunkSize: Int) {
        self.files = files
        self.chunkSize = chunkSize
    }

    init(file: URL, chunkSize: Int) {
        self.init(files: [file], chunkSize: chunkSize)
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let files: [URL]
        let chunkSize: Int
        var index = 0
        var handle: FileHandle?

        mutating func next() async throws -> ByteBuffer? {
            while index < files.count {
                if handle == nil { handle = try FileHandle(forReadingFrom: files[index]) }
                if let handle, let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
                    return ByteBuffer(bytes: data)
                }
                try handle?.close()
                handle = nil
                index += 1
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(files: files, chunkSize: chunkSize)
    }
}
