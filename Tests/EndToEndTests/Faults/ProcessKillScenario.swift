import AWSClients
import Foundation
import Gateway
import TestSupport

/// The process-kill test's steps, on one `attache serve` process in production mode (moto's S3
/// and SQS, clamd) with SQLite state in a temporary file that outlives every kill.
///
/// Each run starts the gateway on the same state, port and queue, hands it three new files (a
/// small clean one, a 1 MiB clean one, a small EICAR one) while the earlier runs' files are still
/// on their way, and SIGKILLs it after a delay drawn from a seeded generator — from readiness, or
/// (one run in eight) from the spawn, so start-up is hit too. Right after each kill, with the
/// process gone and everything frozen, the test names where the kill landed (the guests' steps in
/// flight, an open clamd stream, files `uploaded` or `scanning`, a promotion half done). After
/// the last run the gateway is started once more and left alone: every file must settle.
struct ProcessKillScenario {
    /// Where one kill landed.
    struct Kill: Sendable {
        let run: Int
        let timing: Timing
        let delayMilliseconds: Int
        let phases: [String]
    }

    /// What a kill's delay counts from, drawn per run (1 in 8, 3 in 8, 4 in 8).
    enum Timing: String, Sendable, CaseIterable {
        /// 0-350 ms after the process was spawned: start-up, or the first requests.
        case fromSpawn = "from the spawn"
        /// 0-40 ms after the gateway was first seen holding a clamd connection: INSTREAM, the
        /// verdict, the copy to the clean bucket, the delete, the state write.
        case afterClamdStream = "after a clamd stream opened"
        /// 0-800 ms after `/healthz` answered: tickets, PUTs, completes, SQS receives, scans.
        case fromReady = "from readiness"

        var delays: ClosedRange<Int> {
            switch self {
            case .fromSpawn: 0...350
            case .afterClamdStream: 0...40
            case .fromReady: 0...800
            }
        }
    }

    /// The names of the places a kill can land, in pipeline order (for the report).
    static let phaseOrder = [
        "start-up", "ticket", "PUT", "complete", "SQS receive/claim", "INSTREAM", "scanning (read/verdict/tag)",
        "copied, delete pending", "deleted, state write pending", "idle",
    ]

    let services: ReplicaServices
    let store: GRDBUploadStateStore
    let directory: URL
    /// The `attache` binary (a copy of the build's, see ``GatewayReplica/copyOfBinary(in:)``).
    let executable: URL
    let port: Int
    let settings: [String: String]
    let runs: Int
    let seed: UInt64

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Runs the kills, then the last gateway; returns the files, the guest and the kills, with
    /// the last gateway still running (the caller waits for it to settle everything, then stops it).
    func run() async throws -> (files: [UploadedFile], guestId: String, kills: [Kill], last: GatewayReplica) {
        var generator = SeededGenerator(seed: seed)
        let ledger = ProcessKillLedger()
        var kills: [Kill] = []
        var guest: BatchGuest?
        let deadline = ContinuousClock.now + .seconds(120 + 3 * runs)
        let files: [UploadedFile]
        var last: GatewayReplica?
        do {
            files = try await withThrowingTaskGroup(of: UploadedFile.self) { group in
                for run in 0..<runs {
                    let roll = Int.random(in: 0..<8, using: &generator)
                    let timing: Timing = roll == 0 ? .fromSpawn : roll < 4 ? .afterClamdStream : .fromReady
                    let delay = Int.random(in: timing.delays, using: &generator)
                    let spawned = Date()
                    let gateway = try GatewayReplica(
                        name: "gateway-\(run)", port: port, settings: settings, directory: directory,
                        executable: executable)
                    if guest == nil {
                        try await gateway.waitUntilReady()
                        guest = try await ProcessKillClient.register(
                            baseURL: baseURL, deploymentId: "process-kill-tests", deadline: deadline)
                    }
                    guard let guest else { throw ReplicaTestError("no guest") }
                    if timing != .fromSpawn { try await gateway.waitUntilReady() }
                    let client = ProcessKillClient(baseURL: baseURL, guest: guest, ledger: ledger)
                    for file in Self.files(forRun: run) {
                        group.addTask { try await client.upload(file, deadline: deadline) }
                    }
                    if timing == .afterClamdStream {
                        try await waitForClamdStream(gateway, within: .milliseconds(3_500))
                    }
                    try await Task.sleep(for: .milliseconds(delay))
                    let streaming =
                        !(ClamdStreams.connections([gateway.pid], toPort: services.clamdPort)[gateway.pid]
                        ?? []).isEmpty
                    let busy = await ledger.busySteps
                    let listening = !gateway.logLines(containing: "Gateway listening").isEmpty
                    gateway.send(SIGKILL)
                    let exit = await gateway.waitForExit(within: .seconds(10))
                    guard exit.exited else { throw ReplicaTestError("gateway-\(run) survived SIGKILL") }
                    await gateway.stop()
                    let phases = try await phases(
                        busy: busy, streaming: streaming, startUp: !listening, since: spawned,
                        ticketed: await ledger.ticketed)
                    kills.append(Kill(run: run, timing: timing, delayMilliseconds: delay, phases: phases))
                }
                let final = try GatewayReplica(
                    name: "gateway-last", port: port, settings: settings, directory: directory, executable: executable)
                last = final
                try await final.waitUntilReady()
                var files: [UploadedFile] = []
                for try await file in group { files.append(file) }
                return files
            }
        } catch {
            await last?.stop()
            throw error
        }
        guard let last, let guest else { throw ReplicaTestError("the last gateway did not start") }
        return (files.sorted { $0.file.index < $1.file.index }, guest.guestId, kills, last)
    }

