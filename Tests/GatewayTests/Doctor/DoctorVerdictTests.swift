import AWSClients
import Testing

@testable import Gateway

/// The verdicts of the bucket and queue checks, from the answers S3 and SQS give.
@Suite("Doctor verdicts")
struct DoctorVerdictTests {
    static let retention = RetentionConfiguration()

    func fix(_ verdict: DoctorCheck.Verdict) -> String? {
        switch verdict {
        case .fail(_, let fix), .warn(_, let fix): fix
        case .pass, .skip: nil
        }
    }

    func isWarning(_ verdict: DoctorCheck.Verdict) -> Bool {
        if case .warn = verdict { return true }
        return false
    }

    @Test("Block Public Access: all four switches pass; none, or any switch off, fails naming the switches")
    func publicAccess() {
        let all = S3PublicAccessBlock(
            blockPublicACLs: true, ignorePublicACLs: true, blockPublicPolicy: true, restrictPublicBuckets: true)
        #expect(!DoctorChecks.publicAccessVerdict(all, bucket: "q").isFailure)
        let none = DoctorChecks.publicAccessVerdict(nil, bucket: "q")
        #expect(none.isFailure)
        #expect(fix(none) == DoctorChecks.putPublicAccessBlockCommand(bucket: "q"))
        var partial = all
        partial.blockPublicPolicy = false
        partial.restrictPublicBuckets = false
        let verdict = DoctorChecks.publicAccessVerdict(partial, bucket: "q")
        #expect(verdict.isFailure)
        #expect("\(verdict)".contains("BlockPublicPolicy, RestrictPublicBuckets"))
    }

    @Test("Encryption: SSE-KMS passes naming the key, SSE-S3 warns, none fails; the fix is put-bucket-encryption")
    func encryption() {
        let key = "arn:aws:kms:eu-west-1:123456789012:key/k"
        let kms = DoctorChecks.encryptionVerdict(
            S3BucketEncryption(rules: [.init(algorithm: "aws:kms", kmsMasterKeyID: key, bucketKeyEnabled: true)]),
            bucket: "q")
        guard case .pass(let detail) = kms else {
            Issue.record("expected a pass, got \(kms)")
            return
        }
        #expect(detail.contains(key))
        let managed = DoctorChecks.encryptionVerdict(
            S3BucketEncryption(rules: [.init(algorithm: "aws:kms")]), bucket: "q")
        #expect("\(managed)".contains("aws/s3") && !managed.isFailure)
        let aes = DoctorChecks.encryptionVerdict(S3BucketEncryption(rules: [.init(algorithm: "AES256")]), bucket: "q")
        #expect(isWarning(aes))
        let none = DoctorChecks.encryptionVerdict(nil, bucket: "q")
        #expect(none.isFailure)
        #expect(fix(none)?.hasPrefix("aws s3api put-bucket-encryption --bucket q ") == true)
        #expect(fix(none)?.contains(#""SSEAlgorithm":"aws:kms""#) == true)
    }

