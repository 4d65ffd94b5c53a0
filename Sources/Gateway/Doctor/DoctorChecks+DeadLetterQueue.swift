import AWSClients
import Foundation

extension DoctorChecks {
    /// The smallest `maxReceiveCount` the fix suggests (docs/deploy-aws.md's value).
    static let documentedMaxReceiveCount = 10

    /// How many receives a message has had when a scan whose replica died is taken over: the
    /// dead replica's receive hides the message for the queue's visibility timeout, every later
    /// receive finds the scan still fresh and retries after the worker's backoff, until one
    /// finds it older than `staleScanSeconds` (`ATTACHE_STALE_SCAN_SECONDS`).
    static func receivesBeforeStaleTakeover(
        visibilityTimeoutSeconds: Int, staleScanSeconds: Int, backoff: RetryBackoff = RetryBackoff()
    ) -> Int {
        var receives = 1
        var elapsed = Double(max(visibilityTimeoutSeconds, 0))
        while receives < 1_000 {
            receives += 1
            if elapsed >= Double(staleScanSeconds) { return receives }
            let delay = backoff.delay(afterAttempt: receives).components
            elapsed += Double(delay.seconds) + Double(delay.attoseconds) / 1e18
        }
        return receives
    }

    /// The commands that create a dead-letter queue next to `queueURL` and attach it.
    static func redriveCommand(queueURL: String, queueARN: String, maxReceiveCount: Int) -> String {
        let name = queueARN.split(separator: ":").last.map(String.init) ?? "QUEUE"
        let policy = SQSRedrivePolicy(deadLetterTargetARN: queueARN + "-dlq", maxReceiveCount: maxReceiveCount)
        let escaped = policy.attributeValue.replacingOccurrences(of: "\"", with: "\\\"")
        return "aws sqs create-queue --queue-name \(name)-dlq --attributes MessageRetentionPeriod=1209600 && "
            + "aws sqs set-queue-attributes --queue-url \(queueURL) --attributes "
            + "'{\"RedrivePolicy\":\"\(escaped)\"}' (docs/deploy-aws.md \"2. Queue\")"
    }

    /// With a queue: it has a dead-letter queue (`RedrivePolicy`), and its `maxReceiveCount`
    /// leaves room for the stale-scan takeover. Absent without a queue (the queue check says why).
    static func deadLetterQueueCheck(_ configuration: GatewayConfiguration, aws: AWSServices?) -> DoctorCheck? {
        guard let queueURL = configuration.queueURL, let sqs = aws?.sqs else { return nil }
        return DoctorCheck(name: "dead-letter queue", fixForError: "check the sqs:GetQueueAttributes permission") {
            let attributes = try await sqs.getQueueAttributes(
                queueURL: queueURL, names: ["QueueArn", "VisibilityTimeout", SQSRedrivePolicy.attributeName])
            return deadLetterVerdict(
                attributes, queueURL: queueURL, staleScanSeconds: configuration.staleScanSeconds)
        }
    }

    /// The verdict for a queue's attributes (`QueueArn`, `VisibilityTimeout`, `RedrivePolicy`).
    static func deadLetterVerdict(
        _ attributes: [String: String], queueURL: String, staleScanSeconds: Int
    ) -> DoctorCheck.Verdict {
        let queueARN = attributes["QueueArn"] ?? "QUEUE_ARN"
        let visibility = attributes["VisibilityTimeout"].flatMap { Int($0) } ?? 30
        let needed = receivesBeforeStaleTakeover(
            visibilityTimeoutSeconds: visibility, staleScanSeconds: staleScanSeconds)
        let fix = redriveCommand(
            queueURL: queueURL, queueARN: queueARN, maxReceiveCount: max(documentedMaxReceiveCount, needed + 2))
        guard let raw = attributes[SQSRedrivePolicy.attributeName], !raw.isEmpty else {
            return .fail(
                "\(queueARN) has no dead-letter queue (no RedrivePolicy): a message that can never be handled "
                    + "is received again and again, and nothing shows it",
                fix: fix)
        }
        let policy: SQSRedrivePolicy
        do {
            policy = try SQSRedrivePolicy(attributeValue: raw)
        } catch {
            return .fail("\(queueARN)'s RedrivePolicy is unreadable: \(error)", fix: fix)
        }
        guard policy.maxReceiveCount >= needed else {
            return .fail(
                "\(queueARN) moves messages to \(policy.deadLetterTargetARN) after \(policy.maxReceiveCount) receives, "
                    + "but a scan whose replica died is taken over only at receive \(needed) (VisibilityTimeout "
                    + "\(visibility) s, ATTACHE_STALE_SCAN_SECONDS \(staleScanSeconds)): such files would go "
                    + "to the dead-letter queue unscanned",
                fix: fix)
        }
        return .pass(
            "\(queueARN) moves a message to \(policy.deadLetterTargetARN) after \(policy.maxReceiveCount) receives "
                + "(a dead replica's scan is taken over by receive \(needed))")
    }
}