    /// Waits until `gateway` holds a connection to clamd (after readiness no health check runs:
    /// a scan is asking for clamd's version or streaming), polling `/proc` every millisecond;
    /// gives up quietly after `limit` (the kill then lands wherever the pipeline is).
    private func waitForClamdStream(_ gateway: GatewayReplica, within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if !(ClamdStreams.connections([gateway.pid], toPort: services.clamdPort)[gateway.pid] ?? []).isEmpty {
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// The three files of a run: a small clean one, a 1 MiB clean one, a small EICAR one.
    static func files(forRun run: Int) -> [BatchFile] {
        (0..<3).map { slot in
            let index = run * 3 + slot
            let infected = slot == 2
            let line = Array("process kill test file \(index): the quick brown fox jumps over the lazy dog\n".utf8)
            let target = slot == 1 ? (1 << 20) + index * 7 : 1_500 + index * 13
            var bytes: [UInt8] = []
            bytes.reserveCapacity(target + BatchFile.eicar.count)
            while bytes.count < target { bytes += line }
            if infected { bytes += BatchFile.eicar }
            let kind = infected ? "invoice" : "notes"
            return BatchFile(index: index, filename: "\(kind)-\(index).txt", bytes: bytes, infected: infected)
        }
    }

    /// Where a kill landed, read while nothing moves (the gateway is dead; the guests may go on
    /// uploading to moto, which does not change the states read here).
    private func phases(
        busy: [ProcessKillClient.Step], streaming: Bool, startUp: Bool, since spawned: Date, ticketed: [String]
    ) async throws -> [String] {
        var phases: [String] = []
        if startUp { phases.append("start-up") }
        let names: [ProcessKillClient.Step: String] = [.ticket: "ticket", .put: "PUT", .complete: "complete"]
        phases += busy.compactMap { names[$0] }
        var found: Set<String> = []
        for fileId in ticketed.suffix(60) {
            // Only what this incarnation did: earlier kills' leftovers are not where this one landed.
            guard let record = try await store.upload(fileId: fileId), record.updatedAt >= spawned else { continue }
            switch record.state {
            case .uploaded:
                found.insert("SQS receive/claim")
            case .scanning:
                let quarantined = try await services.s3.objectExists(bucket: services.quarantine, key: record.objectKey)
                let promoted = try await services.s3.objectExists(bucket: services.clean, key: record.objectKey)
                switch (quarantined, promoted) {
                case (true, true): found.insert("copied, delete pending")
                case (false, true): found.insert("deleted, state write pending")
                default: found.insert(streaming ? "INSTREAM" : "scanning (read/verdict/tag)")
                }
            default:
                continue
            }
        }
        phases += Self.phaseOrder.filter { found.contains($0) }
        return phases.isEmpty ? ["idle"] : phases
    }
}
