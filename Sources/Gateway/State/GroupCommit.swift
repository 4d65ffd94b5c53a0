import NIOConcurrencyHelpers

/// Group commit: concurrent callers' writes share one database transaction instead of each
/// paying for its own.
///
/// Leader/follower, with no background task: a caller that finds no batch in flight becomes the
/// leader and writes its item at once; callers arriving while a batch is in flight wait in a
/// queue. When the leader's batch has committed it answers its followers and hands the lead to
/// the first waiting caller, which writes everything queued by then (up to ``maxBatch`` items)
/// in the next transaction. Under no load every write is a batch of one, with no added latency;
/// under load a batch's cost is shared by as many callers as arrived during the previous one.
///
/// `flush` gets the batch in arrival order and returns one result per item, in the same order:
/// each item succeeds or fails on its own (a store gives each its own savepoint), and an error
/// of the whole transaction is every item's result. The flush runs in a task of its own that
/// the leader awaits, so cancelling the leader's request does not roll back its followers'
/// writes.
final class GroupCommit<Item: Sendable, Outcome: Sendable>: Sendable {
    /// Writes a batch; one result per item, in order.
    typealias Flush = @Sendable ([Item]) async -> [Result<Outcome, any Error>]

    /// The most items one transaction takes.
    let maxBatch: Int
    private let flush: Flush
    private let state = NIOLockedValueBox(State())

    /// Creates a group committer.
    /// - Parameters:
    ///   - maxBatch: The most items one transaction takes (at least 1).
    ///   - flush: Writes a batch in one transaction.
    init(maxBatch: Int = 256, flush: @escaping Flush) {
        self.maxBatch = max(1, maxBatch)
        self.flush = flush
    }

    /// How many callers wait for the next batch (for tests and diagnostics).
    var waitingCount: Int { state.withLockedValue { $0.waiting.count } }

    /// Writes `item` in the next transaction and returns its outcome.
    /// - Throws: The error the flush reported for this item.
    func submit(_ item: Item) async throws -> Outcome {
        let leadsNow = state.withLockedValue { state in
            guard !state.flushing else { return false }
            state.flushing = true
            return true
        }
        if leadsNow { return try await lead(with: item) }
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let leads = state.withLockedValue { state in
                guard state.flushing else {
                    state.flushing = true
                    return true
                }
                state.waiting.append(Waiter(item: item, continuation: continuation))
                return false
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .done(let result): return try result.get()
        case .lead: return try await lead(with: item)
        }
    }

    /// Writes `item` and whatever is queued, answers the followers, passes the lead on.
    private func lead(with item: Item) async throws -> Outcome {
        let followers = state.withLockedValue { state in
            // Usually every waiter fits: take the queue whole instead of copying it out (the
            // next waiters start a fresh array).
            if state.waiting.count < maxBatch {
                let all = state.waiting
                state.waiting = []
                return all
            }
            let taken = Array(state.waiting.prefix(maxBatch - 1))
            state.waiting.removeFirst(maxBatch - 1)
            return taken
        }
        let items = [item] + followers.map(\.item)
        let flush = self.flush
        var results = await Task { await flush(items) }.value
        if results.count != items.count {
            let error = GroupCommitError.resultCountMismatch(expected: items.count, got: results.count)
            results = Array(repeating: .failure(error), count: items.count)
        }
        for (follower, result) in zip(followers, results.dropFirst()) {
            follower.continuation.resume(returning: .done(result))
        }
        let next = state.withLockedValue { state -> Waiter? in
            guard !state.waiting.isEmpty else {
                state.flushing = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return try results[0].get()
    }

    private enum Turn: Sendable {
        case done(Result<Outcome, any Error>)
        case lead
    }

    private struct Waiter: Sendable {
        let item: Item
        let continuation: CheckedContinuation<Turn, Never>
    }

    private struct State: Sendable {
        var waiting: [Waiter] = []
        var flushing = false
    }
}

/// A flush that broke its contract.
enum GroupCommitError: Error, CustomStringConvertible {
    /// The flush returned a different number of results than it was given items.
    case resultCountMismatch(expected: Int, got: Int)

    var description: String {
        switch self {
        case .resultCountMismatch(let expected, let got):
            return "group commit: the flush returned \(got) results for \(expected) items"
        }
    }
}
