import AWSClients

extension DoctorChecks {
    /// The `aws s3api put-bucket-encryption` command of docs/deploy-aws.md (SSE-KMS with a
    /// customer managed key and an S3 Bucket Key); `KEY_ARN` is the key to use.
    public static func putBucketEncryptionCommand(bucket: String) -> String {
        "aws s3api put-bucket-encryption --bucket \(bucket) --server-side-encryption-configuration "
            + #"'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"KEY_ARN"},"#
            + #""BucketKeyEnabled":true}]}' (KEY_ARN: your KMS key; the gateway role needs kms:GenerateDataKey and "#
            + "kms:Decrypt on it, docs/deploy-aws.md \"1. Buckets\")"
    }

    /// A bucket's default encryption: SSE-KMS as docs/deploy-aws.md sets it up passes (naming the
    /// key), SSE-S3 (`AES256`) is a warning (encrypted, but not with a key whose use is
    /// controlled and logged in KMS), none at all fails.
    static func encryptionCheck(area: String, bucket: String, s3: S3Client) -> DoctorCheck {
        DoctorCheck(name: "\(area) encryption", fixForError: "check the s3:GetEncryptionConfiguration permission") {
            encryptionVerdict(try await s3.getBucketEncryption(bucket), bucket: bucket)
        }
    }

    /// The verdict for a bucket's default encryption (`nil`: none).
    static func encryptionVerdict(_ encryption: S3BucketEncryption?, bucket: String) -> DoctorCheck.Verdict {
        let fix = putBucketEncryptionCommand(bucket: bucket)
        guard let rule = encryption?.defaultRule else {
            return .fail(
                "\(bucket) has no default encryption: objects are stored unencrypted unless each upload asks",
                fix: fix)
        }
        if rule.usesKMS {
            let key = rule.kmsMasterKeyID.map { "key \($0)" } ?? "the AWS managed key aws/s3"
            let bucketKey = rule.bucketKeyEnabled ? ", S3 Bucket Key on" : ""
            return .pass("\(bucket) encrypts new objects with SSE-KMS (\(rule.algorithm)), \(key)\(bucketKey)")
        }
        if rule.algorithm == "AES256" {
            return .warn(
                "\(bucket) encrypts with SSE-S3 (AES256), not the SSE-KMS docs/deploy-aws.md sets up: "
                    + "reading the files needs no KMS permission and is not logged as key use",
                fix: fix)
        }
        return .warn("\(bucket) encrypts with \(rule.algorithm), which the doctor does not know", fix: fix)
    }
}
