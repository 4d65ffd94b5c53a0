import Foundation
import HummingbirdWSClient
import Synchronization

/// N idle guest sessions with heartbeats: connect rate, and the server's memory before and after.
struct SessionsLoad {
    let url: String
    let deploymentId: String
    let count: Int
    let echoMode: Bool
    let hold: Duration
    let heartbeat: Duration
    let ping: Duration?
    let concurrency: Int
    let connectTimeout: Duration
    let serverPID: Int?

    init(_ options: DriverOptions) {
        url = options.string("url")
        deploymentId = options.string("deployment", default: "bench")
        count = options.int("count", default: 1000)
        echoMode = options.echoMode
        hold = .milliseconds(Int(options.double("hold", default: 40) * 1000))
        heartbeat = .milliseconds(Int(options.double("heartbeat", default: 30) * 1000))
        let pingSeconds = options.double("ping", default: 15)
        ping = pingSeconds > 0 ? .milliseconds(Int(pingSeconds * 1000)) : nil
        concurrency = options.int("concurrency", default: 128)
        connectTimeout = .seconds(options.int("connect-timeout", default: 90))
        serverPID = options.serverPID
    }

    /// The outcome of one socket's handshake + `configureSession`.
    enum Outcome: Sendable {
        case configured(Duration)
        case failed(String)
    }

    /// Counts shared by every socket.
    final class Counters: Sendable {
        let heartbeatsSent = Atomic<Int>(0)
        let framesReceived = Atomic<Int>(0)
        let closedEarly = Atomic<Int>(0)
    }

    func run() async throws -> [String: Any] {
        let counters = Counters()
        let before = serverPID.flatMap(ProcessReading.read)
        let (outcomes, outcome) = AsyncStream.makeStream(of: Outcome.self)
        let started = ContinuousClock.now
        var configured = 0
        var failures: [String: Int] = [:]
        var connectTimes: [Double] = []
        var connectedAt = started
        var afterConnect: ProcessReading?
        var afterHold: ProcessReading?
        var samples: [[String: Any]] = []
        await withTaskGroup(of: Void.self) { group in
            var launched = 0
            let first = min(concurrency, count)
            while launched < first {
                let index = launched
                group.addTask { await session(index: index, counters: counters, outcome: outcome) }
                launched += 1
            }
            // Handshakes: keep `concurrency` in flight until every socket answered or the timeout.
            let timeout = Task {
                try? await Task.sleep(for: connectTimeout)
                outcome.yield(.failed("connect phase timed out"))
            }
            for await result in outcomes {
                switch result {
                case .configured(let elapsed):
                    configured += 1
                    connectTimes.append(elapsed.seconds)
                case .failed(let reason):
                    if reason == "connect phase timed out" {
                        failures[reason, default: 0] += count - launched
                        launched = count
                    } else {
                        failures[reason, default: 0] += 1
                    }
                }
                if launched < count {
                    let index = launched
                    group.addTask { await session(index: index, counters: counters, outcome: outcome) }
                    launched += 1
                }
                if configured + failures.values.reduce(0, +) >= count { break }
            }
            timeout.cancel()
            connectedAt = .now
            afterConnect = serverPID.flatMap(ProcessReading.read)
            // The idle hold, sampling the server every 5 s.
            let holdEnd = connectedAt + hold
            while ContinuousClock.now < holdEnd {
                try? await Task.sleep(until: min(holdEnd, .now + .seconds(5)))
                if let reading = serverPID.flatMap(ProcessReading.read) {
                    samples.append([
                        "t_s": (ContinuousClock.now - connectedAt).seconds, "rss_kib": reading.rssKiB,
                        "anonymous_kib": reading.anonymousKiB,
                    ])
                }
            }
            afterHold = serverPID.flatMap(ProcessReading.read)
            group.cancelAll()
            outcome.finish()
        }
        connectTimes.sort()
        let connectSeconds = (connectedAt - started).seconds
        var result: [String: Any] = [
            "mode": echoMode ? "echo" : "sandbox",
            "requested": count,
            "configured": configured,
            "failures": failures,
            "connect_s": connectSeconds,
            "connect_rate_per_s": Double(configured) / max(connectSeconds, 1e-9),
            "connect_p50_ms": percentile(connectTimes, 0.50) * 1000,
            "connect_p99_ms": percentile(connectTimes, 0.99) * 1000,
            "hold_s": hold.seconds,
            "heartbeat_s": heartbeat.seconds,
            "ping_s": ping?.seconds ?? 0,
            "concurrency": concurrency,
            "heartbeats_sent": counters.heartbeatsSent.load(ordering: .relaxed),
            "frames_received_while_idle": counters.framesReceived.load(ordering: .relaxed),
            "closed_early": counters.closedEarly.load(ordering: .relaxed),
            "samples": samples,
        ]
        if let before, let afterConnect, let afterHold {
            result["server_before"] = before.json
            result["server_connected"] = afterConnect.json
            result["server_after_hold"] = afterHold.json
            result["server_idle_cpu_cores"] = afterHold.cores(since: afterConnect)
            if configured > 0 {
                result["rss_per_session_bytes"] = Double(afterHold.rssKiB - before.rssKiB) * 1024 / Double(configured)
                result["anonymous_per_session_bytes"] =
                    Double(afterHold.anonymousKiB - before.anonymousKiB) * 1024 / Double(configured)
            }
        }
        return result
    }

