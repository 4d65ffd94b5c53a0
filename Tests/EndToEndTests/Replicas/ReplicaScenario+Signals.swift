import Foundation
import Gateway

@testable import Sandbox

/// When and whom the replica test signalled.
struct SignalRecord {
    let replica: GatewayReplica
    let monotonic: ContinuousClock.Instant
    let wallClock: Date
    /// Batch files `scanning` in the database right after the signal.
    let scanning: Int
    /// Files whose bytes were stored when the signal was sent.
    let stored: Int
    /// Whether the replica held an open clamd stream when signalled.
    let midScan: Bool
}

extension ReplicaScenario {
    /// Registers `count` guests round-robin over the replicas, opens a sandbox conversation for
    /// each (first message with its guest id; an agent accepts) and waits until the trigger
    /// rule has bound each conversation in the shared database.
    func makeGuests(count: Int) async throws -> [BatchGuest] {
        var guests: [BatchGuest] = []
        for index in 0..<count {
            let (guestId, credential) = try await client.registerGuest(preferred: index)
            let (conversationId, _, _) = try await sandbox.startConversation(
                firstMessage: "Hello from replica test guest \(index)", customAttributes: ["attacheGuestId": guestId])
            try await sandbox.state.acceptConversation(conversationId, agent: GenesysSandboxHarness.agent)
            guests.append(BatchGuest(guestId: guestId, credential: credential, conversationId: conversationId))
        }
        let deadline = ContinuousClock.now + .seconds(20)
        for guest in guests {
            while try await !database.store.conversations(guestId: guest.guestId).contains(guest.conversationId) {
                guard ContinuousClock.now < deadline else {
                    throw ReplicaTestError("the trigger rule never bound \(guest.conversationId) to \(guest.guestId)")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        return guests
    }

    /// Once `minimumStored` files are in quarantine, SIGKILLs the first replica caught holding an
    /// open clamd stream (mid-scan); the record counts the files `scanning` in the database.
    /// When the batch's scans all slip through between two looks, another round of 7 MiB files
    /// is uploaded (up to three): the files of those rounds are returned, to be checked too.
    func killMidScan(
        ledger: UploadLedger, minimumStored: Int, guests: [BatchGuest]
    ) async throws -> (record: SignalRecord, extra: [BatchFile]) {
        var extra: [BatchFile] = []
        for round in 0...3 {
            let files = round == 0 ? [] : BatchFile.batch(first: 100 * round, count: 6, allLarge: true)
            extra += files
            async let uploads: Void = client.upload(files, guests: guests, parallel: 6, ledger: ledger)
            let record = try await signalMidScan(
                SIGKILL, among: replicas, ledger: ledger, skipping: 0, minimumStored: minimumStored,
                within: .seconds(10))
            try await uploads
            if let record { return (record, extra) }
        }
        throw ReplicaTestError("no replica was caught mid-scan in four rounds: nothing was SIGKILLed")
    }

    /// SIGTERMs one of `survivors` while it scans a file uploaded after the first `skipping`;
    /// should every scan slip through, rounds of 7 MiB files follow (up to two, returned to be
    /// checked too), and after them the first survivor gets SIGTERM anyway (`midScan == false`).
    func terminateMidScan(
        among survivors: [GatewayReplica], ledger: UploadLedger, after skipping: Int, guests: [BatchGuest]
    ) async throws -> (record: SignalRecord, extra: [BatchFile]) {
        var extra: [BatchFile] = []
        for round in 0...2 {
            let files = round == 0 ? [] : BatchFile.batch(first: 1_000 + 100 * round, count: 4, allLarge: true)
            extra += files
            async let uploads: Void = client.upload(files, guests: guests, parallel: 4, ledger: ledger)
            let record = try await signalMidScan(
                SIGTERM, among: survivors, ledger: ledger, skipping: skipping, minimumStored: 2,
                within: .seconds(12))
            try await uploads
            if let record { return (record, extra) }
        }
        let replica = survivors[0]
        let record = SignalRecord(
            replica: replica, monotonic: .now, wallClock: Date(), scanning: 0, stored: await ledger.stored.count,
            midScan: false)
        replica.send(SIGTERM)
        return (record, extra)
    }

    /// Polls `/proc` for a candidate holding the same clamd connection in two consecutive samples
    /// (a scan streaming a file: the worker opened it after claiming the file, so the file is
    /// `scanning` in the database; a health check's PING is over in a millisecond) and signals
    /// it at once; then counts the files `scanning` in the database. `nil` when none was caught.
    private func signalMidScan(
        _ signal: Int32, among candidates: [GatewayReplica], ledger: UploadLedger, skipping: Int, minimumStored: Int,
        within limit: Duration
    ) async throws -> SignalRecord? {
        let deadline = ContinuousClock.now + limit
        var previous: Set<String> = []
        while ContinuousClock.now < deadline {
            let stored = await ledger.stored.count - skipping
            guard stored >= minimumStored else {
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            let live = candidates.filter(\.isRunning)
            let held = ClamdStreams.connections(live.map(\.pid), toPort: services.clamdPort)
            let now = ContinuousClock.now
            let streaming = live.first { !(held[$0.pid] ?? []).isDisjoint(with: previous) }
            previous = held.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            if let replica = streaming {
                let wallClock = Date()
                replica.send(signal)
                let ticketed = Array(await ledger.ticketed.dropFirst(skipping))
                let scanning = try await database.records(ticketed).values.filter { $0.state == .scanning }.count
                return SignalRecord(
                    replica: replica, monotonic: now, wallClock: wallClock, scanning: scanning,
                    stored: stored + skipping, midScan: true)
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        return nil
    }
}
