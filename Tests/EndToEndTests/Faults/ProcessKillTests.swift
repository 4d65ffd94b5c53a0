import Foundation
import Gateway
import TestSupport
import Testing

/// Issue 10, fault injection: `kill -9` of the gateway at random points of the scan pipeline.
///
/// One `attache serve` process (moto's S3 and SQS, clamd, SQLite state in a temporary file) is
/// SIGKILLed and restarted on the same state and queue `ATTACHE_FAULT_KILL_RUNS` times (default
/// 50) while guests keep uploading — see ``ProcessKillScenario``. The delays come from a
/// generator seeded by `ATTACHE_FAULT_KILL_SEED` (random when unset; printed either way, so a
/// failing run can be repeated). Then the last gateway is left alone, and the invariants of
/// ``ProcessKillInvariants`` are checked. A file killed mid-scan stays `scanning` until
/// `ATTACHE_STALE_SCAN_SECONDS` (60) has passed and is then taken over at its next
/// SQS delivery, so settling takes a minute or two after the last kill.
@Suite("Fault injection: the gateway process SIGKILLed mid-pipeline", .serialized)
struct ProcessKillTests {
    static let signingSecret = "process-kill-test-signing-secret-0123456789abcdef"

    /// moto and clamd configured (always under `CI=true`), on Linux (`/proc` shows clamd streams).
    static var available: Bool {
        ClamdStreams.isSupported && TestEnvironment.isAvailable(.moto) && TestEnvironment.isAvailable(.clamd)
    }

    /// `ATTACHE_FAULT_KILL_RUNS`, default 50.
    static var runs: Int {
        let value = ProcessInfo.processInfo.environment["ATTACHE_FAULT_KILL_RUNS"] ?? ""
        return Int(value).map { max($0, 1) } ?? 50
    }

    /// `ATTACHE_FAULT_KILL_SEED`, or a random seed.
    static var seed: UInt64 {
        let value = ProcessInfo.processInfo.environment["ATTACHE_FAULT_KILL_SEED"] ?? ""
        return UInt64(value) ?? UInt64.random(in: 1...UInt64(UInt32.max))
    }

    @Test(
        "SIGKILLed at random points and restarted, the gateway loses no file, promotes none unscanned or twice",
        .enabled(if: Self.available))
    func killAndRestart() async throws {
        let runs = Self.runs
        let seed = Self.seed
        print("process kill test: \(runs) runs, seed \(seed) (ATTACHE_FAULT_KILL_SEED=\(seed) draws the same delays)")
        let clock = ContinuousClock()
        let start = clock.now
        // A long poll cut by a kill may still take the next event with it: a short visibility
        // timeout gives such an event back to the restarted gateway after 3 s.
        let services = try await ReplicaServices.make(visibilityTimeout: 3)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-kill-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        // Created and migrated before the first gateway, so no kill lands in a first migration
        // that the test's own connection would be racing.
        let store = try GRDBUploadStateStore(database: StateDatabase(location: .sqlite(path: path)))
        let port = try await RecoveryEndToEndHarness.freeLoopbackPort()
        let settings = services.gatewaySettings.merging([
            "ATTACHE_HOST": "127.0.0.1",
            "ATTACHE_DATABASE_URL": "sqlite:\(path)",
            // Shared by every incarnation, so the guest's credential outlives the kills.
            "ATTACHE_SIGNING_SECRET": Self.signingSecret,
            "ATTACHE_STALE_SCAN_SECONDS": "60",
            "ATTACHE_LOG_LEVEL": "info",
        ]) { _, new in new }
        let scenario = ProcessKillScenario(
            services: services, store: store, directory: directory,
            executable: try GatewayReplica.copyOfBinary(in: directory), port: port, settings: settings, runs: runs,
            seed: seed)

        let outcome = try await scenario.run()
        let last = outcome.last
        do {
            let killed = clock.now - start
            // Usually a minute or two; a file killed again after its take-over comes back at an
            // SQS receive count whose retry backoff may reach its 5-minute maximum.
            let open = try await Self.waitUntilFinal(outcome.files, store: store, within: .seconds(480))
            let settled = clock.now - start - killed
            #expect(open.isEmpty, "not final after the kills: \(open)")
            let invariants = try await ProcessKillInvariants.check(
                outcome.files, guestIds: [outcome.guestId], store: store, services: services)
            let queue = try await services.queueDepth()
            var landed: [String: Int] = [:]
            for kill in outcome.kills { for phase in kill.phases { landed[phase, default: 0] += 1 } }
            let spread = (ProcessKillScenario.phaseOrder).compactMap { phase in
                landed[phase].map { "\(phase) \($0)" }
            }
            let timings = ProcessKillScenario.Timing.allCases.map { timing in
                "\(outcome.kills.filter { $0.timing == timing }.count) \(timing.rawValue)"
            }
            print(
                "process kill test: seed \(seed), \(outcome.kills.count) SIGKILLs "
                    + "(\(timings.joined(separator: ", "))); kills landed in: "
                    + spread.joined(separator: ", ")
                    + "; \(invariants); \(invariants.violations) invariant violations; queue after: "
                    + "\(queue.visible) visible, \(queue.inFlight) in flight; kills took \(killed), settling \(settled)"
            )
            #expect(invariants.holds, "\(invariants)")
            #expect(outcome.kills.count == runs)
            #expect(outcome.files.count == runs * 3, "every file was uploaded")
            #expect(invariants.clean == runs * 2 && invariants.rejected == runs)

            last.send(SIGTERM)
            let exit = await last.waitForExit(within: .seconds(30))
            #expect(exit.exited && exit.status == 0, "the last gateway exits 0 after SIGTERM")
        } catch {
            print("----- \(last.name) -----\n\(last.logTail())")
            await last.stop()
            throw error
        }
        await last.stop()
    }

    /// Waits (bounded) until every file is final; the files still open at the deadline.
    static func waitUntilFinal(
        _ files: [UploadedFile], store: any UploadStateStore, within limit: Duration
    ) async throws -> [String] {
        let deadline = ContinuousClock.now + limit
        var open = files.map(\.fileId)
        while true {
            var still: [String] = []
            for fileId in open where try await store.upload(fileId: fileId)?.state.isFinal != true {
                still.append(fileId)
            }
            open = still
            if open.isEmpty || ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        var described: [String] = []
        for fileId in open {
            let record = try await store.upload(fileId: fileId)
            described.append(
                "\(fileId) \(record?.state.rawValue ?? "absent") since \(record.map { "\($0.updatedAt)" } ?? "?")")
        }
        return described
    }
}
