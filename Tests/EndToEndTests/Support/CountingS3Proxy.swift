import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// A loopback reverse proxy in front of moto's S3 that counts what reaches the object store and
/// can cut the network at the server side.
///
/// The gateway's S3 endpoint points here (`AWS_ENDPOINT_URL_S3`), so the presigned URLs the
/// browser PUTs to name the proxy; requests are forwarded to moto with their `Host` kept (the
/// signatures stay valid) and bodies streamed both ways. CORS is moto's own, from the bucket's
/// rule: the proxy adds nothing.
///
/// Every request is recorded with its method, key, `partNumber` and what became of it.
/// ``cut(_:)`` closes the connections of matching requests in flight and refuses (closes) new
/// ones until ``restore()``, as a dropped Wi-Fi link would look to the browser. ``hold(_:)``
/// keeps matching requests waiting before they are forwarded, so that a test can cut while
/// known parts are in flight.
///
/// It also injects S3's failures by a deterministic schedule (``inject(_:)``: `500
/// InternalError`, `503 SlowDown`, a dropped connection before or after the store acted, see
/// ``S3Fault``), and can refuse presigned URLs past their expiry as S3 does and moto does not
/// (``enforcePresignedExpiry()``). Every injected fault is recorded on its request.
final class CountingS3Proxy: Sendable {
    /// Which requests a cut or a hold applies to.
    enum Scope: Sendable, Equatable {
        /// Requests authorized by a presigned URL (`X-Amz-Signature` in the query): the browser's
        /// direct uploads. The gateway's own S3 calls (signed headers) keep working.
        case presigned
        /// Presigned part uploads with one of these part numbers.
        case parts(Set<Int>)
        /// Everything.
        case all

        func matches(_ request: S3ProxyRequest) -> Bool {
            switch self {
            case .presigned: request.presigned
            case .parts(let numbers): request.presigned && request.partNumber.map(numbers.contains) == true
            case .all: true
            }
        }
    }

    struct State {
        var records: [S3ProxyRequest] = []
        var inFlight: [Int: any Channel] = [:]
        var cut: Scope?
        var hold: Scope?
        var cuts = 0
        var rules: [S3FaultRuleState] = []
        var enforcesExpiry = false
    }

    let state = NIOLockedValueBox(State())
    /// Where requests go (moto), e.g. `http://127.0.0.1:5000`.
    let target: String
    /// The proxy's own address, once it listens.
    let port: NIOLockedValueBox<Int?> = NIOLockedValueBox(nil)

    init(target: String) {
        self.target = target.hasSuffix("/") ? String(target.dropLast()) : target
    }

    /// The proxy's URL (`http://127.0.0.1:PORT`).
    var url: String { "http://127.0.0.1:\(port.withLockedValue { $0 } ?? 0)" }

    // MARK: Control

