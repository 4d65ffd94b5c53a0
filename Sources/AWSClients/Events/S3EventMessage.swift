import Foundation

/// One message that S3 delivered to a queue: either event records or the test event that S3
/// sends when a notification configuration is saved.
public enum S3EventMessage: Sendable, Equatable {
    /// An event notification with one or more records.
    case records([S3EventRecord])
    /// The `s3:TestEvent` sent once when a notification is configured; it has no records.
    case testEvent(S3TestEvent)
}

/// The `s3:TestEvent` message.
public struct S3TestEvent: Sendable, Equatable {
    /// The bucket whose configuration was saved.
    public var bucket: String?
    /// The `Time` field, as sent.
    public var time: String?
    /// The `RequestId` field.
    public var requestID: String?

    /// Creates a test event.
    public init(bucket: String?, time: String?, requestID: String?) {
        self.bucket = bucket
        self.time = time
        self.requestID = requestID
    }
}

/// One record of an S3 event notification, with the object key already decoded.
public struct S3EventRecord: Sendable, Equatable {
    /// The event name without the `s3:` prefix, e.g. `ObjectCreated:Put`.
    public var eventName: String
    /// `aws:s3`.
    public var eventSource: String?
    /// The bucket's region.
    public var awsRegion: String?
    /// When the event happened; S3 sends `…Z`, moto sends no zone (read as UTC).
    public var eventTime: Date?
    /// The bucket name.
    public var bucket: String
    /// The object key, form-URL-decoded (`+` is a space, `%XX` are bytes).
    public var key: String
    /// The object size in bytes (absent for removals).
    public var size: Int64?
    /// The ETag without quotes (absent for removals).
    public var eTag: String?
    /// S3's ordering hint for events on the same key; moto omits it.
    public var sequencer: String?
    /// The object version, for versioned buckets.
    public var versionID: String?
    /// The notification configuration id that matched.
    public var configurationID: String?

    /// Creates a record.
    public init(
        eventName: String,
        eventSource: String? = "aws:s3",
        awsRegion: String? = nil,
        eventTime: Date? = nil,
        bucket: String,
        key: String,
        size: Int64? = nil,
        eTag: String? = nil,
        sequencer: String? = nil,
        versionID: String? = nil,
        configurationID: String? = nil
    ) {
        self.eventName = eventName
        self.eventSource = eventSource
        self.awsRegion = awsRegion
        self.eventTime = eventTime
        self.bucket = bucket
        self.key = key
        self.size = size
        self.eTag = eTag
        self.sequencer = sequencer
        self.versionID = versionID
        self.configurationID = configurationID
    }

    /// Whether this is an `ObjectCreated:*` event (Put, Post, Copy, CompleteMultipartUpload).
    public var isObjectCreated: Bool { eventName.hasPrefix("ObjectCreated:") }

    /// Whether this is an `ObjectRemoved:*` event (Delete, DeleteMarkerCreated).
    public var isObjectRemoved: Bool { eventName.hasPrefix("ObjectRemoved:") }
}
