/// Where the scan pipeline gets its object-created events from: SQS in production
/// (``SQSEventSource``), the in-process ``LocalEventQueue`` with the embedded store.
///
/// Every delivery must be settled exactly once, by ``ObjectEventDelivery/acknowledge()`` when
/// the object was processed (or needs no processing), or by
/// ``ObjectEventDelivery/retry(after:)`` when it must come back later (scanner unreachable, say).
/// A delivery never settled comes back on its own after the source's visibility timeout (SQS)
/// or not at all (in-process), so always settle. Work that may outlast the visibility timeout
/// keeps its delivery hidden with ``ObjectEventDelivery/keepHidden(for:)``.
public protocol ObjectEventSource: Sendable {
    /// The deliveries: an endless sequence that finishes when the source is shut down or the
    /// consuming task is cancelled.
    func events() -> AnyAsyncSequence<ObjectEventDelivery>
}

/// One received event, with the means to settle it at its source.
public struct ObjectEventDelivery: Sendable {
    /// The event.
    public let event: ObjectCreatedEvent
    /// How many times this event has been delivered, counting this time (1 on the first).
    public let attempt: Int
    private let onAcknowledge: @Sendable () async throws -> Void
    private let onRetry: @Sendable (Duration) async throws -> Void
    private let onKeepHidden: @Sendable (Duration) async throws -> Void

    /// Creates a delivery.
    /// - Parameters:
    ///   - event: The event.
    ///   - attempt: The delivery count, 1 on the first delivery.
    ///   - acknowledge: Removes the event from its source for good.
    ///   - retry: Hands the event back to its source, to be delivered again after the delay.
    ///   - keepHidden: Keeps the event from being delivered again for the given time from now
    ///     while it is being worked on (a source without redelivery needs nothing).
    public init(
        event: ObjectCreatedEvent,
        attempt: Int = 1,
        acknowledge: @escaping @Sendable () async throws -> Void,
        retry: @escaping @Sendable (Duration) async throws -> Void,
        keepHidden: @escaping @Sendable (Duration) async throws -> Void = { _ in }
    ) {
        self.event = event
        self.attempt = attempt
        self.onAcknowledge = acknowledge
        self.onRetry = retry
        self.onKeepHidden = keepHidden
    }

    /// Settles the delivery as done: the source forgets the event.
    /// - Throws: Whatever the source throws (an SQS error, for instance).
    public func acknowledge() async throws {
        try await onAcknowledge()
    }

    /// Settles the delivery as failed for now: the source delivers the event again after
    /// `delay`.
    /// - Parameter delay: How long to wait before the next delivery.
    /// - Throws: Whatever the source throws (an SQS error, for instance).
    public func retry(after delay: Duration) async throws {
        try await onRetry(delay)
    }

    /// Keeps the event from being delivered again (to this or another worker) for `duration`
    /// from now, while it is still being worked on: for SQS, the message's visibility timeout is
    /// set to `duration` (whole seconds, at most 12 hours). Does not settle the delivery.
    /// - Throws: Whatever the source throws (an SQS error, for instance).
    public func keepHidden(for duration: Duration) async throws {
        try await onKeepHidden(duration)
    }
}
