import AWSClients

/// The S3 lifecycle rules that back the gateway's own retention up (docs/deploy-aws.md,
/// "1. Buckets"): they act only where the gateway did not, so each acts later than the gateway.
public enum LifecycleBackstop {
    /// Days by which the quarantine expiration trails the longest quarantine retention.
    public static let expirationMarginDays = 7

    /// The key prefix of every object the gateway writes.
    static let keyPrefix = UploadRecord.objectKey(forFileId: "")

    /// Days after which S3 aborts an incomplete multipart upload: the first whole day after the
    /// gateway's own abort (`ATTACHE_MULTIPART_ABANDON_HOURS`, default 24 h → 2 days).
    public static func abortDays(_ retention: RetentionConfiguration) -> Int {
        (retention.multipartAbandonHours + 23) / 24 + 1
    }

    /// The longest the gateway keeps an object in quarantine: leftovers
    /// (`ATTACHE_RETENTION_QUARANTINE_DAYS`) or rejected files (`ATTACHE_RETENTION_REJECTED_DAYS`).
    public static func quarantineRetentionDays(_ retention: RetentionConfiguration) -> Int {
        max(retention.quarantineDays, retention.rejectedDays)
    }

    /// The longest the gateway keeps a clean file (`ATTACHE_RETENTION_CLEAN_DAYS`,
    /// `ATTACHE_RETENTION_UNCLAIMED_DAYS`).
    public static func cleanRetentionDays(_ retention: RetentionConfiguration) -> Int {
        max(retention.cleanDays, retention.unclaimedDays)
    }

    /// The quarantine bucket's rules: abort incomplete multipart uploads after ``abortDays(_:)``,
    /// expire objects ``expirationMarginDays`` after ``quarantineRetentionDays(_:)``.
    public static func quarantineRules(_ retention: RetentionConfiguration) -> [S3LifecycleRule] {
        [
            S3LifecycleRule(id: "abort-incomplete-multipart", abortIncompleteMultipartUploadDays: abortDays(retention)),
            S3LifecycleRule(
                id: "quarantine-backstop",
                expirationDays: quarantineRetentionDays(retention) + expirationMarginDays),
        ]
    }

    /// The clean bucket's rules: abort incomplete multipart uploads after a day (hygiene: the
    /// gateway only copies into this bucket), expire objects ``expirationMarginDays`` after
    /// ``cleanRetentionDays(_:)`` (the last resort for a file the gateway missed, such as an
    /// erasure racing a promotion).
    public static func cleanRules(_ retention: RetentionConfiguration) -> [S3LifecycleRule] {
        [
            S3LifecycleRule(id: "abort-incomplete-multipart", abortIncompleteMultipartUploadDays: 1),
            S3LifecycleRule(id: "clean-backstop", expirationDays: cleanRetentionDays(retention) + expirationMarginDays),
        ]
    }

