import AWSSigning
import AsyncHTTPClient
import NIOCore

/// The body of a PutObject or UploadPart request: bytes in memory, a region of a file, or an
/// async sequence of buffers, always with a known length.
///
/// Bytes are signed with their SHA-256. Files and streams are never buffered whole: they are
/// signed with `UNSIGNED-PAYLOAD` unless the caller supplies the SHA-256.
///
/// Retries: bytes and files can be sent again, so their requests are retried under the client's
/// ``RetryPolicy``. A stream can be consumed only once, so a request with a stream body is sent
/// exactly once and its failure is reported to the caller (who may retry with a fresh stream).
public struct S3Body: Sendable {
    enum Storage: Sendable {
        case bytes(ByteBuffer)
        case file(path: String, offset: Int64)
        case stream(@Sendable () -> HTTPClientRequest.Body)
    }

    let storage: Storage
    /// The number of bytes the body holds (sent as `Content-Length`).
    public let length: Int64
    /// The lowercase hex SHA-256 of the body, when known.
    public let sha256: String?
    /// The body's CRC-32 as S3 sends it (base64 of its four bytes), when the caller supplied it.
    public let crc32: String?

    init(storage: Storage, length: Int64, sha256: String?, crc32: String? = nil) {
        self.storage = storage
        self.length = length
        self.sha256 = sha256
        self.crc32 = crc32
    }

    /// Bytes held in memory; their SHA-256 is computed for the signature.
    /// - Parameter buffer: the bytes.
    public static func bytes(_ buffer: ByteBuffer) -> S3Body {
        let hash = try? SigV4Payload.bytes(Array(buffer.readableBytesView)).canonicalHash()
        return S3Body(storage: .bytes(buffer), length: Int64(buffer.readableBytes), sha256: hash)
    }

    /// Bytes held in memory; their SHA-256 is computed for the signature.
    /// - Parameter bytes: the bytes.
    public static func bytes(_ bytes: some Sequence<UInt8>) -> S3Body {
        .bytes(ByteBuffer(bytes: Array(bytes)))
    }

    /// UTF-8 text.
    /// - Parameter text: the text.
    public static func string(_ text: String) -> S3Body {
        .bytes(ByteBuffer(string: text))
    }

    /// A region of a file, read in chunks while sending.
    /// - Parameters:
    ///   - path: the file's path.
    ///   - offset: the first byte to send.
    ///   - length: how many bytes to send; `nil` sends to the end of the file.
    ///   - sha256: the region's SHA-256 (lowercase hex), to sign it instead of `UNSIGNED-PAYLOAD`.
    /// - Throws: ``AWSClientError`` (`invalidRequest`) when the file cannot be read or is too short.
    public static func file(
        path: String, offset: Int64 = 0, length: Int64? = nil, sha256: String? = nil
    ) throws
        -> S3Body
    {
        let size = try FileChunks.size(of: path)
        let length = length ?? max(0, size - offset)
        guard offset >= 0, length >= 0, offset + length <= size else {
            throw AWSClientError(
                .invalidRequest,
                "\(path) has \(size) bytes; cannot send \(length) bytes from offset \(offset)"
            )
        }
        return S3Body(storage: .file(path: path, offset: offset), length: length, sha256: sha256)
    }

    /// An async sequence of buffers whose total size is known in advance. Sent once, never retried.
    /// - Parameters:
    ///   - sequence: the buffers; together they must hold exactly `length` bytes.
    ///   - length: the total size.
    ///   - sha256: the body's SHA-256 (lowercase hex), to sign it instead of `UNSIGNED-PAYLOAD`.
    ///   - crc32: the body's CRC-32 (``CRC32/base64``), needed for a part of an upload with
    ///     checksums: a stream cannot be read twice.
    public static func stream<Buffers: AsyncSequence & Sendable>(
        _ sequence: Buffers,
        length: Int64,
        sha256: String? = nil,
        crc32: String? = nil
    ) -> S3Body where Buffers.Element == ByteBuffer {
        S3Body(
            storage: .stream({ .stream(sequence, length: .known(length)) }),
            length: length,
            sha256: sha256,
            crc32: crc32
        )
    }

    /// The body's CRC-32 as S3 sends it: the supplied one, or computed from the bytes or by
    /// reading the file region once (on NIO's blocking thread pool, in 1 MiB chunks).
    /// - Throws: ``AWSClientError`` (`invalidRequest`) for a stream without one, or when the
    ///   file cannot be read.
    func checksumCRC32() async throws -> String {
        if let crc32 { return crc32 }
        var checksum = CRC32()
        switch storage {
        case .bytes(let buffer):
            buffer.withUnsafeReadableBytes { checksum.update($0) }
        case .file(let path, let offset):
            for try await chunk in FileChunks(path: path, offset: offset, length: length, chunkSize: 1 << 20) {
                chunk.withUnsafeReadableBytes { checksum.update($0) }
            }
        case .stream:
            throw AWSClientError(
                .invalidRequest, "a streamed part of an upload with checksums needs its CRC-32 (S3Body.stream(crc32:))")
        }
        return checksum.base64
    }

    /// Whether the body can be sent again, and so whether its request may be retried.
    public var isReplayable: Bool {
        if case .stream = storage { return false }
        return true
    }

    /// The payload description for SigV4.
    var payload: SigV4Payload {
        sha256.map { .hash($0) } ?? .unsigned
    }

    /// A fresh AsyncHTTPClient body for one attempt.
    func makeRequestBody() -> HTTPClientRequest.Body {
        switch storage {
        case .bytes(let buffer):
            return .bytes(buffer)
        case .file(let path, let offset):
            let chunks = FileChunks(path: path, offset: offset, length: length, chunkSize: 256 * 1024)
            return .stream(chunks, length: .known(length))
        case .stream(let make):
            return make()
        }
    }
}
