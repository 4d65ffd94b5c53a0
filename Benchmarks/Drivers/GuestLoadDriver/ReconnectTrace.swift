import GuestClient
import Synchronization
import WebMessaging

/// What one ``GuestSession`` of the `reconnect` figure reported, each event with the instant the
/// driver saw it; and the texts it queued.
final class ReconnectTrace: Sendable {
    /// One timestamped event of interest.
    enum Mark: Sendable {
        case connecting
        case waiting(delayMs: Double)
        case connected(newSession: Bool)
        case delivered(String)
        case echoed(text: String, messageId: String)
        case gaveUp(String)
    }

    struct State: Sendable {
        var marks: [(ContinuousClock.Instant, Mark)] = []
        var next = 0
        var queued: [(text: String, id: String, at: ContinuousClock.Instant)] = []
        var failure: String?
        /// The last `connected`, and the first `delivered` after it: a cheap "resumed" check.
        var connectedAt: ContinuousClock.Instant?
        var firstDeliveredAfterConnect: ContinuousClock.Instant?
    }

    let index: Int
    let state = Mutex(State())

    init(index: Int) {
        self.index = index
    }

    /// The next message text of this session ("rc <session> <number>"), recorded once queued.
    func nextText() -> String {
        state.withLock { state in
            defer { state.next += 1 }
            return "rc \(index) \(state.next)"
        }
    }

    func queued(_ text: String, id: String) {
        let now = ContinuousClock.now
        state.withLock { $0.queued.append((text, id, now)) }
    }

    func fail(_ reason: String) {
        state.withLock { if $0.failure == nil { $0.failure = String(reason.prefix(200)) } }
    }

    /// Records the session's events until its stream ends.
    func record(_ events: AsyncStream<GuestEvent>) async {
        for await event in events {
            let now = ContinuousClock.now
            let mark: Mark
            switch event {
            case .state(.connecting):
                mark = .connecting
            case .state(.waiting(let seconds)):
                mark = .waiting(delayMs: seconds * 1000)
            case .state(.connected(let newSession, _)):
                mark = .connected(newSession: newSession)
            case .delivered(let id):
                mark = .delivered(id)
            case .message(let message):
                guard message.direction == .outbound, let text = message.text, text.hasPrefix("rc ") else { continue }
                mark = .echoed(text: text, messageId: message.id)
            case .gaveUp(let reason):
                mark = .gaveUp(reason)
            default:
                continue
            }
            state.withLock { state in
                state.marks.append((now, mark))
                switch mark {
                case .connected:
                    state.connectedAt = now
                    state.firstDeliveredAfterConnect = nil
                case .delivered:
                    if state.connectedAt != nil, state.firstDeliveredAfterConnect == nil {
                        state.firstDeliveredAfterConnect = now
                    }
                default:
                    break
                }
            }
        }
    }

    /// Whether the session connected again after `drop` and had a message acknowledged since
    /// (constant time: polled while the figure is measured).
    func resumed(since drop: ContinuousClock.Instant) -> Bool {
        state.withLock { state in
            guard let connectedAt = state.connectedAt, connectedAt >= drop else { return false }
            return state.firstDeliveredAfterConnect != nil
        }
    }

    /// Whether the agent's echo of every text queued so far has arrived.
    var allEchoed: Bool {
        state.withLock { state in
            var echoed = Set<String>()
            for case (_, .echoed(let text, _)) in state.marks { echoed.insert(text) }
            return state.queued.allSatisfy { echoed.contains($0.text) }
        }
    }

    /// How the session came back after the drop at `drop` (events before `end` only).
    func recovery(after drop: ContinuousClock.Instant, before end: ContinuousClock.Instant) -> Recovery {
        let (all, queued) = state.withLock { ($0.marks, $0.queued) }
        let marks = all.filter { $0.0 >= drop && $0.0 < end }
        var recovery = Recovery()
        var connectedAt: ContinuousClock.Instant?
        for (at, mark) in marks {
            switch mark {
            case .waiting(let delayMs):
                if recovery.detectedMs == nil {
                    recovery.detectedMs = (at - drop).milliseconds
                    recovery.delayMs = delayMs
                } else {
                    recovery.extraWaitsMs += delayMs
                }
            case .connecting:
                recovery.attempts += 1
            case .connected(let newSession):
                if connectedAt == nil {
                    connectedAt = at
                    recovery.connectedMs = (at - drop).milliseconds
                    recovery.newSession = newSession
                }
            case .delivered:
                if connectedAt != nil, recovery.resumedMs == nil {
                    recovery.resumedMs = (at - drop).milliseconds
                }
            case .echoed, .gaveUp:
                break
            }
        }
        if let connectedAt {
            recovery.queuedWhileAway = queued.filter { $0.at >= drop && $0.at < connectedAt }.count
        }
        var deliveredAt: [String: ContinuousClock.Instant] = [:]
        for case (let at, .delivered(let id)) in all where deliveredAt[id] == nil { deliveredAt[id] = at }
        recovery.unacknowledgedAtCut =
            queued.filter { item in
                item.at < drop && deliveredAt[item.id].map { $0 >= drop } ?? true
            }
            .count
        return recovery
    }

    /// Lost, duplicated and unacknowledged messages of this session, at the end.
    func tally() -> Tally {
        state.withLock { state in
            var tally = Tally()
            var echoes: [String: Set<String>] = [:]
            var delivered: [String: Int] = [:]
            for (_, mark) in state.marks {
                switch mark {
                case .echoed(let text, let id): echoes[text, default: []].insert(id)
                case .delivered(let id): delivered[id, default: 0] += 1
                default: break
                }
            }
            tally.sent = state.queued.count
            for (text, _, _) in state.queued {
                let count = echoes[text]?.count ?? 0
                if count == 0 { tally.lost += 1 }
                if count > 1 { tally.duplicated += count - 1 }
            }
            tally.deliveredTwice = delivered.values.reduce(0) { $0 + max(0, $1 - 1) }
            tally.delivered = delivered.count
            tally.failure = state.failure
            return tally
        }
    }

    struct Recovery: Sendable {
        var detectedMs: Double?
        var delayMs: Double?
        var extraWaitsMs = 0.0
        var attempts = 0
        var connectedMs: Double?
        var newSession = false
        var resumedMs: Double?
        /// Messages queued between the cut and the new connection's `SessionResponse`.
        var queuedWhileAway = 0
        /// Messages queued before the cut and not acknowledged by then (in flight or waiting).
        var unacknowledgedAtCut = 0
    }

    struct Tally: Sendable {
        var sent = 0
        var delivered = 0
        var lost = 0
        var duplicated = 0
        var deliveredTwice = 0
        var failure: String?
    }
}

extension Duration {
    /// The duration in milliseconds, as a `Double`.
    var milliseconds: Double { seconds * 1000 }
}
