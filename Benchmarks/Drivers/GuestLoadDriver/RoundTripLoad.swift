import Dispatch
import Foundation
import HummingbirdWSClient
import Synchronization

/// Guest messages at a fixed rate over S sessions, each timed until its answer comes back.
struct RoundTripLoad {
    let url: String
    let deploymentId: String
    let sessions: Int
    let rate: Double
    let duration: Double
    let warmup: Double
    let echoMode: Bool
    let serverPID: Int?
    let latenciesPath: String?

    init(_ options: DriverOptions) {
        url = options.string("url")
        deploymentId = options.string("deployment", default: "bench")
        latenciesPath = options.optional("latencies")
        sessions = options.int("sessions", default: 250)
        rate = options.double("rate", default: 1000)
        duration = options.double("duration", default: 20)
        warmup = options.double("warmup", default: 3)
        echoMode = options.echoMode
        serverPID = options.serverPID
    }

    /// What one session measured.
    struct SessionReport: Sendable {
        var latenciesNs: [UInt64] = []
        var sent = 0
        var measuredSent = 0
        var answered = 0
        var maxSendLagNs: UInt64 = 0
        var failure: String?
    }

    func run() async throws -> [String: Any] {
        let gate = StartGate(parties: sessions)
        let openedAt = ContinuousClock.now
        var reports: [SessionReport] = []
        var before: ProcessReading?
        var after: ProcessReading?
        await withTaskGroup(of: SessionReport.self) { group in
            for index in 0..<sessions {
                group.addTask { await session(index: index, gate: gate) }
            }
            // Every session is configured (and, with the sandbox, has its conversation accepted);
            // the first message goes out 0.5 s later.
            before = await gate.waitForAll().flatMap { _ in serverPID.flatMap(ProcessReading.read) }
            for await report in group {
                reports.append(report)
                if reports.count == sessions { after = serverPID.flatMap(ProcessReading.read) }
            }
        }
        var latencies = reports.flatMap(\.latenciesNs).map { Double($0) / 1e6 }
        latencies.sort()
        if let latenciesPath {
            // Every measured latency, µs, one per line: scripts/lib/bench_guest.py pools runs.
            let lines = latencies.map { String(Int(($0 * 1000).rounded())) }.joined(separator: "\n")
            _ = FileManager.default.createFile(atPath: latenciesPath, contents: Data((lines + "\n").utf8))
        }
        let measuredSent = reports.reduce(0) { $0 + $1.measuredSent }
        let failures = reports.compactMap(\.failure)
        var result: [String: Any] = [
            "mode": echoMode ? "echo" : "sandbox",
            "sessions": sessions,
            "rate_per_s": rate,
            "duration_s": duration,
            "warmup_s": warmup,
            "setup_s": (ContinuousClock.now - openedAt).seconds - duration - warmup,
            "sent": reports.reduce(0) { $0 + $1.sent },
            "measured_sent": measuredSent,
            "measured_answered": latencies.count,
            "lost": measuredSent - latencies.count,
            "failed_sessions": failures.count,
            "failures": Array(Set(failures)).prefix(5).map { $0 },
            "max_send_lag_ms": Double(reports.map(\.maxSendLagNs).max() ?? 0) / 1e6,
            "p50_ms": percentile(latencies, 0.50),
            "p90_ms": percentile(latencies, 0.90),
            "p99_ms": percentile(latencies, 0.99),
            "p999_ms": percentile(latencies, 0.999),
            "max_ms": latencies.last ?? 0,
            "mean_ms": latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count),
        ]
        if let before, let after {
            result["server_cpu_cores"] = after.cores(since: before)
            result["server_rss_kib"] = after.rssKiB
        }
        return result
    }

    /// One guest: connect, configure, (sandbox) one warm-up message answered by the agent, then the
    /// scheduled messages; the reader times each answer.
    func session(index: Int, gate: StartGate) async -> SessionReport {
        let token = UUID().uuidString.lowercased()
        let echoMode = self.echoMode
        let schedule = Schedule(index: index, sessions: sessions, rate: rate, warmup: warmup, duration: duration)
        let report = ReportBox()
        let arrived = OnceFlag()
        do {
            let configure = try GuestFrames.configure(token: token, deploymentId: deploymentId)
            try await WebSocketClient.connect(
                url: url, configuration: GuestFrames.clientConfiguration(ping: nil), logger: GuestFrames.logger
            ) { inbound, outbound, _ in
                var frames = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                try await outbound.write(.text(configure))
                guard case .text(let answer) = try await frames.next(),
                    GuestFrames.isConfigured(answer, echoMode: echoMode)
                else { throw GuestSocketFailure(reason: "configureSession not answered") }
                if !echoMode {
                    // Starts the conversation; the agent accepts it and answers.
                    try await outbound.write(.text(try GuestFrames.text("warm-up \(index)", token: token)))
                    while true {
                        guard case .text(let frame) = try await frames.next() else {
                            throw GuestSocketFailure(reason: "closed during the warm-up")
                        }
                        if frame.contains("\"direction\":\"Outbound\""), frame.contains("warm-up \(index)") { break }
                    }
                }
                _ = arrived.set()
                let start = await gate.arrive()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for k in 0..<schedule.count {
                            let due = start + .nanoseconds(schedule.offsetNs(k))
                            try await Task.sleep(until: due, tolerance: .microseconds(100))
                            let lag = UInt64(max(0, (ContinuousClock.now - due).seconds * 1e9))
                            let measured = schedule.isMeasured(k)
                            let sentAt = DispatchTime.now().uptimeNanoseconds
                            let frame = try GuestFrames.text(
                                "rt \(sentAt) \(measured ? 1 : 0) guest message \(index)-\(k)", token: token)
                            try await outbound.write(.text(frame))
                            report.value.withLock {
                                $0.sent += 1
                                if measured { $0.measuredSent += 1 }
                                $0.maxSendLagNs = max($0.maxSendLagNs, lag)
                            }
                        }
                        // Answers still in flight get 5 s after the last message; then the
                        // socket is closed, which ends the reader below.
                        try await Task.sleep(for: .seconds(5))
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                    var answered = 0
                    while answered < schedule.count, let message = try await frames.next() {
                        guard case .text(let frame) = message,
                            let (sentAt, measured) = Self.stamp(in: frame, echoMode: echoMode)
                        else { continue }
                        let elapsed = DispatchTime.now().uptimeNanoseconds &- sentAt
                        answered += 1
                        report.value.withLock {
                            $0.answered += 1
                            if measured { $0.latenciesNs.append(elapsed) }
                        }
                    }
                    group.cancelAll()
                }
            }
        } catch is CancellationError {
        } catch {
            let reason = (error as? GuestSocketFailure)?.reason ?? "\(type(of: error)): \(error)"
            report.value.withLock { $0.failure = String(reason.prefix(200)) }
        }
        if !arrived.isSet { _ = await gate.arrive() }
        return report.value.withLock { $0 }
    }

    /// The send time and "measured" mark of an answer carrying a timed message's text.
    static func stamp(in frame: String, echoMode: Bool) -> (UInt64, Bool)? {
        guard echoMode || frame.contains("\"direction\":\"Outbound\""),
            let marker = frame.range(of: "rt ")
        else { return nil }
        let rest = frame[marker.upperBound...]
        let digits = rest.prefix { $0.isNumber }
        guard let sentAt = UInt64(digits) else { return nil }
        let flag = rest.dropFirst(digits.count + 1).first
        return (sentAt, flag == "1")
    }
}

