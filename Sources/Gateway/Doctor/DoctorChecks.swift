import AWSClients
import AWSSigning
import Clamd

/// The checks `attache doctor` runs for a configuration: each dependency the gateway will use,
/// checked against reality, with the fix when it fails.
public enum DoctorChecks {
    /// The checks for `runtime`'s configuration, in the order they are printed.
    public static func make(runtime: GatewayRuntime) -> [DoctorCheck] {
        let configuration = runtime.configuration
        var checks: [DoctorCheck] = [
            DoctorCheck(name: "configuration", fixForError: "") {
                .pass(
                    "store=\(configuration.store) database=\(configuration.database) region=\(configuration.aws.region)"
                )
            },
            DoctorCheck(name: "database", fixForError: "check ATTACHE_DATABASE_URL and that its directory is writable")
            {
                .pass(try await runtime.database.ping())
            },
        ]
        checks += objectStoreChecks(configuration, aws: runtime.aws)
        checks.append(queueCheck(configuration, aws: runtime.aws))
        if let deadLetter = deadLetterQueueCheck(configuration, aws: runtime.aws) { checks.append(deadLetter) }
        checks.append(scannerCheck(configuration, clamd: runtime.clamd))
        return checks
    }

    static func objectStoreChecks(_ configuration: GatewayConfiguration, aws: AWSServices?) -> [DoctorCheck] {
        guard case .s3 = configuration.store, let aws,
            let quarantine = configuration.quarantineBucket, let clean = configuration.cleanBucket
        else {
            guard case .local(let path) = configuration.store else { return [] }
            return [
                DoctorCheck(name: "object store", fixForError: "make \(path) writable or set ATTACHE_STORE") {
                    .pass(try LocalStoreProbe.check(root: path) + " (embedded store, development only)")
                }
            ]
        }
        var checks = [
            DoctorCheck(
                name: "AWS credentials",
                fixForError:
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with an instance/task role"
            ) {
                let credentials = try await aws.credentials.credentials()
                let suffix = credentials.accessKeyID.suffix(4)
                return .pass("access key …\(suffix)\(credentials.sessionToken == nil ? "" : " (temporary)")")
            }
        ]
        for (role, bucket) in [("quarantine bucket", quarantine), ("clean bucket", clean)] {
            checks.append(bucketCheck(role: role, bucket: bucket, s3: aws.s3))
        }
        for (area, bucket) in [("quarantine", quarantine), ("clean", clean)] {
            checks.append(encryptionCheck(area: area, bucket: bucket, s3: aws.s3))
        }
        checks.append(quarantineLifecycleCheck(configuration, bucket: quarantine, s3: aws.s3))
        checks.append(cleanLifecycleCheck(configuration, bucket: clean, s3: aws.s3))
        checks.append(notificationCheck(configuration, bucket: quarantine, aws: aws))
        if let cors = guestUploadCORSCheck(configuration, s3: aws.s3) { checks.append(cors) }
        return checks
    }

    /// The command that turns all four Block Public Access switches on.
    static func putPublicAccessBlockCommand(bucket: String) -> String {
        "aws s3api put-public-access-block --bucket \(bucket) --public-access-block-configuration "
            + "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"
    }

    static func bucketCheck(role: String, bucket: String, s3: S3Client) -> DoctorCheck {
        DoctorCheck(name: role, fixForError: "create the bucket \(bucket) (private) or fix the bucket name") {
            try await s3.headBucket(bucket)
            let acl = try await s3.getBucketACL(bucket)
            if acl.grantsPublicAccess {
                return .fail(
                    "\(bucket) exists but its ACL grants public access",
                    fix: "remove the AllUsers/AuthenticatedUsers grants and enable Block Public Access: "
                        + putPublicAccessBlockCommand(bucket: bucket)
                )
            }
            return publicAccessVerdict(try await s3.getPublicAccessBlock(bucket), bucket: bucket)
        }
    }

