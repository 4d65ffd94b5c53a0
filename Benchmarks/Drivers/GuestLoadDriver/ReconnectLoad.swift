import Foundation
import GuestClient
import Logging

/// GuestClient sessions that lose their sockets: S ``GuestSession``s connect to the sandbox through
/// a ``CuttingProxy`` and each queues a numbered message every `interval`; `drops` times, each
/// queues one more, the proxy resets every socket and each queues one more again. Per session and
/// drop: the time from the cut to the session resumed (the first message acknowledged on a new
/// connection), next to the SDK's first backoff step, and the cores other processes took
/// meanwhile; at the end, every queued message must have been answered once by the echo agent.
struct ReconnectLoad {
    let backendHost: String
    let backendPort: Int
    let deploymentId: String
    let sessions: Int
    let drops: Int
    let interval: Duration
    let gap: Duration
    let resumeTimeout: Duration
    let policy: ReconnectPolicy
    let serverPID: Int?
    let quietCores: Double

    init(_ options: DriverOptions) {
        let backend = options.string("backend").split(separator: ":")
        backendHost = backend.first.map(String.init) ?? "127.0.0.1"
        guard backend.count == 2, let port = Int(backend[1]), port > 0 else {
            FileHandle.standardError.write(Data("GuestLoadDriver: --backend must be HOST:PORT\n".utf8))
            exit(64)
        }
        backendPort = port
        deploymentId = options.string("deployment", default: "bench")
        sessions = options.int("sessions", default: 100)
        drops = options.int("drops", default: 5)
        interval = .milliseconds(options.int("interval-ms", default: 250))
        gap = .milliseconds(options.int("gap-ms", default: 1500))
        resumeTimeout = .seconds(options.double("resume-timeout", default: 15))
        // The SDK's default schedule unless --base-ms is given.
        var policy = ReconnectPolicy()
        if let base = options.optional("base-ms").flatMap(Int.init) { policy.base = .milliseconds(base) }
        self.policy = policy
        serverPID = options.serverPID
        quietCores = options.double("quiet-cores", default: 0.25)
    }

    func run() async throws -> [String: Any] {
        let proxy = try await CuttingProxy(backendHost: backendHost, backendPort: backendPort)
        var logger = Logger(label: "reconnect-load")
        logger.logLevel = .critical
        var configuration = GuestSessionConfiguration.custom(
            baseURL: "http://127.0.0.1:\(proxy.port)", deploymentId: deploymentId)
        configuration.reconnect = policy
        let traces = (0..<sessions).map { ReconnectTrace(index: $0) }
        let guests = traces.map { _ in
            GuestSession(
                configuration: configuration, store: InMemorySessionStore(),
                transport: WebSocketGuestTransport(logger: logger), logger: logger)
        }
        var windows: [DropWindow] = []
        var warmedUp = false
        var drained = false
        let startedAt = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for (guest, trace) in zip(guests, traces) {
                group.addTask { await trace.record(guest.events) }
                group.addTask {
                    do {
                        try await guest.run()
                    } catch is CancellationError {
                    } catch {
                        trace.fail("\(error)")
                    }
                }
                // The first message starts the conversation (the agent accepts it).
                group.addTask { await Self.queue(on: guest, trace) }
            }
            warmedUp = await waitUntil(.seconds(60)) { traces.allSatisfy(\.allEchoed) }
            let senders = Task {
                await withTaskGroup(of: Void.self) { senders in
                    for (guest, trace) in zip(guests, traces) {
                        senders.addTask { await Self.keepSending(on: guest, trace, every: interval) }
                    }
                }
            }
            if warmedUp {
                for _ in 0..<drops {
                    try? await Task.sleep(for: gap)
                    // One message queued on every session just before the cut, so many are on the
                    // wire or unacknowledged when the sockets reset; one more right after the cut.
                    await Self.queueOnAll(guests, traces)
                    let before = MachineCPU.read(serverPID: serverPID)
                    let drop = ContinuousClock.now
                    var window = DropWindow(at: drop, socketsCut: await proxy.cut())
                    await Self.queueOnAll(guests, traces)
                    _ = await waitUntil(resumeTimeout) { traces.allSatisfy { $0.resumed(since: drop) } }
                    if let before, let after = MachineCPU.read(serverPID: serverPID) {
                        window.othersCores = after.othersCores(since: before)
                        window.ownCores = after.ownCores(since: before)
                    }
                    windows.append(window)
                }
            }
            senders.cancel()
            await senders.value
            drained = await waitUntil(.seconds(30)) { traces.allSatisfy(\.allEchoed) }
            group.cancelAll()
            await proxy.stop()
        }
        return report(traces, drops: windows, warmedUp: warmedUp, drained: drained)
            .merging(["duration_s": (ContinuousClock.now - startedAt).seconds]) { first, _ in first }
    }

    static func queueOnAll(_ guests: [GuestSession], _ traces: [ReconnectTrace]) async {
        await withTaskGroup(of: Void.self) { group in
            for (guest, trace) in zip(guests, traces) {
                group.addTask { await queue(on: guest, trace) }
            }
        }
    }

    static func queue(on guest: GuestSession, _ trace: ReconnectTrace) async {
        let text = trace.nextText()
        do {
            let id = try await guest.send(text: text)
            trace.queued(text, id: id)
        } catch {
            trace.fail("send: \(error)")
        }
    }

    /// A message every `interval`, starting at a random point of the first one.
    static func keepSending(on guest: GuestSession, _ trace: ReconnectTrace, every interval: Duration) async {
        do {
            try await Task.sleep(for: interval * Double.random(in: 0..<1))
            while true {
                await queue(on: guest, trace)
                try await Task.sleep(for: interval)
            }
        } catch {}
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes.
    func waitUntil(_ timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
