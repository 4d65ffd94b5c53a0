import AWSClients
import Foundation
import Logging

/// Object-created events from the SQS queue that receives the quarantine bucket's S3
/// notifications.
///
/// Long-polls `ReceiveMessage`, decodes bodies with `S3EventDecoder` (moto's quirks included),
/// and hands out one ``ObjectEventDelivery`` per `ObjectCreated` record. `s3:TestEvent` messages,
/// messages with no `ObjectCreated` record, and bodies that are not S3 events are deleted (and
/// logged) without being handed out. A message is deleted once all its deliveries are
/// acknowledged; when any is retried, its visibility is changed to the retry delay instead, so
/// SQS delivers it again then. While a delivery is worked on, ``ObjectEventDelivery/keepHidden(for:)``
/// extends the message's visibility (the scan worker does so for as long as it scans). Receive errors are retried with a growing pause (1 s doubling to
/// 30 s) and logged once per outage (a warning at the first failure, a notice when receiving
/// resumes); the sequence ends only when the consuming task is cancelled.
public struct SQSEventSource: ObjectEventSource {
    /// The SQS client.
    public let sqs: SQSClient
    /// The queue URL.
    public let queueURL: String
    /// How long one `ReceiveMessage` waits for messages (0…20 s).
    public let waitTime: Duration
    /// Messages per `ReceiveMessage` (1…10).
    public let maxMessages: Int
    /// How long received messages stay hidden, or `nil` for the queue's setting.
    public let visibilityTimeout: Duration?
    let logger: Logger

    /// Creates a source.
    /// - Parameters:
    ///   - sqs: The SQS client.
    ///   - queueURL: The queue receiving the quarantine bucket's events.
    ///   - waitTime: Long-poll duration (default 20 s).
    ///   - maxMessages: Messages per receive (default 10).
    ///   - visibilityTimeout: Hidden time of received messages (default: the queue's).
    ///   - logger: Receives decode problems and receive errors (never message bodies).
    public init(
        sqs: SQSClient,
        queueURL: String,
        waitTime: Duration = .seconds(20),
        maxMessages: Int = 10,
        visibilityTimeout: Duration? = nil,
        logger: Logger = Logger(label: "attache.events.sqs")
    ) {
        self.sqs = sqs
        self.queueURL = queueURL
        self.waitTime = min(max(waitTime, .zero), .seconds(20))
        self.maxMessages = min(max(maxMessages, 1), 10)
        self.visibilityTimeout = visibilityTimeout
        self.logger = logger
    }

    /// The deliveries; see the type's description.
    public func events() -> AnyAsyncSequence<ObjectEventDelivery> {
        AnyAsyncSequence(Deliveries(source: self))
    }

    /// The deliveries one received message yields (empty when it has nothing to process).
    /// - Parameter message: The SQS message.
    /// - Returns: The events, or `nil` when the body is not an S3 event message.
    static func objectEvents(in message: SQSMessage) -> [ObjectCreatedEvent]? {
        guard let decoded = try? S3EventDecoder.decode(message.body) else { return nil }
        switch decoded {
        case .testEvent:
            return []
        case .records(let records):
            return records.filter(\.isObjectCreated).map { record in
                ObjectCreatedEvent(key: record.key, size: record.size ?? 0, etag: record.eTag)
            }
        }
    }

    /// Receives the next batch: the deliveries to hand out. Messages with nothing to process are
    /// deleted here.
    func receiveBatch() async throws -> [ObjectEventDelivery] {
        let messages = try await sqs.receiveMessages(
            queueURL: queueURL,
            maxMessages: maxMessages,
            waitTime: waitTime,
            visibilityTimeout: visibilityTimeout
        )
        var deliveries: [ObjectEventDelivery] = []
        for message in messages {
            let attempt = message.approximateReceiveCount ?? 1
            guard let events = Self.objectEvents(in: message) else {
                logger.error(
                    "deleting an SQS message that is not an S3 event notification",
                    metadata: ["sqs.message_id": "\(message.messageID)"]
                )
                await deleteQuietly(message)
                continue
            }
            guard !events.isEmpty else {
                logger.debug("deleting an S3 test event or a message without ObjectCreated records")
                await deleteQuietly(message)
                continue
            }
            let settlement = MessageSettlement(source: self, receiptHandle: message.receiptHandle, count: events.count)
            for event in events {
                deliveries.append(
                    ObjectEventDelivery(
                        event: event,
                        attempt: attempt,
                        acknowledge: { try await settlement.settle(retryAfter: nil) },
                        retry: { delay in try await settlement.settle(retryAfter: delay) },
                        keepHidden: { duration in try await settlement.keepHidden(for: duration) }
                    )
                )
            }
        }
        return deliveries
    }

