import Foundation
import Gateway
import TestSupport
import Testing

/// Issue 10, fault injection: a dependency stops mid-flow and comes back. The test runs its own
/// moto and clamd (others' tests keep theirs) and one `attache serve` process on them (S3, SQS,
/// clamd, SQLite state). For each dependency a batch of files is uploaded; while they are in
/// flight the dependency is frozen with SIGSTOP (its port still accepts connections, nothing
/// answers — a hung service, worse than a refused connection) for `pause`, then resumed with
/// SIGCONT; every file must then settle with the invariants of ``ProcessKillInvariants``.
/// moto keeps its state in memory, so it is paused, never killed; clamd killed and restarted is
/// covered by `ClamdRestartTests` (GatewayTests); PostgreSQL restarts by the Failures tests.
@Suite("Fault injection: clamd and moto stopped mid-flow and resumed", .serialized)
struct DependencyStopTests {
    static let pause: Duration = .seconds(8)

    static var available: Bool { StoppableService.available }

    @Test(
        "clamd, then moto (S3 and SQS), frozen with SIGSTOP while files are in flight and resumed: nothing lost, nothing wrongly promoted",
        .enabled(if: Self.available))
    func stopAndResume() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-stops-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let moto = try await StoppableService.moto(directory: directory)
        let clamd: StoppableService
        do {
            clamd = try await StoppableService.clamd(directory: directory)
        } catch {
            await moto.stop()
            throw error
        }
        var gateway: GatewayReplica?
        do {
            let services = try await ReplicaServices.make(motoEndpoint: moto.url, clamdAddress: clamd.address)
            let path = directory.appendingPathComponent("state.sqlite").path
            let store = try GRDBUploadStateStore(database: StateDatabase(location: .sqlite(path: path)))
            let port = try await RecoveryEndToEndHarness.freeLoopbackPort()
            let settings = services.gatewaySettings.merging([
                "ATTACHE_HOST": "127.0.0.1", "ATTACHE_DATABASE_URL": "sqlite:\(path)", "ATTACHE_LOG_LEVEL": "info",
            ]) { _, new in new }
            let started = try GatewayReplica(name: "gateway", port: port, settings: settings, directory: directory)
            gateway = started
            try await started.waitUntilReady()
            let baseURL = started.url
            let deadline = ContinuousClock.now + .seconds(200)
            let guest = try await ProcessKillClient.register(
                baseURL: baseURL, deploymentId: "dependency-stop-tests", deadline: deadline)
            let client = ProcessKillClient(baseURL: baseURL, guest: guest, ledger: ProcessKillLedger())

            var all: [UploadedFile] = []
            var report: [String] = []
            for (round, service) in [clamd, moto].enumerated() {
                let files = (0..<4).flatMap { ProcessKillScenario.files(forRun: round * 4 + $0) }
                let (uploaded, inFlight) = try await withThrowingTaskGroup(of: UploadedFile.self) { group in
                    for file in files { group.addTask { try await client.upload(file, deadline: deadline) } }
                    // Frozen as soon as the first tickets are out: the files' PUTs, events,
                    // scans and promotions all run into the stopped service.
                    while await client.ledger.ticketed.count < all.count + 2, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    service.pause()
                    try await Task.sleep(for: Self.pause)
                    // moto is frozen: the test's view of the state store still works (SQLite).
                    let final = try await Self.finalCount(await client.ledger.ticketed, store: store)
                    let open = files.count - (final - all.count)
                    service.resume()
                    var uploaded: [UploadedFile] = []
                    for try await file in group { uploaded.append(file) }
                    return (uploaded, open)
                }
                let open = try await ProcessKillTests.waitUntilFinal(uploaded, store: store, within: .seconds(120))
                #expect(open.isEmpty, "not final after \(service.name) came back: \(open)")
                all += uploaded
                report.append("\(service.name) frozen \(Self.pause) with \(inFlight) of \(files.count) files in flight")
            }
            let invariants = try await ProcessKillInvariants.check(
                all, guestIds: [guest.guestId], store: store, services: services)
            print(
                "dependency stop test: \(report.joined(separator: "; ")); \(invariants); "
                    + "\(invariants.violations) invariant violations")
            #expect(invariants.holds, "\(invariants)")
            #expect(invariants.clean == 16 && invariants.rejected == 8)
        } catch {
            if let gateway { print("----- gateway -----\n\(gateway.logTail())") }
            await gateway?.stop()
            await clamd.stop()
            await moto.stop()
            throw error
        }
        await gateway?.stop()
        await clamd.stop()
        await moto.stop()
    }

    /// How many of `fileIds` are in a final state.
    private static func finalCount(_ fileIds: [String], store: any UploadStateStore) async throws -> Int {
        var count = 0
        for fileId in fileIds where try await store.upload(fileId: fileId)?.state.isFinal == true { count += 1 }
        return count
    }
}
