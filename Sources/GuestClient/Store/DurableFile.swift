import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file so that, once ``write(_:toPath:)`` returns, the new content survives a crash or
/// power loss and a reader never sees a partial file: the bytes go to a temporary file in the same
/// directory (mode 0600), which is `fsync`ed, renamed over the target, and then the directory is
/// `fsync`ed so the rename itself is on disk. Until that last step the rename is not durable,
/// so a failure there is an error too.
///
/// The system calls are injectable for tests (the order of `fsync` and `rename` is the point).
struct DurableFile: Sendable {
    /// `fsync(2)`; on Apple platforms `F_FULLFSYNC` first, since there `fsync` does not flush
    /// the drive's cache (falling back to `fsync` where the file system refuses it).
    var sync: @Sendable (Int32) -> Int32 = { descriptor in fullSync(descriptor) }
    /// `rename(2)`.
    var rename: @Sendable (String, String) -> Int32 = { from, to in posixRename(from, to) }

    /// The real system calls.
    static let system = DurableFile()

    /// Writes `data` to `path` atomically and durably; creates the directory if needed.
    /// - Throws: a message for ``SessionStoreError`` / ``UploadResumeStoreError``.
    func write(_ data: Data, toPath path: String) throws(DurableFileError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DurableFileError("cannot create \(directory.path): \(error.localizedDescription)")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let file = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw DurableFileError("cannot create \(temporary) (errno \(errno))") }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(file) }
            try Self.writeAll(data, to: file, path: temporary)
            guard sync(file) == 0 else { throw DurableFileError("cannot sync \(temporary) (errno \(errno))") }
        }
        guard rename(temporary, path) == 0 else {
            throw DurableFileError("cannot replace the file (errno \(errno))")
        }
        renamed = true
        let directoryDescriptor = open(directory.path, O_RDONLY | O_CLOEXEC | O_DIRECTORY)
        guard directoryDescriptor >= 0 else {
            throw DurableFileError("cannot open \(directory.path) to sync the rename (errno \(errno))")
        }
        defer { close(directoryDescriptor) }
        guard sync(directoryDescriptor) == 0 else {
            throw DurableFileError("cannot sync \(directory.path) after the rename (errno \(errno))")
        }
    }

    private static func writeAll(_ data: Data, to file: Int32, path: String) throws(DurableFileError) {
        let failure: Int32? = data.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = posixWrite(file, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw DurableFileError("cannot write \(path) (errno \(failure))") }
    }
}

/// A durable write failed.
struct DurableFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private func posixRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }

private func posixWrite(_ file: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(file, bytes, count) }

private func fullSync(_ descriptor: Int32) -> Int32 {
    #if canImport(Darwin)
    if fcntl(descriptor, F_FULLFSYNC) == 0 { return 0 }
    #endif
    return fsync(descriptor)
}
