import Logging
import NIOCore
import NIOPosix

/// A client for clamd, ClamAV's scanning daemon, over TCP or a Unix socket.
///
/// Every call opens its own connection and sends one z-command (`zPING`, `zVERSION`,
/// `zINSTREAM`), so a client is a plain value that can be shared freely between tasks.
/// Scans stream: data flows to clamd chunk by chunk, at the pace clamd accepts it, and is never
/// buffered whole.
///
/// ```swift
/// let clamd = ClamdClient(address: try ClamdAddress(parsing: "tcp://127.0.0.1:3310"))
/// switch try await clamd.scan(fileAt: "/tmp/upload.pdf") {
/// case .clean: promote()
/// case .infected(let signature): reject(signature)
/// }
/// ```
public struct ClamdClient: Sendable {
    /// Where clamd listens.
    public let address: ClamdAddress
    /// Timeouts and chunk size.
    public let configuration: Configuration
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger

    /// Creates a client; nothing is connected until a request is made.
    ///
    /// - Parameters:
    ///   - address: clamd's address.
    ///   - configuration: timeouts and chunk size.
    ///   - eventLoopGroup: the NIO event loops to run connections on (default: the shared singleton).
    ///   - logger: receives debug-level records of requests and verdicts (never file contents).
    public init(
        address: ClamdAddress,
        configuration: Configuration = Configuration(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "attache.clamd")
    ) {
        self.address = address
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Checks that clamd is up and answering (`zPING` → `PONG`).
    ///
    /// - Throws: ``ClamdError`` when clamd cannot be reached or answers anything but `PONG`.
    public func ping() async throws(ClamdError) {
        let reply = try await typed { try await self.exchange(command: "zPING").reply }
        try ClamdReply.pong(reply, from: address)
    }

    /// clamd's version line (`zVERSION`), such as `ClamAV 1.4.3/27829/Tue Nov 25 09:32:01 2026`.
    ///
    /// - Throws: ``ClamdError`` when clamd cannot be reached or the reply is not a version.
    public func version() async throws(ClamdError) -> String {
        let reply = try await typed { try await self.exchange(command: "zVERSION").reply }
        return try ClamdReply.version(reply, from: address)
    }

    /// Scans a stream of byte buffers with `zINSTREAM`.
    ///
    /// Buffers are sent as they arrive (split into chunks of at most
    /// ``Configuration/chunkSize``); the next buffer is pulled only once clamd has accepted the
    /// previous one.
    ///
    /// - Parameter chunks: the data, in order.
    /// - Returns: ``ClamdScanResult/clean`` only for clamd's exact `stream: OK` after the whole stream.
    /// - Throws: ``ClamdError``: ``ClamdError/streamTooLarge(_:)`` over clamd's `StreamMaxLength`,
    ///   ``ClamdError/sourceFailed(underlying:)`` when `chunks` throws, connection and timeout errors.
    public func scan<Chunks: AsyncSequence>(
        _ chunks: Chunks
    ) async throws(ClamdError) -> ClamdScanResult where Chunks.Element == ByteBuffer {
        var iterator = chunks.makeAsyncIterator()
        return try await scanPulling { try await iterator.next() }
    }

    /// Scans a stream of byte arrays with `zINSTREAM`; see the `ByteBuffer` variant.
    ///
    /// - Parameter chunks: the data, in order.
    /// - Returns: the verdict.
    /// - Throws: ``ClamdError``, as for the `ByteBuffer` variant.
    public func scan<Chunks: AsyncSequence>(
        _ chunks: Chunks
    ) async throws(ClamdError) -> ClamdScanResult where Chunks.Element == [UInt8] {
        var iterator = chunks.makeAsyncIterator()
        return try await scanPulling {
            try await iterator.next().map { ByteBuffer(bytes: $0) }
        }
    }

    /// Scans bytes already in memory with `zINSTREAM`.
    ///
    /// - Parameter bytes: the data.
    /// - Returns: the verdict.
    /// - Throws: ``ClamdError``, as for the `ByteBuffer` variant of `scan(_:)`.
    public func scan(bytes: some Collection<UInt8>) async throws(ClamdError) -> ClamdScanResult {
        var pending: ByteBuffer? = ByteBuffer(bytes: bytes)
        return try await scanPulling {
            defer { pending = nil }
            return pending
        }
    }

    /// Runs one `INSTREAM` scan whose data comes from `nextChunk` (nil = end of data).
    func scanPulling(
        _ nextChunk: () async throws -> ByteBuffer?
    ) async throws(ClamdError) -> ClamdScanResult {
        let start = ContinuousClock.now
        let exchange = try await typed {
            try await self.exchange(command: InstreamFraming.command, streaming: true, nextChunk: nextChunk)
        }
        let result = try ClamdReply.scanResult(exchange.reply, from: address)
        if result == .clean && !exchange.streamComplete {
            // clamd cannot have seen everything; never call an incompletely sent stream clean.
            throw .connectionClosed(address, reason: "before the whole stream was sent")
        }
        logger.debug(
            "clamd scan finished",
            metadata: [
                "clamd.address": "\(address)",
                "clamd.result": "\(result)",
                "clamd.bytes": "\(exchange.bytesStreamed)",
                "clamd.duration": "\(ContinuousClock.now - start)",
            ]
        )
        return result
    }

    /// Runs `body`, turning every error into a ``ClamdError``.
    func typed<T>(_ body: () async throws -> T) async throws(ClamdError) -> T {
        do {
            return try await body()
        } catch let error as ClamdError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .connectionClosed(address, reason: "unexpectedly: \(error)")
        }
    }
}
