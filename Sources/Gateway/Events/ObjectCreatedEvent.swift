/// An object finished arriving in the quarantine area: a single PUT completed or a multipart
/// upload was assembled.
///
/// S3 announces it through an SQS queue (decoded by ``SQSEventSource``); the embedded store
/// announces it in-process through ``LocalEventQueue``. Consumers must be idempotent: S3
/// delivers duplicates (two events for one multipart completion) and out of order.
public struct ObjectCreatedEvent: Sendable, Equatable, Hashable, Codable {
    /// The object key in the quarantine area (`uploads/<fileId>`), already URL-decoded.
    public var key: String
    /// The object's size in bytes, as the store reported it.
    public var size: Int64
    /// The object's ETag as the store reported it (quoted or not), when known.
    public var etag: String?

    /// Creates an event.
    /// - Parameters:
    ///   - key: The object key in the quarantine area.
    ///   - size: The object's size in bytes.
    ///   - etag: The object's ETag, when known.
    public init(key: String, size: Int64, etag: String?) {
        self.key = key
        self.size = size
        self.etag = etag
    }
}