/// A session's report, shared by its sender and reader.
final class ReportBox: Sendable {
    let value = Mutex(RoundTripLoad.SessionReport())
}

/// When session `index` sends its messages: message k at (k·S + index)/R seconds after the start.
struct Schedule: Sendable {
    let index: Int
    let sessions: Int
    let rate: Double
    let warmup: Double
    let duration: Double

    /// Messages this session sends in warmup + duration.
    var count: Int {
        let total = Int(((warmup + duration) * rate).rounded(.down))
        return total > index ? (total - index - 1) / sessions + 1 : 0
    }

    func offsetNs(_ k: Int) -> Int64 {
        Int64((Double(k * sessions + index) / rate) * 1e9)
    }

    func isMeasured(_ k: Int) -> Bool {
        Double(k * sessions + index) / rate >= warmup
    }
}

/// Holds every session until all have arrived, then gives them one start instant (0.5 s later).
actor StartGate {
    let parties: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<ContinuousClock.Instant, Never>] = []
    private var allArrived: [CheckedContinuation<ContinuousClock.Instant, Never>] = []
    private var start: ContinuousClock.Instant?

    init(parties: Int) {
        self.parties = parties
    }

    /// Arrives and waits for the start instant.
    func arrive() async -> ContinuousClock.Instant {
        arrived += 1
        if arrived == parties {
            let instant = ContinuousClock.now + .milliseconds(500)
            start = instant
            for continuation in waiting + allArrived { continuation.resume(returning: instant) }
            waiting = []
            allArrived = []
            return instant
        }
        if let start { return start }
        return await withCheckedContinuation { waiting.append($0) }
    }

    /// Waits until every session arrived; returns the start instant.
    func waitForAll() async -> ContinuousClock.Instant? {
        if let start { return start }
        return await withCheckedContinuation { allArrived.append($0) }
    }
}
