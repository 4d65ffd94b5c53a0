/// Whether the scanner could scan the last time the worker asked, so that during an outage the
/// worker stops taking events instead of taking each one, failing it and handing it back.
///
/// Taking an event the scanner cannot scan only spends one of its deliveries: with SQS every
/// receive counts toward the queue's `maxReceiveCount`, and a long enough outage would move
/// events to the dead-letter queue with their files never scanned. While the scanner is down
/// the worker leaves events where they are (in the queue, not received) and probes the scanner
/// instead; the first answer ends the outage.
actor ScannerAvailability {
    /// Since when, and why, the scanner has been unavailable; `nil` while it answers.
    private(set) var outage: (since: ContinuousClock.Instant, reason: String)?

    /// Whether the scanner is known to be unavailable.
    var isDown: Bool { outage != nil }

    /// Records that the scanner could not scan.
    /// - Returns: `true` when this starts an outage (the first failure after an answer).
    func failed(_ reason: String) -> Bool {
        guard outage == nil else { return false }
        outage = (ContinuousClock.now, reason)
        return true
    }

    /// Records that the scanner answered.
    /// - Returns: How long the outage this ends lasted, or `nil` when there was none.
    func answered() -> Duration? {
        defer { outage = nil }
        return outage.map { ContinuousClock.now - $0.since }
    }
}
