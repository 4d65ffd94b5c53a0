/// When ``SQLiteCheckpointer`` may try its next `RESTART` checkpoint: at once while they
/// succeed; after one gave up (busy: a long reader, or the writer held the lock too long), after
/// twice the previous pause, from one checkpoint interval up to ``longest``.
struct RestartBackoff: Sendable {
    /// What a pass did about restarting the log.
    enum Outcome: Sendable, Equatable {
        /// The log was short enough, or a restart was not allowed yet.
        case notTried
        /// The log was copied back whole and will start again at the next write.
        case restarted
        /// The restart gave up waiting.
        case busy
    }

    /// The longest pause between two attempts.
    static let longest = Duration.seconds(8)

    private let pauses: RetryBackoff
    private var busyInARow = 0
    private var next: ContinuousClock.Instant?

    /// Creates the schedule of a checkpointer passing every `interval`.
    init(interval: Duration) {
        pauses = RetryBackoff(initial: interval, maximum: Self.longest)
    }

    /// Whether a pass at `now` may end with a `RESTART`.
    func allows(at now: ContinuousClock.Instant) -> Bool {
        guard let next else { return true }
        return now >= next
    }

    /// Takes a pass's outcome into account.
    mutating func record(_ outcome: Outcome, at now: ContinuousClock.Instant) {
        switch outcome {
        case .notTried:
            return
        case .restarted:
            busyInARow = 0
            next = nil
        case .busy:
            busyInARow += 1
            next = now + pauses.delay(afterAttempt: busyInARow)
        }
    }
}
