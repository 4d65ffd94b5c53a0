import Foundation
import NIOCore

/// Which of the two object areas an object is in.
///
/// Uploads land in ``quarantine``; only the scan pipeline moves them to ``clean``. In S3 the
/// areas are the two buckets; in the embedded store, two directories.
public enum ObjectArea: String, Sendable, Hashable, Codable, CaseIterable {
    /// Where uploads land, unscanned. Nothing here is ever handed to an agent.
    case quarantine
    /// Scanned and promoted objects.
    case clean
}

/// A request a client performs itself against a signed URL: a presigned S3 URL, or a URL
/// the gateway signed for its embedded store.
public struct SignedObjectRequest: Sendable, Equatable, Codable {
    /// `PUT` or `GET`.
    public var method: String
    /// The URL, signature included. Never log it.
    public var url: String
    /// Headers the client must send with exactly these values (bound into the signature).
    public var headers: [String: String]
    /// When the URL stops working.
    public var expiresAt: Date

    /// Creates a request.
    public init(method: String, url: String, headers: [String: String], expiresAt: Date) {
        self.method = method
        self.url = url
        self.headers = headers
        self.expiresAt = expiresAt
    }
}

/// One part of a multipart upload as the store holds it.
public struct StoredPart: Sendable, Equatable, Codable {
    /// 1…10,000.
    public var partNumber: Int
    /// The part's ETag, quoted as S3 returns it.
    public var etag: String
    /// Bytes.
    public var size: Int64

    /// Creates a part.
    public init(partNumber: Int, etag: String, size: Int64) {
        self.partNumber = partNumber
        self.etag = etag
        self.size = size
    }
}

/// What the store knows of one object.
public struct StoredObject: Sendable, Equatable {
    /// Bytes.
    public var size: Int64
    /// The ETag, quoted.
    public var etag: String?
    /// The `Content-Type` stored with the object.
    public var contentType: String?
    /// When it was written.
    public var lastModified: Date?

    /// Creates a description.
    public init(size: Int64, etag: String?, contentType: String?, lastModified: Date?) {
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.lastModified = lastModified
    }
}

/// Where the gateway keeps uploaded files: S3 (two buckets) in production, the embedded
/// filesystem store in development. Both give clients the same signed-URL semantics, so the
/// client code path is identical.
///
/// Keys are derived from the file id only, never from a user's filename.
public protocol ObjectStore: Sendable {
    /// A one-shot upload URL into quarantine with type and size bound into the signature.
    func signedPut(
        key: String, contentType: String, contentLength: Int64, expires: Duration
    ) async throws
        -> SignedObjectRequest
    /// Starts a multipart upload into quarantine; returns its upload id.
    func createMultipartUpload(key: String, contentType: String) async throws -> String
    /// A signed URL for one part of a multipart upload.
    func signedUploadPart(
        key: String, uploadID: String, partNumber: Int, expires: Duration
    ) async throws
        -> SignedObjectRequest
    /// The parts the store holds for an upload, by part number (the truth for resuming).
    func listParts(key: String, uploadID: String) async throws -> [StoredPart]
    /// Assembles the parts into the object in quarantine.
    func completeMultipartUpload(key: String, uploadID: String, parts: [StoredPart]) async throws
    /// Abandons a multipart upload and frees its parts.
    func abortMultipartUpload(key: String, uploadID: String) async throws
    /// The object's size and attributes, or `nil` when absent.
    func head(_ area: ObjectArea, key: String) async throws -> StoredObject?
    /// Streams the object's bytes, without holding the whole object in memory.
    func read(_ area: ObjectArea, key: String) async throws -> AnyAsyncSequence<ByteBuffer>
    /// Copies the object from quarantine to clean with the given tags, then deletes it from
    /// quarantine. Idempotent: promoting an object already promoted succeeds.
    func promote(key: String, tags: [String: String]) async throws
    /// Replaces the object's tags (the rejection reason on a quarantined object, say).
    func tag(_ area: ObjectArea, key: String, tags: [String: String]) async throws
    /// Deletes the object; deleting an absent object succeeds.
    func delete(_ area: ObjectArea, key: String) async throws
    /// A short-lived download URL for a clean object, with the response headers overridden so
    /// nothing renders as HTML from the store.
    func signedGet(
        key: String, expires: Duration, contentDisposition: String, contentType: String
    ) async throws
        -> SignedObjectRequest
}

/// A type-erased `AsyncSequence` of elements, for protocol requirements that stream.
public struct AnyAsyncSequence<Element: Sendable>: AsyncSequence, Sendable {
    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextElement: () async throws -> Element?

        public mutating func next() async throws -> Element? {
            try await nextElement()
        }
    }

    private let makeIterator: @Sendable () -> AsyncIterator

    /// Wraps a sendable sequence.
    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == Element {
        makeIterator = {
            var iterator = base.makeAsyncIterator()
            return AsyncIterator { try await iterator.next() }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        makeIterator()
    }
}
