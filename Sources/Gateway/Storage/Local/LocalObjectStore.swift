import Foundation
import NIOCore

/// The embedded, filesystem ``ObjectStore`` for development and demos: the same semantics as
/// the S3 store, with URLs the gateway signs itself and serves through ``LocalObjectRoutes``.
///
/// Under its root, `quarantine/` and `clean/` hold objects (bytes plus a JSON sidecar with size,
/// ETag, content type and tags), `multipart/<uploadId>/` uploads in progress, `tmp/` files being
/// written; every write lands in `tmp/` first and is renamed into place. ETags are MD5 like S3's
/// (`md5-of-md5s-N` for multipart objects). Completing a PUT or a multipart upload publishes an
/// ``ObjectCreatedEvent`` to ``events``, as S3 does to SQS.
public struct LocalObjectStore: ObjectStore {
    /// The path prefix of every URL this store signs.
    public static let routePrefix = "/v1/objects/"
    /// S3's largest part (and, here, largest single PUT): 5 GiB.
    public static let maximumPartSize: Int64 = 5 * 1024 * 1024 * 1024

    /// The root directory.
    public var root: URL { layout.root }
    /// The gateway's external base URL, e.g. `http://127.0.0.1:8080`.
    public let publicBaseURL: String
    /// The smallest part other than the last that completion accepts (S3: 5 MiB).
    public let minimumPartSize: Int64
    /// Where object-created events go.
    public let events: LocalEventQueue?

    let layout: LocalObjectLayout
    let signer: LocalURLSigner

    /// Creates the store and its folders.
    /// - Parameters:
    ///   - root: The root directory (created if needed).
    ///   - publicBaseURL: The gateway's external base URL; signed URLs start with it.
    ///   - secret: The URL signing secret (at least 32 random bytes; never logged).
    ///   - events: Where to publish object-created events, or `nil` for none.
    ///   - minimumPartSize: The smallest non-final part completion accepts.
    /// - Throws: ``ObjectStoreError`` (`storageFailure`) when the folders cannot be created.
    public init(
        root: URL,
        publicBaseURL: String,
        secret: some Sequence<UInt8>,
        events: LocalEventQueue?,
        minimumPartSize: Int64 = 5 * 1024 * 1024
    ) throws {
        layout = LocalObjectLayout(root: root)
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        signer = LocalURLSigner(secret: secret)
        self.events = events
        self.minimumPartSize = minimumPartSize
        do {
            for name in ["quarantine", "clean", "multipart", "tmp"] {
                try FileManager.default.createDirectory(
                    at: layout.root.appendingPathComponent(name, isDirectory: true),
                    withIntermediateDirectories: true
                )
            }
        } catch {
            throw ObjectStoreError(.storageFailure, "cannot create the store's folders under \(root.path): \(error)")
        }
    }

    // MARK: Signing

    public func signedPut(
        key: String, contentType: String, contentLength: Int64, expires: Duration
    ) async throws
        -> SignedObjectRequest
    {
        guard (0...Self.maximumPartSize).contains(contentLength) else {
            throw ObjectStoreError(.invalidRequest, "content length \(contentLength) is outside 0 … 5 GiB", key: key)
        }
        let headers = ["content-type": contentType, "content-length": String(contentLength)]
        return try sign(method: "PUT", area: .quarantine, key: key, query: [:], headers: headers, expires: expires)
    }

    public func signedUploadPart(
        key: String, uploadID: String, partNumber: Int, expires: Duration
    ) async throws
        -> SignedObjectRequest
    {
        try Self.checkPartNumber(partNumber, key: key)
        guard try multipartUpload(uploadID)?.key == key else {
            throw ObjectStoreError(.noSuchUpload, "no multipart upload \(uploadID) for this key", key: key)
        }
        let query = ["partNumber": String(partNumber), "uploadId": uploadID]
        return try sign(method: "PUT", area: .quarantine, key: key, query: query, headers: [:], expires: expires)
    }

    public func signedGet(
        key: String, expires: Duration, contentDisposition: String, contentType: String
    ) async throws
        -> SignedObjectRequest
    {
        let query = ["response-content-disposition": contentDisposition, "response-content-type": contentType]
        return try sign(method: "GET", area: .clean, key: key, query: query, headers: [:], expires: expires)
    }

    func sign(
        method: String,
        area: ObjectArea,
        key: String,
        query: [String: String],
        headers: [String: String],
        expires: Duration,
        now: Date = Date()
    ) throws -> SignedObjectRequest {
        try LocalObjectLayout.validate(key: key)
        let seconds = expires.components.seconds
        guard (1...604_800).contains(seconds) else {
            throw ObjectStoreError(.invalidRequest, "URL expiry \(expires) is outside 1 s … 7 days", key: key)
        }
        let expiresAt = now.addingTimeInterval(TimeInterval(seconds))
        let path = Self.routePrefix + area.rawValue + "/" + key
        let signedQuery = signer.signedQuery(
            method: method, path: path, query: query, headers: headers, expiresAt: expiresAt)
        return SignedObjectRequest(
            method: method,
            url: publicBaseURL + path + "?" + signedQuery,
            headers: headers,
            expiresAt: Date(timeIntervalSince1970: expiresAt.timeIntervalSince1970.rounded(.down))
        )
    }

