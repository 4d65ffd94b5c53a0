import Foundation

/// Reads S3 event notification messages (the bodies S3 sends to SQS).
///
/// Accepts AWS's shape and moto's (keys that also encode `/` as `%2F`, `eventTime` without `Z`, no
/// `sequencer`), recognises the `s3:TestEvent` message, and reports anything else as an
/// ``S3EventDecodingError``.
public enum S3EventDecoder {
    /// Decodes a message body.
    /// - Parameter body: the SQS message body.
    /// - Returns: the records, or the test event.
    /// - Throws: ``S3EventDecodingError``.
    public static func decode(_ body: String) throws -> S3EventMessage {
        try decode(Data(body.utf8))
    }

    /// Decodes a message body given as bytes.
    /// - Parameter data: the SQS message body.
    /// - Returns: the records, or the test event.
    /// - Throws: ``S3EventDecodingError``.
    public static func decode(_ data: Data) throws -> S3EventMessage {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw S3EventDecodingError(.notJSON, "the message body is not JSON (\(data.count) bytes)")
        }
        guard let object = json as? [String: Any] else {
            throw S3EventDecodingError(.notJSON, "the message body is JSON but not an object")
        }
        if let records = object["Records"] {
            guard let list = records as? [Any] else {
                throw S3EventDecodingError(.notAnS3Event, "`Records` is not an array")
            }
            return .records(try list.enumerated().map { try record($1, index: $0) })
        }
        if let event = object["Event"] as? String, event == "s3:TestEvent" {
            return .testEvent(
                S3TestEvent(
                    bucket: object["Bucket"] as? String,
                    time: object["Time"] as? String,
                    requestID: object["RequestId"] as? String
                )
            )
        }
        let keys = object.keys.sorted().prefix(8).joined(separator: ", ")
        throw S3EventDecodingError(
            .notAnS3Event,
            "the JSON has neither `Records` nor `Event: s3:TestEvent` (keys: \(keys))"
        )
    }

    private static func record(_ value: Any, index: Int) throws -> S3EventRecord {
        func fail(_ what: String) -> S3EventDecodingError {
            S3EventDecodingError(.invalidRecord, "record \(index): \(what)")
        }
        guard let record = value as? [String: Any] else { throw fail("is not an object") }
        guard let eventName = record["eventName"] as? String, !eventName.isEmpty else {
            throw fail("`eventName` is missing")
        }
        guard let s3 = record["s3"] as? [String: Any] else { throw fail("`s3` is missing") }
        guard let bucket = (s3["bucket"] as? [String: Any])?["name"] as? String else {
            throw fail("`s3.bucket.name` is missing")
        }
        guard let object = s3["object"] as? [String: Any], let rawKey = object["key"] as? String else {
            throw fail("`s3.object.key` is missing")
        }
        guard let key = FormURLDecoding.decode(rawKey) else {
            throw S3EventDecodingError(
                .invalidKeyEncoding,
                "record \(index): `s3.object.key` does not decode to UTF-8 text"
            )
        }
        var eventTime: Date?
        if let text = record["eventTime"] as? String {
            guard let parsed = AWSTimestamp.parseISO8601(text) else {
                throw fail("`eventTime` \"\(text)\" is not an ISO 8601 timestamp")
            }
            eventTime = parsed
        }
        let name = eventName.hasPrefix("s3:") ? String(eventName.dropFirst(3)) : eventName
        return S3EventRecord(
            eventName: name,
            eventSource: record["eventSource"] as? String,
            awsRegion: record["awsRegion"] as? String,
            eventTime: eventTime,
            bucket: bucket,
            key: key,
            size: try size(object["size"], fail: fail),
            eTag: (object["eTag"] as? String).map { $0.replacingOccurrences(of: "\"", with: "") },
            sequencer: object["sequencer"] as? String,
            versionID: object["versionId"] as? String,
            configurationID: s3["configurationId"] as? String
        )
    }

    private static func size(_ value: Any?, fail: (String) -> S3EventDecodingError) throws -> Int64? {
        guard let value else { return nil }
        if let size = value as? Int64 {
            guard size >= 0 else { throw fail("`s3.object.size` is negative") }
            return size
        }
        if let double = value as? Double, double >= 0, double < 9e18, double == double.rounded() {
            return Int64(double)
        }
        throw fail("`s3.object.size` is not a number")
    }
}
