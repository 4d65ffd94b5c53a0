import Foundation

extension GuestSession {
    /// The stored session, loaded (or created and saved) on first use. Concurrent first calls
    /// agree on one session.
    func loadOrCreate() async throws -> StoredSession {
        if let stored { return stored }
        let loaded = try await store.load()
        if let stored { return stored }  // another call got there during the load
        if let loaded, loaded.deploymentId == configuration.deploymentId {
            stored = loaded
            return loaded
        }
        let fresh = StoredSession(token: UUID().uuidString.lowercased(), deploymentId: configuration.deploymentId)
        stored = fresh
        generation += 1
        try await persistLatest()
        return fresh
    }

    /// Changes the stored session and returns once a save including the change is durable.
    ///
    /// The change itself runs without suspension, so two changes never interleave (no lost
    /// updates across the actor's `await`s); saves are serialised and always write the latest
    /// state, so an older snapshot never lands after a newer one.
    @discardableResult
    func mutate<T>(_ change: (inout StoredSession) throws -> T) async throws -> T {
        var session = try await loadOrCreate()
        if let current = stored { session = current }
        let result = try change(&session)
        stored = session
        generation += 1
        try await persistLatest()
        return result
    }

    /// Saves the latest state until everything changed so far is saved; callers arriving while
    /// a save runs wait for the save that covers their change.
    func persistLatest() async throws {
        let target = generation
        if saving {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                saveWaiters.append((target, waiter))
            }
            return
        }
        saving = true
        defer { saving = false }
        while savedGeneration < generation, let snapshot = stored {
            let snapshotGeneration = generation
            do {
                try await store.save(snapshot)
            } catch {
                let waiters = saveWaiters
                saveWaiters = []
                for (_, waiter) in waiters { waiter.resume(throwing: error) }
                throw error
            }
            savedGeneration = snapshotGeneration
            let (done, waiting) = saveWaiters.partitioned { $0.0 <= snapshotGeneration }
            saveWaiters = waiting
            for (_, waiter) in done { waiter.resume() }
        }
    }
}

extension Array {
    /// The elements that satisfy `predicate`, and the rest, each in order.
    fileprivate func partitioned(_ predicate: (Element) -> Bool) -> ([Element], [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if predicate(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}