    /// Cuts the network for matching requests: those in flight lose their connection, new ones
    /// are refused (their connection is closed without an answer) until ``restore()``.
    func cut(_ scope: Scope = .presigned) {
        let channels = state.withLockedValue { state -> [any Channel] in
            state.cut = scope
            state.cuts += 1
            var closing: [any Channel] = []
            for (index, channel) in state.inFlight where scope.matches(state.records[index]) {
                state.records[index].outcome = .interrupted
                state.records[index].inFlightAtOutage = true
                closing.append(channel)
            }
            return closing
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Notes an outage the proxy does not cause itself (the browser went offline): the requests
    /// in flight now are marked ``S3ProxyRequest/inFlightAtOutage``, since the browser may give
    /// them up and send them again.
    func noteOutage() {
        state.withLockedValue { state in
            for index in state.inFlight.keys { state.records[index].inFlightAtOutage = true }
        }
    }

    /// Ends a cut and releases held requests.
    func restore() {
        state.withLockedValue {
            $0.cut = nil
            $0.hold = nil
        }
    }

    /// Keeps matching requests waiting (connection open, nothing forwarded) until ``release()``,
    /// ``restore()`` or a ``cut(_:)`` that covers them.
    func hold(_ scope: Scope) {
        state.withLockedValue { $0.hold = scope }
    }

    /// Lets held requests go on.
    func release() {
        state.withLockedValue { $0.hold = nil }
    }

    /// Adds a fault rule; rules are consulted in the order added, the first that picks a
    /// request decides its fault.
    func inject(_ rule: S3FaultRule) {
        state.withLockedValue { $0.rules.append(S3FaultRuleState(rule: rule)) }
    }

    /// Answers presigned requests whose `X-Amz-Date` + `X-Amz-Expires` has passed when they
    /// are forwarded with `403 AccessDenied` (``S3Fault/expired``), as S3 does.
    func enforcePresignedExpiry() {
        state.withLockedValue { $0.enforcesExpiry = true }
    }

    /// Removes every fault rule (the requests keep their recorded faults).
    func clearFaults() {
        state.withLockedValue { $0.rules = [] }
    }

    /// The requests answered with an injected fault, in order.
    var faulted: [S3ProxyRequest] { requests.filter { $0.fault != nil } }

    /// How many faults were injected, by kind.
    var faultCounts: [S3Fault: Int] {
        faulted.reduce(into: [:]) { counts, request in
            if let fault = request.fault { counts[fault, default: 0] += 1 }
        }
    }

    // MARK: Counts

    /// Every request so far, in arrival order.
    var requests: [S3ProxyRequest] { state.withLockedValue { $0.records } }

    /// How many requests with this method, key and part number were forwarded to the store
    /// (refused ones are not counted: they never reached it).
    func forwardedCount(method: String, key: String, partNumber: Int? = nil) -> Int {
        requests.filter {
            $0.method == method && $0.key == key && $0.partNumber == partNumber && $0.reachedStore
        }.count
    }

    /// For each part number of the uploads whose key contains `keyFragment`: the requests, in order.
    func partUploads(keyContaining keyFragment: String) -> [Int: [S3ProxyRequest]] {
        var parts: [Int: [S3ProxyRequest]] = [:]
        for request in requests where request.method == "PUT" && request.key.contains(keyFragment) {
            if let number = request.partNumber { parts[number, default: []].append(request) }
        }
        return parts
    }

    /// The part numbers the store accepted (`PUT` answered 2xx) for keys containing `keyFragment`.
    func storedParts(keyContaining keyFragment: String) -> Set<Int> {
        Set(partUploads(keyContaining: keyFragment).filter { $0.value.contains(where: \.succeeded) }.keys)
    }

    /// One line per request (method, key, part, outcome), for failure messages.
    var summary: String {
        requests.map { request in
            "\(request.method) \(request.key)\(request.partNumber.map { " part \($0)" } ?? "")"
                + "\(request.presigned ? " (presigned)" : "") → \(request.outcome)"
        }.joined(separator: "\n")
    }

    /// Waits until `condition` holds over the recorded requests (or `timeout` passed).
    @discardableResult
    func waitFor(
        timeout: Duration = .seconds(20), _ condition: ([S3ProxyRequest]) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(requests) { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return condition(requests)
    }

    // MARK: Bookkeeping for the responder

    /// Records an arriving request; returns its index and whether it must be refused now.
    func admit(_ request: S3ProxyRequest, channel: any Channel) -> (index: Int, refuse: Bool) {
        state.withLockedValue { state in
            var request = request
            let refuse = state.cut?.matches(request) == true
            if refuse { request.outcome = .refused }
            state.records.append(request)
            let index = state.records.count - 1
            if !refuse { state.inFlight[index] = channel }
            return (index, refuse)
        }
    }

    /// Whether the request at `index` must wait (held), be dropped (cut meanwhile), or go.
    func gate(_ index: Int) -> Gate {
        state.withLockedValue { state in
            let request = state.records[index]
            if state.records[index].outcome == .interrupted || state.cut?.matches(request) == true {
                state.records[index].outcome = .interrupted
                return .drop
            }
            return state.hold?.matches(request) == true ? .wait : .go
        }
    }

    enum Gate { case wait, drop, go }

    /// The fault for the request at `index`, about to be forwarded, if a rule picks it (or its
    /// presigned URL has expired); recorded on the request.
    func fault(for index: Int, expired: Bool) -> S3Fault? {
        state.withLockedValue { state in
            let request = state.records[index]
            var chosen: S3Fault? = request.presigned && expired && state.enforcesExpiry ? .expired : nil
            for position in state.rules.indices where chosen == nil {
                chosen = state.rules[position].consider(request)
            }
            state.records[index].fault = chosen
            return chosen
        }
    }

    func markForwarded(_ index: Int) {
        state.withLockedValue { $0.records[index].reachedStore = true }
    }

    func finish(_ index: Int, outcome: S3ProxyRequest.Outcome) {
        state.withLockedValue { state in
            state.inFlight[index] = nil
            if state.records[index].outcome == .pending { state.records[index].outcome = outcome }
        }
    }

    // MARK: Lifecycle

    static let logger: Logger = {
        var logger = Logger(label: "counting-s3-proxy")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs a proxy to `target` on a free loopback port for the duration of `body`.
    static func with<T: Sendable>(target: String, _ body: (CountingS3Proxy) async throws -> T) async throws -> T {
        let proxy = CountingS3Proxy(target: target)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            responder: CountingS3ProxyResponder(proxy: proxy),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                await group.triggerGracefulShutdown()
                throw GuestUIHarnessError("the S3 proxy did not start")
            }
            proxy.port.withLockedValue { $0 = port }
            let result: T
            do {
                result = try await body(proxy)
            } catch {
                proxy.restore()
                await group.triggerGracefulShutdown()
                throw error
            }
            proxy.restore()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }
}

/// One request that reached the proxy.
struct S3ProxyRequest: Sendable, Equatable {
    /// What became of it.
    enum Outcome: Sendable, Equatable {
        /// Still going.
        case pending
        /// The store answered with this status (the answer went back to the client).
        case answered(Int)
        /// Refused during a cut: the connection was closed, nothing was forwarded.
        case refused
        /// Its connection was closed by a cut while it was held or in flight.
        case interrupted
        /// Forwarding failed (the store was unreachable, the client went away).
        case failed
    }

    /// `PUT`, `GET`, …
    var method: String
    /// The path without the leading slash: `bucket/key` (path-style addressing).
    var key: String
    /// `partNumber` from the query, for part uploads.
    var partNumber: Int?
    /// Whether it was authorized by a presigned URL (the browser), not by signed headers (the gateway).
    var presigned: Bool
    /// Whether it was forwarded to the store (it may still have been cut on the way).
    var reachedStore = false
    /// Whether it was held or in flight when the network was cut (``CountingS3Proxy/cut(_:)``
    /// or ``CountingS3Proxy/noteOutage()``): such a part may legitimately be sent once more.
    var inFlightAtOutage = false
    /// What became of it.
    var outcome: Outcome = .pending
    /// The S3 operation (``operation(method:key:query:copySource:)``).
    var operation = ""
    /// The fault injected on it, if any.
    var fault: S3Fault?
    /// When it arrived.
    var arrived = Date()

    /// Whether the store accepted it (2xx).
    var succeeded: Bool {
        if case .answered(let status) = outcome { return (200..<300).contains(status) }
        return false
    }
}

/// A failure of the guest UI test stack itself (not of the behaviour under test).
struct GuestUIHarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
