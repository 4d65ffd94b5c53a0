import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket

/// One WebDriver BiDi WebSocket (`ws://127.0.0.1:PORT/session`): commands are numbered, sent as
/// JSON text frames, and each caller waits for the response carrying its id; events are read
/// alongside (console messages are kept for diagnostics).
public final class FirefoxBiDiConnection: Sendable {
    /// The commands in flight and their answers, by command id.
    actor Exchange {
        private var lastId = 0
        private var methods: [Int: String] = [:]
        private var waiters: [Int: CheckedContinuation<BiDiValue, any Error>] = [:]
        private var answered: [Int: Result<BiDiValue, any Error>] = [:]
        private var closed: (any Error)?
        private(set) var console: [String] = []

        /// A new command id, awaiting its answer.
        func open(_ method: String) -> Int {
            lastId += 1
            methods[lastId] = method
            return lastId
        }

        /// The method of an open command.
        func method(_ id: Int) -> String? { methods[id] }

        /// Settles command `id` (the first settlement wins; ids not open are ignored).
        func settle(_ id: Int, _ result: Result<BiDiValue, any Error>) {
            guard methods.removeValue(forKey: id) != nil else { return }
            if let waiter = waiters.removeValue(forKey: id) {
                waiter.resume(with: result)
            } else {
                answered[id] = result
            }
        }

        /// Waits for command `id`'s answer.
        func answer(_ id: Int) async throws -> BiDiValue {
            if let result = answered.removeValue(forKey: id) { return try result.get() }
            if let closed, methods[id] != nil {
                methods[id] = nil
                throw closed
            }
            return try await withCheckedThrowingContinuation { waiters[id] = $0 }
        }

        /// The socket is gone: every open command fails with `error`, and so do later ones.
        func close(_ error: any Error) {
            closed = closed ?? error
            for (id, waiter) in waiters {
                methods[id] = nil
                waiter.resume(throwing: error)
            }
            waiters = [:]
        }

        func log(_ line: String) {
            console.append(line)
            if console.count > 500 { console.removeFirst(console.count - 500) }
        }
    }

    let exchange = Exchange()
    private let outgoing: AsyncStream<String>.Continuation

    private init(outgoing: AsyncStream<String>.Continuation) {
        self.outgoing = outgoing
    }

    /// Connects to `url`, runs `body` with the connection, then closes the socket (also when
    /// `body` throws).
    public static func with<T: Sendable>(
        url: String, _ body: (FirefoxBiDiConnection) async throws -> T
    ) async throws -> T {
        let (frames, continuation) = AsyncStream.makeStream(of: String.self)
        let connection = FirefoxBiDiConnection(outgoing: continuation)
        let logger = {
            var logger = Logger(label: "firefox-bidi")
            logger.logLevel = .warning
            return logger
        }()
        let configuration = WebSocketClientConfiguration(maxFrameSize: 32 << 20, closeTimeout: .seconds(5))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                do {
                    try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) {
                        inbound, outbound, _ in
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for await frame in frames { try await outbound.write(.text(frame)) }
                                try await outbound.close(.normalClosure, reason: nil)
                            }
                            for try await message in inbound.messages(maxSize: 32 << 20) {
                                if case .text(let text) = message { await connection.receive(text) }
                            }
                            group.cancelAll()
                        }
                    }
                    await connection.exchange.close(FirefoxBiDi.Failure("the BiDi WebSocket was closed"))
                } catch {
                    await connection.exchange.close(FirefoxBiDi.Failure("the BiDi WebSocket failed: \(error)"))
                }
            }
            let result: T
            do {
                result = try await body(connection)
            } catch {
                continuation.finish()
                tasks.cancelAll()
                throw error
            }
            continuation.finish()
            try await tasks.waitForAll()
            return result
        }
    }

    /// Sends command `method` with `params` and returns its `result`.
    /// - Throws: ``FirefoxBiDi/Failure`` when the browser answers with an error, gives no answer
    ///   within `timeout`, or the socket closes.
    @discardableResult
    public func send(
        _ method: String, _ params: BiDiValue = [:], timeout: Duration = .seconds(60)
    ) async throws -> BiDiValue {
        let exchange = exchange
        let id = await exchange.open(method)
        let frame = try BiDiValue.object(["id": .number(Double(id)), "method": .string(method), "params": params])
            .jsonText()
        let timer = Task {
            try await Task.sleep(for: timeout)
            await exchange.settle(id, .failure(FirefoxBiDi.Failure("\(method) got no answer within \(timeout)")))
        }
        defer { timer.cancel() }
        outgoing.yield(frame)
        return try await withTaskCancellationHandler {
            try await exchange.answer(id)
        } onCancel: {
            Task { await exchange.settle(id, .failure(CancellationError())) }
        }
    }

    /// The console messages (`level: text`) and uncaught page errors seen so far, once the
    /// session subscribed to `log.entryAdded`.
    public func console() async -> [String] {
        await exchange.console
    }

    /// One frame from the browser: a command's answer or an event. Frames that are not BiDi
    /// messages are ignored.
    func receive(_ text: String) async {
        guard let message = try? BiDiValue.parse(text) else { return }
        switch message["type"].string {
        case "success":
            guard let id = message["id"].int else { return }
            await exchange.settle(id, .success(message["result"]))
        case "error":
            guard let id = message["id"].int else { return }
            let method = await exchange.method(id) ?? "command \(id)"
            let error = message["error"].string ?? "error"
            let detail = message["message"].string ?? ""
            await exchange.settle(id, .failure(FirefoxBiDi.Failure("\(method): \(error): \(detail.prefix(500))")))
        case "event":
            guard message["method"].string == "log.entryAdded" else { return }
            let entry = message["params"]
            let level = entry["level"].string ?? "info"
            let origin = entry["type"].string == "javascript" ? "uncaught " : ""
            await exchange.log("\(origin)\(level): \(entry["text"].string ?? "")")
        default:
            return
        }
    }
}