    // MARK: Objects

    public func head(_ area: ObjectArea, key: String) async throws -> StoredObject? {
        try metadata(area, key: key)?.stored
    }

    public func read(_ area: ObjectArea, key: String) async throws -> AnyAsyncSequence<ByteBuffer> {
        guard try metadata(area, key: key) != nil else {
            throw ObjectStoreError(.noSuchKey, "no such object in \(area.rawValue)", key: key)
        }
        let files = try LocalFileIO.objectFiles(try layout.dataURL(area, key))
        return AnyAsyncSequence(LocalFileChunks(files: files, chunkSize: 256 * 1024))
    }

    public func promote(key: String, tags: [String: String]) async throws {
        guard var metadata = try metadata(.quarantine, key: key) else {
            if try self.metadata(.clean, key: key) != nil { return }
            throw ObjectStoreError(.noSuchKey, "nothing to promote: absent from quarantine and clean", key: key)
        }
        metadata.tags = tags
        // Link (no bytes move), then delete: a crash in between leaves both names, and a retry
        // finishes the job.
        let copy = try layout.temporaryFile()
        do {
            try LocalFileIO.linkObject(try layout.dataURL(.quarantine, key), to: copy)
        } catch {
            try? LocalFileIO.remove(copy)
            throw ObjectStoreError(.storageFailure, "cannot copy the object: \(error)", key: key)
        }
        try writeMetadata(metadata, .clean, key: key)
        try LocalFileIO.move(copy, to: try layout.dataURL(.clean, key))
        try await delete(.quarantine, key: key)
    }

    public func tag(_ area: ObjectArea, key: String, tags: [String: String]) async throws {
        guard var metadata = try metadata(area, key: key) else {
            throw ObjectStoreError(.noSuchKey, "no such object in \(area.rawValue)", key: key)
        }
        metadata.tags = tags
        try writeMetadata(metadata, area, key: key)
    }

    /// The object's tags.
    /// - Throws: ``ObjectStoreError`` (`noSuchKey`) when absent.
    public func tags(_ area: ObjectArea, key: String) async throws -> [String: String] {
        guard let metadata = try metadata(area, key: key) else {
            throw ObjectStoreError(.noSuchKey, "no such object in \(area.rawValue)", key: key)
        }
        return metadata.tags
    }

    public func delete(_ area: ObjectArea, key: String) async throws {
        try LocalFileIO.remove(try layout.dataURL(area, key))
        try LocalFileIO.remove(try layout.metadataURL(area, key))
    }

    func writeMetadata(_ metadata: LocalObjectMetadata, _ area: ObjectArea, key: String) throws {
        let file = try layout.metadataURL(area, key)
        try LocalFileIO.writeJSON(metadata, to: file, temporary: try layout.temporaryFile())
    }

    /// The object's sidecar, when both it and the bytes exist.
    func metadata(_ area: ObjectArea, key: String) throws -> LocalObjectMetadata? {
        guard FileManager.default.fileExists(atPath: try layout.dataURL(area, key).path) else { return nil }
        return try LocalFileIO.readJSON(LocalObjectMetadata.self, from: try layout.metadataURL(area, key))
    }

    /// Receives a single PUT into quarantine, enforcing the signed length while streaming, then
    /// publishes the object-created event.
    /// - Returns: The stored object's attributes.
    /// - Throws: ``ObjectStoreError`` (`entityTooLarge`, `incompleteBody`, `insufficientStorage`,
    ///   `storageFailure`); nothing is kept then.
    func receiveObject<Body: AsyncSequence>(
        key: String,
        contentType: String?,
        contentLength: Int64,
        body: Body
    ) async throws -> LocalObjectMetadata where Body.Element == ByteBuffer {
        let dataURL = try layout.dataURL(.quarantine, key)
        let temporary = try layout.temporaryFile()
        let received = try await LocalFileIO.receive(
            body, into: temporary, expectedLength: contentLength, maximumLength: Self.maximumPartSize)
        let metadata = LocalObjectMetadata(
            size: received.size,
            etag: "\"" + LocalFileIO.hex(received.md5) + "\"",
            contentType: contentType,
            lastModified: Date(),
            tags: [:]
        )
        do {
            try writeMetadata(metadata, .quarantine, key: key)
            try LocalFileIO.move(temporary, to: dataURL)
        } catch {
            // The sidecar could not be written (disk full): drop the received bytes rather than
            // leave them in tmp/.
            try? LocalFileIO.remove(temporary)
            throw LocalFileIO.storageError(error)
        }
        await events?.publish(ObjectCreatedEvent(key: key, size: metadata.size, etag: metadata.etag))
        return metadata
    }

    static func checkPartNumber(_ partNumber: Int, key: String) throws {
        guard (1...10_000).contains(partNumber) else {
            throw ObjectStoreError(.invalidRequest, "part number \(partNumber) is outside 1 … 10,000", key: key)
        }
    }
}