    /// The `aws s3api put-bucket-lifecycle-configuration` command that installs `rules`.
    public static func putCommand(bucket: String, rules: [S3LifecycleRule]) -> String {
        let json = rules.map { rule in
            var fields = ["\"ID\":\"\(rule.id ?? "")\"", "\"Status\":\"Enabled\"", "\"Filter\":{}"]
            if let days = rule.abortIncompleteMultipartUploadDays {
                fields.append("\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":\(days)}")
            }
            if let days = rule.expirationDays { fields.append("\"Expiration\":{\"Days\":\(days)}") }
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "aws s3api put-bucket-lifecycle-configuration --bucket \(bucket) --lifecycle-configuration "
            + "'{\"Rules\":[\(json.joined(separator: ","))]}'"
    }

    /// An enabled rule that expires some of the gateway's objects earlier than `days` after
    /// creation, or on a fixed date.
    static func earlyExpiration(_ rules: [S3LifecycleRule], notAfter days: Int) -> S3LifecycleRule? {
        rules.first { rule in
            guard rule.isEnabled, rule.filter.prefix.hasPrefix(keyPrefix) || keyPrefix.hasPrefix(rule.filter.prefix)
            else { return false }
            return rule.expirationDate != nil || (rule.expirationDays.map { $0 <= days } ?? false)
        }
    }

    /// How a rule expires objects, for messages.
    static func describeExpiration(_ rule: S3LifecycleRule) -> String {
        let name = rule.id.map { "rule \"\($0)\"" } ?? "a rule"
        if let date = rule.expirationDate { return "\(name) expires objects on \(date)" }
        return "\(name) expires objects \(rule.expirationDays ?? 0) days after creation"
    }

    /// The quarantine bucket's verdict: an abort rule and an expiration for every key, both
    /// later than the gateway's own (a warning when the abort comes first), none earlier.
    static func quarantineVerdict(
        _ rules: [S3LifecycleRule], bucket: String, retention: RetentionConfiguration
    ) -> DoctorCheck.Verdict {
        let replaces = rules.isEmpty ? "" : " (this replaces the bucket's lifecycle rules: merge any you need to keep)"
        let fix = putCommand(bucket: bucket, rules: quarantineRules(retention)) + replaces
        guard !rules.isEmpty else {
            return .fail(
                "\(bucket) has no lifecycle configuration: if the gateway stops sweeping, abandoned multipart "
                    + "uploads and leftovers stay in quarantine for good",
                fix: fix)
        }
        let covering = rules.filter { $0.applies(toKeysWithPrefix: keyPrefix) }
        guard let abort = covering.compactMap(\.abortIncompleteMultipartUploadDays).min() else {
            return .fail(
                "\(bucket) has no enabled AbortIncompleteMultipartUpload rule for every key: multipart uploads "
                    + "the gateway misses stay (and are billed) for good",
                fix: fix)
        }
        let longest = quarantineRetentionDays(retention)
        if let early = earlyExpiration(rules, notAfter: longest) {
            return .fail(
                "\(bucket): \(describeExpiration(early)), not after the gateway's \(longest)-day retention "
                    + "(ATTACHE_RETENTION_QUARANTINE_DAYS=\(retention.quarantineDays), "
                    + "ATTACHE_RETENTION_REJECTED_DAYS=\(retention.rejectedDays)): S3 would delete files before "
                    + "the gateway does, without an audit entry",
                fix: fix)
        }
        guard let expiration = covering.compactMap(\.expirationDays).min() else {
            return .fail(
                "\(bucket) has no enabled expiration for every key: leftovers stay in quarantine for good "
                    + "if the gateway stops sweeping",
                fix: fix)
        }
        let hours = retention.multipartAbandonHours
        if abort * 24 <= hours {
            return .warn(
                "\(bucket) aborts multipart uploads \(abort) days after initiation, before the gateway's own "
                    + "abort at \(hours) h (ATTACHE_MULTIPART_ABANDON_HOURS), which expires the ticket and audits it",
                fix: fix)
        }
        return .pass(
            "\(bucket) aborts incomplete multipart uploads after \(abort) d (gateway: \(hours) h) and expires "
                + "objects after \(expiration) d (gateway: \(longest) d)")
    }

    /// The clean bucket's verdict: no expiration earlier than the gateway's clean retention
    /// (failure); the abort rule and the expiration of ``cleanRules(_:)`` (a warning when missing:
    /// the gateway deletes clean files itself and never starts multipart uploads in this bucket).
    static func cleanVerdict(
        _ rules: [S3LifecycleRule], bucket: String, retention: RetentionConfiguration
    ) -> DoctorCheck.Verdict {
        let replaces = rules.isEmpty ? "" : " (this replaces the bucket's lifecycle rules: merge any you need to keep)"
        let fix = putCommand(bucket: bucket, rules: cleanRules(retention)) + replaces
        let longest = cleanRetentionDays(retention)
        if let early = earlyExpiration(rules, notAfter: longest) {
            return .fail(
                "\(bucket): \(describeExpiration(early)), not after the gateway's \(longest)-day retention "
                    + "(ATTACHE_RETENTION_CLEAN_DAYS=\(retention.cleanDays), "
                    + "ATTACHE_RETENTION_UNCLAIMED_DAYS=\(retention.unclaimedDays)): agents' files would vanish "
                    + "early, without an audit entry",
                fix: fix)
        }
        guard !rules.isEmpty else {
            return .warn(
                "\(bucket) has no lifecycle configuration: nothing removes a clean file the gateway missed",
                fix: fix)
        }
        let covering = rules.filter { $0.applies(toKeysWithPrefix: keyPrefix) }
        let abort = covering.compactMap(\.abortIncompleteMultipartUploadDays).min()
        let expiration = covering.compactMap(\.expirationDays).min()
        guard let abort, let expiration else {
            let missing = abort == nil ? "no AbortIncompleteMultipartUpload rule" : "no expiration"
            return .warn(
                "\(bucket) has \(missing) for every key (docs/deploy-aws.md \"1. Buckets\" sets one)", fix: fix)
        }
        return .pass(
            "\(bucket) aborts incomplete multipart uploads after \(abort) d and expires objects after "
                + "\(expiration) d (gateway: \(longest) d)")
    }
}

extension DoctorChecks {
    /// The quarantine bucket's lifecycle rules against ``LifecycleBackstop``.
    static func quarantineLifecycleCheck(
        _ configuration: GatewayConfiguration, bucket: String, s3: S3Client
    ) -> DoctorCheck {
        DoctorCheck(name: "quarantine lifecycle", fixForError: "check the s3:GetLifecycleConfiguration permission") {
            LifecycleBackstop.quarantineVerdict(
                try await s3.getBucketLifecycleConfiguration(bucket), bucket: bucket,
                retention: configuration.retention)
        }
    }

    /// The clean bucket's lifecycle rules against ``LifecycleBackstop``.
    static func cleanLifecycleCheck(_ configuration: GatewayConfiguration, bucket: String, s3: S3Client) -> DoctorCheck
    {
        DoctorCheck(name: "clean lifecycle", fixForError: "check the s3:GetLifecycleConfiguration permission") {
            LifecycleBackstop.cleanVerdict(
                try await s3.getBucketLifecycleConfiguration(bucket), bucket: bucket,
                retention: configuration.retention)
        }
    }
}