    /// The verdict for a bucket whose ACL is private: all four Block Public Access switches on
    /// passes; none configured or any switch off fails (a policy or ACL could then make it public).
    static func publicAccessVerdict(_ block: S3PublicAccessBlock?, bucket: String) -> DoctorCheck.Verdict {
        guard let block else {
            return .fail(
                "\(bucket) exists and its ACL is private, but it has no Block Public Access configuration "
                    + "(the account-wide setting is not consulted; the bucket's own makes it explicit)",
                fix: putPublicAccessBlockCommand(bucket: bucket))
        }
        let off = [
            ("BlockPublicAcls", block.blockPublicACLs), ("IgnorePublicAcls", block.ignorePublicACLs),
            ("BlockPublicPolicy", block.blockPublicPolicy), ("RestrictPublicBuckets", block.restrictPublicBuckets),
        ].filter { !$0.1 }.map(\.0)
        guard off.isEmpty else {
            return .fail(
                "\(bucket) exists and its ACL is private, but Block Public Access is off for "
                    + off.joined(separator: ", "),
                fix: putPublicAccessBlockCommand(bucket: bucket))
        }
        return .pass("\(bucket) exists and is private (all four Block Public Access switches on)")
    }

    static func notificationCheck(
        _ configuration: GatewayConfiguration, bucket: String, aws: AWSServices
    ) -> DoctorCheck {
        DoctorCheck(name: "bucket → queue events", fixForError: "check s3:GetBucketNotification permission") {
            guard let queueURL = configuration.queueURL else {
                return .fail(
                    "no ATTACHE_QUEUE_URL, so nothing receives \(bucket)'s events", fix: "set ATTACHE_QUEUE_URL")
            }
            let queueARN = try await aws.sqs.queueARN(queueURL: queueURL)
            let notifications = try await aws.s3.getBucketNotificationConfiguration(bucket)
            let created = notifications.queues.filter { $0.queueARN == queueARN }.flatMap(\.events)
            let coversPut = created.contains { ["s3:ObjectCreated:*", "s3:ObjectCreated:Put"].contains($0) }
            let coversMultipart = created.contains {
                ["s3:ObjectCreated:*", "s3:ObjectCreated:CompleteMultipartUpload"].contains($0)
            }
            if coversPut && coversMultipart {
                return .pass("\(bucket) sends ObjectCreated events to \(queueARN)")
            }
            let fix =
                "aws s3api put-bucket-notification-configuration --bucket \(bucket) --notification-configuration "
                + "'{\"QueueConfigurations\":[{\"QueueArn\":\"\(queueARN)\",\"Events\":[\"s3:ObjectCreated:*\"]}]}'"
            let found = created.isEmpty ? "no events go to \(queueARN)" : "only \(created.joined(separator: ", "))"
            return .fail("\(bucket): \(found)", fix: fix)
        }
    }

    static func queueCheck(_ configuration: GatewayConfiguration, aws: AWSServices?) -> DoctorCheck {
        DoctorCheck(name: "queue", fixForError: "check ATTACHE_QUEUE_URL and the sqs:GetQueueAttributes permission") {
            guard let queueURL = configuration.queueURL, let sqs = aws?.sqs else {
                if configuration.store == .s3 {
                    return .fail(
                        "no queue configured",
                        fix: "set ATTACHE_QUEUE_URL to the queue of the quarantine bucket's events")
                }
                return .skip("no queue needed with the embedded store")
            }
            let attributes = try await sqs.getQueueAttributes(queueURL: queueURL, names: ["QueueArn"])
            return .pass("\(attributes["QueueArn"] ?? queueURL) reachable")
        }
    }

    static func scannerCheck(_ configuration: GatewayConfiguration, clamd: ClamdClient?) -> DoctorCheck {
        let fix = "start clamd or set ATTACHE_CLAMD to its address (tcp://HOST:PORT or unix:PATH)"
        return DoctorCheck(name: "scanner", fixForError: fix) {
            guard let clamd else {
                let detail = "built-in policy scanner: NOT an antivirus"
                if configuration.store == .s3 { return .fail(detail, fix: fix) }
                return .warn(detail + " (fine for development)", fix: fix)
            }
            try await clamd.ping()
            return .pass("clamd at \(clamd.address) answers: \(try await clamd.version())")
        }
    }
}