    /// One guest: connect, configure, then idle with heartbeats until cancelled.
    func session(index: Int, counters: Counters, outcome: AsyncStream<Outcome>.Continuation) async {
        let token = UUID().uuidString.lowercased()
        let started = ContinuousClock.now
        let reported = OnceFlag()
        let report = { @Sendable (result: Outcome) in
            if reported.set() { outcome.yield(result) }
        }
        let heartbeat = self.heartbeat
        let echoMode = self.echoMode
        do {
            let configure = try GuestFrames.configure(token: token, deploymentId: deploymentId)
            let echo = try GuestFrames.heartbeat(token: token)
            try await WebSocketClient.connect(
                url: url, configuration: GuestFrames.clientConfiguration(ping: ping), logger: GuestFrames.logger
            ) { inbound, outbound, _ in
                try await outbound.write(.text(configure))
                var frames = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                guard case .text(let answer) = try await frames.next() else {
                    throw GuestSocketFailure(reason: "closed before configureSession was answered")
                }
                guard GuestFrames.isConfigured(answer, echoMode: echoMode) else {
                    throw GuestSocketFailure(reason: "configureSession refused: \(answer.prefix(160))")
                }
                report(.configured(.now - started))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        let offset = Double.random(in: 0..<1) * heartbeat.seconds
                        try await Task.sleep(for: .milliseconds(Int(offset * 1000)))
                        while true {
                            try await outbound.write(.text(echo))
                            counters.heartbeatsSent.add(1, ordering: .relaxed)
                            try await Task.sleep(for: heartbeat)
                        }
                    }
                    while try await frames.next() != nil {
                        counters.framesReceived.add(1, ordering: .relaxed)
                    }
                    if !Task.isCancelled { counters.closedEarly.add(1, ordering: .relaxed) }
                    group.cancelAll()
                }
            }
        } catch {
            if reported.isSet {
                if !Task.isCancelled { counters.closedEarly.add(1, ordering: .relaxed) }
            } else {
                let reason = (error as? GuestSocketFailure)?.reason ?? "\(type(of: error)): \(error)"
                report(.failed(String(reason.prefix(200))))
            }
        }
        // Ended without an answer or an error (cancelled during the handshake).
        report(.failed("ended before configureSession was answered"))
    }
}

/// A flag set once, from any task.
final class OnceFlag: Sendable {
    private let value = Atomic<Bool>(false)

    /// Sets the flag; `true` for the call that set it.
    func set() -> Bool {
        value.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }

    var isSet: Bool { value.load(ordering: .relaxed) }
}

/// The `fraction` percentile of sorted values (nearest rank); 0 when empty.
func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}
