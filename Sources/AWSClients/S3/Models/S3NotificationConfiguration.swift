/// A bucket's event notification configuration (the queue part; topic and Lambda
/// configurations are counted but not modelled).
public struct S3NotificationConfiguration: Sendable, Equatable {
    /// The SQS destinations.
    public var queues: [S3QueueConfiguration]
    /// How many SNS topic configurations the bucket has.
    public var topicConfigurationCount: Int
    /// How many Lambda function configurations the bucket has.
    public var lambdaConfigurationCount: Int
    /// Whether EventBridge delivery is on.
    public var eventBridgeEnabled: Bool

    /// Creates a configuration with queue destinations only.
    public init(
        queues: [S3QueueConfiguration],
        topicConfigurationCount: Int = 0,
        lambdaConfigurationCount: Int = 0,
        eventBridgeEnabled: Bool = false
    ) {
        self.queues = queues
        self.topicConfigurationCount = topicConfigurationCount
        self.lambdaConfigurationCount = lambdaConfigurationCount
        self.eventBridgeEnabled = eventBridgeEnabled
    }
}

/// One SQS destination of a bucket's notifications.
public struct S3QueueConfiguration: Sendable, Hashable {
    /// The configuration id.
    public var id: String?
    /// The queue ARN, e.g. `arn:aws:sqs:us-east-1:123456789012:quarantine-events`.
    public var queueARN: String
    /// The events, e.g. `s3:ObjectCreated:*`.
    public var events: [String]
    /// Key filter rules.
    public var filterRules: [S3FilterRule]

    /// Creates a queue destination.
    public init(id: String? = nil, queueARN: String, events: [String], filterRules: [S3FilterRule] = []) {
        self.id = id
        self.queueARN = queueARN
        self.events = events
        self.filterRules = filterRules
    }
}

/// A key filter rule: `prefix` or `suffix` and a value.
public struct S3FilterRule: Sendable, Hashable {
    /// `prefix` or `suffix` (S3 accepts either case).
    public var name: String
    /// The value to match.
    public var value: String

    /// Creates a rule.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// A key-prefix rule.
    public static func prefix(_ value: String) -> S3FilterRule { S3FilterRule(name: "prefix", value: value) }

    /// A key-suffix rule.
    public static func suffix(_ value: String) -> S3FilterRule { S3FilterRule(name: "suffix", value: value) }
}
