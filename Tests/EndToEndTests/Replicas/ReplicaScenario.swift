import Foundation
import Gateway
import Testing

@testable import Sandbox

/// The replica test's steps, on three running gateway processes.
///
/// 1. Guests register (spread over the replicas) and each opens a sandbox conversation that an
///    agent accepts; the trigger rule binds it to the guest through the gateway.
/// 2. Batch 1 (30 files, EICAR and clean, a third of them 7 MiB) is uploaded through the
///    replicas; once 6 are stored, the first replica caught holding an open clamd stream (so a
///    file it claimed is `scanning` in the database) is SIGKILLed; should every scan slip
///    through, rounds of 7 MiB files follow. Uploads routed to the dead replica fail over.
/// 3. The dead replica's scans stay `scanning` (the survivors refuse their redeliveries) until
///    `ATTACHE_STALE_SCAN_SECONDS` (60) have passed; the next SQS redelivery
///    (visibility timeout, then the retry backoff) lets exactly one survivor take each over.
///    Everything must then settle, with no help from the test.
/// 4. Batch 2 (9 files, more rounds if needed) goes to the survivors; one gets SIGTERM mid-scan:
///    it must exit 0 in bounded time, and the last replica settles everything with no help.
/// 5. Every invariant of ``ReplicaOutcome`` is checked on both batches; the last replica gets
///    SIGTERM and exits 0.
struct ReplicaScenario {
    let replicas: [GatewayReplica]
    let services: ReplicaServices
    let database: ReplicaDatabase
    let sandbox: GenesysSandboxHarness

    var client: ReplicaClient { ReplicaClient(replicas: replicas, deploymentId: sandbox.deploymentId) }

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        for replica in replicas { try await replica.waitUntilReady() }
        let guests = try await makeGuests(count: 9)
        let ready = clock.now - start

        // Batch 1 and the SIGKILL.
        let ledger = UploadLedger()
        let batch1 = BatchFile.batch(first: 0, count: 30)
        async let uploads: Void = client.upload(batch1, guests: Array(guests[0..<6]), parallel: 6, ledger: ledger)
        let (kill, extra) = try await killMidScan(
            ledger: ledger, minimumStored: 6, guests: Array(guests[0..<6]))
        try await uploads
        let first = await ledger.uploaded
        #expect(first.count == batch1.count + extra.count, "every file of batch 1 was uploaded")
        let victim = kill.replica
        let killed = await victim.waitForExit(within: .seconds(10))
        #expect(killed.exited, "the SIGKILLed replica is gone")
        #expect(kill.scanning >= 1, "the database shows the dead replica's file(s) scanning")

        // The victim's scans: still `scanning`, last changed before the kill, while the
        // survivors have long finished theirs.
        try await Task.sleep(until: kill.monotonic + .seconds(15))
        let outcome1 = ReplicaOutcome(files: first, database: database, services: services, sandbox: sandbox)
        let orphans = try await outcome1.unsettled().filter {
            $0.state == UploadState.scanning.rawValue && ($0.updatedAt ?? .distantFuture) < kill.wallClock
        }
        let survivors = replicas.filter { $0 !== victim }
        let refusals = survivors.flatMap { $0.logLines(containing: "another worker is scanning this object") }
        print(
            "replica test: SIGKILLed \(victim.name) with \(kill.scanning) file(s) scanning; "
                + "15 s later \(orphans.count) scan(s) still orphaned \(orphans.map(\.file.fileId)), "
                + "redeliveries refused by survivors: \(refusals.count)")
        #expect(!orphans.isEmpty, "the SIGKILLed replica died holding at least one scan")
        // Taken over once ATTACHE_STALE_SCAN_SECONDS (60) have passed since the claim, at the first
        // SQS redelivery after that (the survivors' retry backoff spaces them 10, 20, 40 s).
        let stuck1 = try await outcome1.waitUntilSettled(within: .seconds(100))
        #expect(stuck1.isEmpty, "stuck after the SIGKILL: \(describe(stuck1))")
        let takeover = clock.now - kill.monotonic

        // Batch 2 and the SIGTERM.
        let batch2 = BatchFile.batch(first: 30, count: 9)
        async let uploads2: Void = client.upload(batch2, guests: Array(guests[6..<9]), parallel: 4, ledger: ledger)
        let (term, extra2) = try await terminateMidScan(
            among: survivors, ledger: ledger, after: first.count, guests: Array(guests[6..<9]))
        try await uploads2
        let exit = await term.replica.waitForExit(within: .seconds(30))
        #expect(exit.exited, "\(term.replica.name) exits within 30 s of SIGTERM")
        #expect(
            exit.status == 0,
            "\(term.replica.name) exits with status 0 after SIGTERM, not \(String(describing: exit.status))")
        let termExit = term.replica.exitInstant.map { $0 - term.monotonic }
        #expect((termExit ?? .seconds(3_600)) <= .seconds(30), "exit \(String(describing: termExit)) after SIGTERM")
        print("replica test: \(term.replica.name) after SIGTERM:\n\(term.replica.logTail(lines: 12))")
        let all = await ledger.uploaded
        #expect(all.count == first.count + batch2.count + extra2.count, "every file of batch 2 was uploaded")
        let outcome = ReplicaOutcome(files: all, database: database, services: services, sandbox: sandbox)
        let stuck2 = try await outcome.waitUntilSettled(within: .seconds(60))
        #expect(stuck2.isEmpty, "stuck after the SIGTERM (no ageing here): \(describe(stuck2))")

        // Abandoned clean files: one notice each.
        let missing = try await outcome.waitForNotices(within: .seconds(40))
        #expect(missing.isEmpty, "no recovery notice for \(missing.map(\.file.filename))")
        try await Task.sleep(for: .seconds(3))  // further recovery passes must not post again
        try await outcome.check()

        let last = survivors.first { $0 !== term.replica && $0.isRunning }
        if let last {
            let stoppedAt = clock.now
            last.send(SIGTERM)
            let lastExit = await last.waitForExit(within: .seconds(30))
            #expect(lastExit.exited && lastExit.status == 0, "\(last.name) exits 0 after SIGTERM")
            let took = last.exitInstant.map { "\($0 - stoppedAt)" } ?? "?"
            print("replica test: \(last.name) exited \(String(describing: lastExit.status)) \(took) after SIGTERM")
        }
        print(
            "replica test: ready \(ready); SIGKILL at \(kill.monotonic - start) with \(kill.stored) stored (extra files: \(extra.count)); "
                + "\(orphans.count) orphan(s), all settled \(takeover) after the SIGKILL; SIGTERM \(term.replica.name) "
                + "(mid-scan: \(term.midScan)) exited \(String(describing: exit.status)) in \(termExit.map { "\($0)" } ?? "?"); "
                + "\(all.count) files; total \(clock.now - start)")
    }

    private func describe(_ open: [(file: UploadedFile, state: String, updatedAt: Date?)]) -> String {
        open.map {
            "\($0.file.file.filename) \($0.file.fileId) \($0.state) since \($0.updatedAt.map { "\($0)" } ?? "?")"
        }
        .joined(separator: "; ")
    }
}
