/// Tells followers of a file (the SSE route) that its state may have changed.
///
/// Carries no state itself: subscribers re-read the store on each signal, so the store stays
/// the single source of truth. The pipeline calls ``publish(fileId:)`` after each transition
/// (or wraps its store in an ``ObservedUploadStateStore`` observed by it).
public actor UploadStateBroadcaster {
    private var subscribers: [String: [Int: AsyncStream<Void>.Continuation]] = [:]
    private var nextID = 0

    /// Creates a broadcaster.
    public init() {}

    /// A stream that yields whenever `fileId` may have changed; ends when the subscriber stops.
    public func subscribe(fileId: String) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = nextID
        nextID += 1
        subscribers[fileId, default: [:]][id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(fileId: fileId, id: id) }
        }
        return stream
    }

    /// Signals the followers of `fileId`.
    public func publish(fileId: String) {
        subscribers[fileId]?.values.forEach { $0.yield() }
    }

    /// How many subscriptions are open (for tests and metrics).
    public var subscriptionCount: Int { subscribers.values.reduce(0) { $0 + $1.count } }

    private func remove(fileId: String, id: Int) {
        subscribers[fileId]?[id] = nil
        if subscribers[fileId]?.isEmpty == true { subscribers[fileId] = nil }
    }
}
