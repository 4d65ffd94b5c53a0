/// The embedded store's in-process event channel: what SQS is to S3.
///
/// ``publish(_:)`` enqueues an event; every iterator of ``events()`` takes the next ready
/// delivery, so several consumers share the work. A delivery settled with
/// ``ObjectEventDelivery/retry(after:)`` comes back after the delay with its attempt count
/// incremented; one settled with ``ObjectEventDelivery/acknowledge()`` is gone. Iteration ends
/// after ``finish()`` once nothing is ready, or when the consuming task is cancelled.
/// Events live in memory only: a restart loses what was not processed (development only).
public actor LocalEventQueue: ObjectEventSource {
    private struct Entry: Sendable {
        var id: UInt64
        var event: ObjectCreatedEvent
        var attempt: Int
    }

    private enum Waiter {
        case pending
        case parked(CheckedContinuation<Void, Never>)
    }

    private var ready: [Entry] = []
    private var delayed: [(due: ContinuousClock.Instant, entry: Entry)] = []
    private var inFlight: [UInt64: Entry] = [:]
    private var waiters: [UInt64: Waiter] = [:]
    private var nextID: UInt64 = 0
    private var finished = false

    /// Creates an empty queue.
    public init() {}

    /// Enqueues an event for the consumers.
    /// - Parameter event: The object-created event.
    public func publish(_ event: ObjectCreatedEvent) {
        nextID += 1
        ready.append(Entry(id: nextID, event: event, attempt: 1))
        wakeAll()
    }

    /// Ends iteration: iterators return `nil` once no ready event remains. Delayed retries
    /// are dropped.
    public func finish() {
        finished = true
        delayed.removeAll()
        wakeAll()
    }

    /// Events waiting to be delivered, now or after a retry delay.
    public var pendingCount: Int { ready.count + delayed.count }

    /// Deliveries handed out and not yet settled.
    public var inFlightCount: Int { inFlight.count }

    /// The deliveries, shared among all iterators; see the type's description.
    public nonisolated func events() -> AnyAsyncSequence<ObjectEventDelivery> {
        AnyAsyncSequence(Deliveries(queue: self))
    }

    /// Waits for and hands out the next ready delivery; `nil` when finished or cancelled.
    func next() async -> ObjectEventDelivery? {
        while !Task.isCancelled {
            moveDueRetries(now: .now)
            if !ready.isEmpty {
                let entry = ready.removeFirst()
                inFlight[entry.id] = entry
                return delivery(for: entry)
            }
            if finished { return nil }
            await waitForWork(until: delayed.map(\.due).min())
        }
        return nil
    }

    private func delivery(for entry: Entry) -> ObjectEventDelivery {
        ObjectEventDelivery(
            event: entry.event,
            attempt: entry.attempt,
            acknowledge: { [id = entry.id] in await self.acknowledge(id) },
            retry: { [id = entry.id] delay in await self.retry(id, after: delay) }
        )
    }

    private func acknowledge(_ id: UInt64) {
        inFlight[id] = nil
    }

    private func retry(_ id: UInt64, after delay: Duration) {
        guard var entry = inFlight.removeValue(forKey: id), !finished else { return }
        entry.attempt += 1
        delayed.append((due: .now + max(delay, .zero), entry: entry))
        wakeAll()
    }

    private func moveDueRetries(now: ContinuousClock.Instant) {
        guard !delayed.isEmpty else { return }
        let due = delayed.filter { $0.due <= now }.sorted { $0.due < $1.due }
        guard !due.isEmpty else { return }
        delayed.removeAll { $0.due <= now }
        ready.append(contentsOf: due.map(\.entry))
    }

    /// Suspends until new work is signalled, the deadline passes, or the task is cancelled.
    private func waitForWork(until deadline: ContinuousClock.Instant?) async {
        nextID += 1
        let waiterID = nextID
        waiters[waiterID] = .pending
        // Without a deadline, the timer child only ends through cancellation.
        let wakeAt = deadline ?? .now + .seconds(86_400)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.park(waiterID) }
            group.addTask {
                try? await Task.sleep(until: wakeAt, clock: .continuous)
                await self.wake(waiterID)
            }
            _ = await group.next()
            group.cancelAll()
            wake(waiterID)
        }
    }

    private func park(_ waiterID: UInt64) async {
        guard case .pending = waiters[waiterID] else { return }
        await withCheckedContinuation { continuation in
            waiters[waiterID] = .parked(continuation)
        }
    }

    private func wake(_ waiterID: UInt64) {
        if case .parked(let continuation) = waiters.removeValue(forKey: waiterID) {
            continuation.resume()
        }
    }

    private func wakeAll() {
        for waiterID in Array(waiters.keys) { wake(waiterID) }
    }

    /// The sequence behind ``events()``.
    private struct Deliveries: AsyncSequence, Sendable {
        typealias Element = ObjectEventDelivery
        let queue: LocalEventQueue

        struct AsyncIterator: AsyncIteratorProtocol {
            let queue: LocalEventQueue
            mutating func next() async -> ObjectEventDelivery? {
                await queue.next()
            }
        }

        func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(queue: queue)
        }
    }
}