    private func deleteQuietly(_ message: SQSMessage) async {
        do {
            try await sqs.deleteMessage(queueURL: queueURL, receiptHandle: message.receiptHandle)
        } catch {
            logger.warning("deleting an SQS message failed", metadata: ["error": "\(error)"])
        }
    }

    /// The sequence behind ``events()``.
    private struct Deliveries: AsyncSequence, Sendable {
        typealias Element = ObjectEventDelivery
        let source: SQSEventSource

        struct AsyncIterator: AsyncIteratorProtocol {
            let source: SQSEventSource
            var pending: [ObjectEventDelivery] = []
            var failures = 0
            var outageStart: ContinuousClock.Instant?

            mutating func next() async -> ObjectEventDelivery? {
                while !Task.isCancelled {
                    if !pending.isEmpty { return pending.removeFirst() }
                    do {
                        pending = try await source.receiveBatch()
                        if let outageStart {
                            source.logger.notice(
                                "receiving from SQS resumed",
                                metadata: [
                                    "failed_receives": "\(failures)", "outage": "\(ContinuousClock.now - outageStart)",
                                ])
                        }
                        failures = 0
                        outageStart = nil
                    } catch {
                        if Task.isCancelled { return nil }
                        failures += 1
                        let pause = RetryBackoff(initial: .seconds(1), maximum: .seconds(30))
                            .delay(afterAttempt: failures)
                        // Once per outage: a queue down for an hour must not log every attempt.
                        if outageStart == nil {
                            outageStart = .now
                            source.logger.warning(
                                "receiving from SQS failed; retrying with backoff until it answers (uploads wait in quarantine)",
                                metadata: ["error": "\(error)", "retry_in": "\(pause)"]
                            )
                        } else {
                            source.logger.debug(
                                "receiving from SQS failed again",
                                metadata: ["error": "\(error)", "attempt": "\(failures)", "retry_in": "\(pause)"])
                        }
                        try? await Task.sleep(for: pause)
                    }
                }
                return nil
            }
        }

        func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(source: source)
        }
    }
}

/// Settles one SQS message once every delivery made from it is settled: deleted when all were
/// acknowledged, made visible again after the shortest requested delay when any was retried.
actor MessageSettlement {
    private let source: SQSEventSource
    private let receiptHandle: String
    private var remaining: Int
    private var retryDelay: Duration?

    init(source: SQSEventSource, receiptHandle: String, count: Int) {
        self.source = source
        self.receiptHandle = receiptHandle
        remaining = count
    }

    /// Records one delivery's settlement; the last one settles the message at SQS.
    func settle(retryAfter delay: Duration?) async throws {
        guard remaining > 0 else { return }
        if let delay { retryDelay = min(retryDelay ?? delay, delay) }
        remaining -= 1
        guard remaining == 0 else { return }
        if let retryDelay {
            try await changeVisibility(to: retryDelay)
        } else {
            try await source.sqs.deleteMessage(queueURL: source.queueURL, receiptHandle: receiptHandle)
        }
    }

    /// Keeps the message hidden for `duration` from now while a delivery from it is worked on;
    /// nothing once the message is settled.
    func keepHidden(for duration: Duration) async throws {
        guard remaining > 0 else { return }
        try await changeVisibility(to: duration)
    }

    /// Sets the message's visibility timeout; SQS counts whole seconds, up to 12 hours.
    private func changeVisibility(to duration: Duration) async throws {
        let seconds = min(max(Int(duration.components.seconds), 0), 43_200)
        try await source.sqs.changeMessageVisibility(
            queueURL: source.queueURL,
            receiptHandle: receiptHandle,
            timeout: .seconds(seconds)
        )
    }
}
