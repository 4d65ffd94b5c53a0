/// A byte range for a ranged GetObject (`Range: bytes=…`).
public struct S3ByteRange: Sendable, Hashable, CustomStringConvertible {
    /// The header value without the `bytes=` prefix, e.g. `0-99`, `100-` or `-500`.
    public let specifier: String

    /// Bytes `lowerBound` through `upperBound`, both inclusive.
    public static func bytes(_ range: ClosedRange<Int64>) -> S3ByteRange {
        S3ByteRange(specifier: "\(range.lowerBound)-\(range.upperBound)")
    }

    /// Bytes from `offset` to the end.
    public static func from(_ offset: Int64) -> S3ByteRange {
        S3ByteRange(specifier: "\(offset)-")
    }

    /// The last `count` bytes.
    public static func suffix(_ count: Int64) -> S3ByteRange {
        S3ByteRange(specifier: "-\(count)")
    }

    /// The `Range` header value, e.g. `bytes=0-99`.
    public var description: String { "bytes=\(specifier)" }
}