    @Test("The lifecycle backstop trails the gateway: abort after 2 days for 24 h, expiration a week past 30 days")
    func backstopRules() {
        #expect(LifecycleBackstop.abortDays(Self.retention) == 2)
        #expect(LifecycleBackstop.abortDays(RetentionConfiguration(multipartAbandonHours: 48)) == 3)
        #expect(LifecycleBackstop.abortDays(RetentionConfiguration(multipartAbandonHours: 30)) == 3)
        let rules = LifecycleBackstop.quarantineRules(Self.retention)
        #expect(rules.map(\.abortIncompleteMultipartUploadDays) == [2, nil])
        #expect(rules.map(\.expirationDays) == [nil, 37])
        #expect(
            LifecycleBackstop.putCommand(bucket: "q", rules: rules)
                == "aws s3api put-bucket-lifecycle-configuration --bucket q --lifecycle-configuration '{\"Rules\":["
                + "{\"ID\":\"abort-incomplete-multipart\",\"Status\":\"Enabled\",\"Filter\":{},"
                + "\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":2}},"
                + "{\"ID\":\"quarantine-backstop\",\"Status\":\"Enabled\",\"Filter\":{},\"Expiration\":{\"Days\":37}}]}'"
        )
    }

    @Test("Quarantine lifecycle: the documented rules pass; missing pieces and early expirations fail")
    func quarantineLifecycle() {
        let verdict = { (rules: [S3LifecycleRule]) in
            LifecycleBackstop.quarantineVerdict(rules, bucket: "q", retention: Self.retention)
        }
        let documented = LifecycleBackstop.quarantineRules(Self.retention)
        #expect("\(verdict(documented))".hasPrefix("pass("))
        let none = verdict([])
        #expect(none.isFailure && fix(none)?.contains("put-bucket-lifecycle-configuration --bucket q") == true)
        let abortOnly = verdict([documented[0]])
        #expect(abortOnly.isFailure && "\(abortOnly)".contains("no enabled expiration"))
        #expect(fix(abortOnly)?.contains("this replaces the bucket's lifecycle rules") == true)
        #expect(verdict([documented[1]]).isFailure, "no abort rule")
        var disabled = documented[0]
        disabled.isEnabled = false
        #expect(verdict([disabled, documented[1]]).isFailure, "a disabled abort rule does not count")
        var scoped = documented[0]
        scoped.filter = .init(prefix: "other/")
        #expect(verdict([scoped, documented[1]]).isFailure, "an abort rule for other keys does not count")
        // The rejected files' 30 days: an expiration at 30 days acts before the gateway.
        let early = verdict([documented[0], S3LifecycleRule(id: "thirty", expirationDays: 30)])
        #expect(early.isFailure && "\(early)".contains("ATTACHE_RETENTION_REJECTED_DAYS=30"))
        let tagged = S3LifecycleRule(
            id: "rejected", filter: .init(tags: [S3Tag(key: "verdict", value: "rejected")]), expirationDays: 10)
        #expect(verdict(documented + [tagged]).isFailure, "a narrower rule that deletes early still fails")
        let soonAbort = verdict([S3LifecycleRule(abortIncompleteMultipartUploadDays: 1), documented[1]])
        #expect(isWarning(soonAbort) && "\(soonAbort)".contains("ATTACHE_MULTIPART_ABANDON_HOURS"))
    }

    @Test("Clean lifecycle: abort and expiration pass, a missing one warns, an expiration before the retention fails")
    func cleanLifecycle() {
        let verdict = { (rules: [S3LifecycleRule]) in
            LifecycleBackstop.cleanVerdict(rules, bucket: "c", retention: Self.retention)
        }
        let documented = LifecycleBackstop.cleanRules(Self.retention)
        #expect(documented.map(\.expirationDays) == [nil, 37])
        #expect("\(verdict(documented))".hasPrefix("pass("))
        let none = verdict([])
        #expect(isWarning(none) && fix(none)?.contains("\"DaysAfterInitiation\":1") == true)
        #expect(fix(none)?.contains("\"Expiration\":{\"Days\":37}") == true)
        let abortOnly = verdict([documented[0]])
        #expect(isWarning(abortOnly) && "\(abortOnly)".contains("no expiration"))
        let early = verdict([documented[0], S3LifecycleRule(id: "month", expirationDays: 30)])
        #expect(early.isFailure && "\(early)".contains("ATTACHE_RETENTION_CLEAN_DAYS=30"))
        #expect("\(verdict([documented[0], S3LifecycleRule(expirationDays: 60)]))".hasPrefix("pass("))
    }

    @Test("Stale-scan takeover: with a 300 s visibility and 900 s staleness the eighth receive takes over")
    func takeoverReceives() {
        #expect(DoctorChecks.receivesBeforeStaleTakeover(visibilityTimeoutSeconds: 300, staleScanSeconds: 900) == 8)
        #expect(DoctorChecks.receivesBeforeStaleTakeover(visibilityTimeoutSeconds: 30, staleScanSeconds: 900) == 9)
        #expect(DoctorChecks.receivesBeforeStaleTakeover(visibilityTimeoutSeconds: 900, staleScanSeconds: 900) == 2)
        #expect(
            DoctorChecks.receivesBeforeStaleTakeover(visibilityTimeoutSeconds: 300, staleScanSeconds: 86_400) < 1_000)
    }

    @Test("Dead-letter queue: a RedrivePolicy with room for the takeover passes; none or too few receives fail")
    func deadLetter() {
        let arn = "arn:aws:sqs:eu-west-1:123456789012:uploads"
        let url = "https://sqs.eu-west-1.amazonaws.com/123456789012/uploads"
        let verdict = { (policy: String?) in
            var attributes = ["QueueArn": arn, "VisibilityTimeout": "300"]
            attributes["RedrivePolicy"] = policy
            return DoctorChecks.deadLetterVerdict(attributes, queueURL: url, staleScanSeconds: 900)
        }
        let ten = #"{"deadLetterTargetArn":"\#(arn)-dlq","maxReceiveCount":"10"}"#
        #expect("\(verdict(ten))".hasPrefix("pass("))
        let none = verdict(nil)
        #expect(none.isFailure)
        #expect(
            fix(none)
                == "aws sqs create-queue --queue-name uploads-dlq --attributes MessageRetentionPeriod=1209600 && "
                + "aws sqs set-queue-attributes --queue-url \(url) --attributes '{\"RedrivePolicy\":\"{\\\"deadLetterTargetArn"
                + "\\\":\\\"\(arn)-dlq\\\",\\\"maxReceiveCount\\\":\\\"10\\\"}\"}' (docs/deploy-aws.md \"2. Queue\")")
        let three = verdict(#"{"deadLetterTargetArn":"\#(arn)-dlq","maxReceiveCount":3}"#)
        #expect(three.isFailure && "\(three)".contains("taken over only at receive 8"))
        #expect(verdict("{}").isFailure)
    }
}
