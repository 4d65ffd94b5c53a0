import Clamd
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Gateway

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real clamd outage: the test runs its own clamd, kills it, and starts it again on the same
/// port, while the production pipeline (S3 + SQS in moto) waits. Nothing is promoted while clamd
/// is down, the event comes back with a growing delay, `/healthz` shows the scanner failing
/// (the gateway as a whole degraded), and once clamd is back the file is promoted without a new
/// upload.
@Suite(
    "Real clamd restart under the S3 pipeline",
    .enabled(
        if: TestEnvironment.isAvailable(.moto) && TestEnvironment.isAvailable(.clamdBinary)
            && TestEnvironment.isAvailable(.clamdDatabase))
)
struct ClamdRestartTests {
    enum Moment: String, CustomStringConvertible, CaseIterable {
        /// clamd is killed (SIGKILL) before the file is uploaded.
        case killedBeforeUpload
        /// clamd is stopped (SIGTERM) before the file is uploaded.
        case terminatedBeforeUpload
        /// clamd is killed (SIGKILL) while the file streams into `INSTREAM`.
        case killedMidStream
        var description: String { rawValue }
    }

    @Test(
        "clamd down: nothing promoted, retried with backoff, /healthz degraded; back on its port: promoted",
        arguments: Moment.allCases)
    func restart(_ moment: Moment) async throws {
        let clamd = try ClamdProcess()
        do {
            try await Self.run(moment, clamd: clamd)
        } catch {
            await clamd.cleanUp()
            throw error
        }
        await clamd.cleanUp()
    }

    static func run(_ moment: Moment, clamd: ClamdProcess) async throws {
        try await clamd.start()
        let client = ClamdClient(address: try ClamdAddress(parsing: clamd.address))
        var killSwitch: (@Sendable () async -> Void)?
        if moment == .killedMidStream {
            killSwitch = { @Sendable in await clamd.stop(signal: SIGKILL) }
        }
        let scanner = ObservedScanner(base: ClamdScanner(client: client), midStream: killSwitch)
        let health = Application(
            router: GatewayRouter.make(health: HealthMonitor(checks: [GatewayRuntime.scannerCheck(client)])))
        try await health.test(.router) { http in
            let before = try await http.healthz()
            #expect(before.status == .ok && before.report.status == .ok)

            switch moment {
            case .killedBeforeUpload: await clamd.stop(signal: SIGKILL)
            case .terminatedBeforeUpload: await clamd.stop(signal: SIGTERM)
            case .killedMidStream: break
            }
            let harness = try await PipelineHarness.s3()
            let bytes = PipelineFixtures.pdf(padding: moment == .killedMidStream ? 6 << 20 : 20_000)
            let record = try await harness.upload(bytes)
            let worker = harness.worker(
                scanner: scanner, backoff: RetryBackoff(initial: .seconds(1), maximum: .seconds(2)))
            try await harness.run(worker) {
                try await harness.announce(record)
                try await scanner.waitForAttempts(3)

                // Down: nothing promoted, nothing lost, nothing recorded as scanned.
                let during = try #require(try await harness.state.upload(fileId: record.fileId))
                #expect([UploadState.uploaded, .scanning].contains(during.state))
                #expect(try await harness.store.head(.clean, key: record.objectKey) == nil)
                #expect(try await harness.store.head(.quarantine, key: record.objectKey)?.size == Int64(bytes.count))
                #expect(try await harness.state.scanResults(fileId: record.fileId).isEmpty)
                #expect(try await harness.state.auditEntries(fileId: record.fileId).isEmpty)
                // Each retry waited at least the backoff's delay (SQS kept the message hidden).
                let gaps = await scanner.gapsBetweenAttempts()
                #expect(gaps.count >= 2)
                #expect(gaps.allSatisfy { $0 >= .milliseconds(900) }, "\(gaps)")
                let down = try await http.healthz()
                #expect(down.status == .ok)
                #expect(down.report.status == .degraded)
                let entry = try #require(down.report.checks.first { $0.name == "scanner" })
                #expect(entry.status == .fail)
                #expect(entry.detail.contains(ScannerUnavailable.code))

                // Back on the same port: the redelivered event promotes the file.
                try await clamd.start()
                let final = try await harness.waitForFinalState(record.fileId, timeout: .seconds(120))
                #expect(final.state == .clean)
                let after = try await http.healthz()
                #expect(after.status == .ok && after.report.status == .ok)
            }
            #expect(try await harness.store.head(.quarantine, key: record.objectKey) == nil)
            let promoted = try await PipelineScenarios.collect(harness.store.read(.clean, key: record.objectKey))
            #expect(promoted == bytes)
            #expect(try await harness.state.auditEntries(fileId: record.fileId).map(\.action) == ["scan.clean"])
            #expect(try await harness.state.scanResults(fileId: record.fileId).count == 1)
            #expect(harness.counter.promotions == 1)
        }
    }
}

/// Wraps a scanner: records when each scan attempt starts and, once, runs `midStream` after the
/// first megabyte of the first scan has passed to the scanner (to kill clamd mid-`INSTREAM`).
actor ObservedScanner: FileScanner {
    nonisolated let base: any FileScanner
    let midStream: (@Sendable () async -> Void)?
    private var attempts: [ContinuousClock.Instant] = []
    private var armed = true

    init(base: any FileScanner, midStream: (@Sendable () async -> Void)?) {
        self.base = base
        self.midStream = midStream
    }

    nonisolated var name: String { base.name }
    nonisolated var isAntivirus: Bool { base.isAntivirus }

    func version() async throws -> String {
        attempts.append(.now)
        return try await base.version()
    }

    func scan(_ bytes: AnyAsyncSequence<ByteBuffer>) async throws -> ScanVerdict {
        guard let midStream, armed else { return try await base.scan(bytes) }
        armed = false
        return try await base.scan(AnyAsyncSequence(Tripwire(base: bytes, after: 1 << 20, action: midStream)))
    }

    /// The times between consecutive attempts.
    func gapsBetweenAttempts() -> [Duration] {
        zip(attempts, attempts.dropFirst()).map { $1 - $0 }
    }

    /// Waits until the scanner was asked at least `count` times (bounded).
    func waitForAttempts(_ count: Int, limit: Duration = .seconds(90)) async throws {
        let deadline = ContinuousClock.now + limit
        while attempts.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(attempts.count >= count, "scan attempts while clamd was down")
    }

    /// A byte stream that runs `action` once after `after` bytes went through.
    struct Tripwire: AsyncSequence, Sendable {
        let base: AnyAsyncSequence<ByteBuffer>
        let after: Int
        let action: @Sendable () async -> Void

        struct AsyncIterator: AsyncIteratorProtocol {
            var base: AnyAsyncSequence<ByteBuffer>.AsyncIterator
            let after: Int
            let action: @Sendable () async -> Void
            var passed = 0
            var fired = false

            mutating func next() async throws -> ByteBuffer? {
                if !fired, passed >= after {
                    fired = true
                    await action()
                }
                let buffer = try await base.next()
                passed += buffer?.readableBytes ?? 0
                return buffer
            }
        }

        func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(base: base.makeAsyncIterator(), after: after, action: action)
        }
    }
}

extension TestClientProtocol {
    /// `GET /healthz`: the status and the decoded report.
    func healthz() async throws -> (status: HTTPResponse.Status, report: HealthReport) {
        try await execute(uri: "/healthz", method: .get) { response in
            (response.status, try JSONDecoder().decode(HealthReport.self, from: Data(response.body.readableBytesView)))
        }
    }
}
