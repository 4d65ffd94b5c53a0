/// Server-side encryption for objects written to S3.
public struct S3ServerSideEncryption: Sendable, Hashable {
    /// The `x-amz-server-side-encryption` value: `AES256` or `aws:kms`.
    public var algorithm: String
    /// The KMS key id or ARN, for `aws:kms`; `nil` uses the account's default key.
    public var kmsKeyID: String?
    /// Whether to use an S3 Bucket Key for KMS.
    public var bucketKeyEnabled: Bool?

    /// SSE-S3 (`AES256`).
    public static let aes256 = S3ServerSideEncryption(algorithm: "AES256", kmsKeyID: nil, bucketKeyEnabled: nil)

    /// SSE-KMS with a key (or the default key when `nil`).
    /// - Parameters:
    ///   - keyID: the KMS key id or ARN.
    ///   - bucketKey: whether to use an S3 Bucket Key.
    public static func kms(keyID: String?, bucketKey: Bool? = nil) -> S3ServerSideEncryption {
        S3ServerSideEncryption(algorithm: "aws:kms", kmsKeyID: keyID, bucketKeyEnabled: bucketKey)
    }

    /// The request headers for this encryption.
    var headers: [(String, String)] {
        var headers = [("x-amz-server-side-encryption", algorithm)]
        if let kmsKeyID { headers.append(("x-amz-server-side-encryption-aws-kms-key-id", kmsKeyID)) }
        if let bucketKeyEnabled {
            headers.append(("x-amz-server-side-encryption-bucket-key-enabled", bucketKeyEnabled ? "true" : "false"))
        }
        return headers
    }
}
