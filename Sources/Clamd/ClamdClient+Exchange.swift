import NIOCore
import NIOPosix

/// The raw outcome of one request: clamd's reply and how much of the stream was sent.
struct ClamdExchange: Sendable {
    /// The reply text without its NUL terminator.
    var reply: String
    /// Whether the command, every chunk and the terminator were all written.
    var streamComplete: Bool
    /// Payload bytes written (INSTREAM only).
    var bytesStreamed: Int
}

extension ClamdClient {
    /// The longest reply accepted; clamd's replies are one short line.
    static let maximumReplyLength = 4096

    private enum ReplyEvent: Sendable {
        case reply([UInt8])
        case timedOut
    }

    private struct SourceFailure: Error {
        var underlying: any Error
    }

    private struct NoReply: Error {}

    /// Opens a connection, sends `command`, then (when `streaming`) the INSTREAM chunks pulled
    /// from `nextChunk` and the terminator, and returns clamd's reply.
    ///
    /// The reply is read concurrently with the writes: clamd answers early when it refuses a
    /// stream (size limit) and then closes, so its answer must be caught even though our writes fail.
    func exchange(
        command: String,
        streaming: Bool = false,
        nextChunk: () async throws -> ByteBuffer? = { nil }
    ) async throws -> ClamdExchange {
        let asyncChannel = try await connect()
        let channel = asyncChannel.channel
        let address = self.address
        let configuration = self.configuration
        return try await asyncChannel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: ReplyEvent.self) { group in
                do {
                    group.addTask { .reply(try await Self.readReply(from: inbound)) }

                    func send(_ buffers: [ByteBuffer]) async throws {
                        try await withDeadline(
                            configuration.writeTimeout,
                            closing: channel,
                            orThrow: .writeTimedOut(address, after: configuration.writeTimeout)
                        ) {
                            try await outbound.write(contentsOf: buffers)
                        }
                    }

                    var bytesStreamed = 0
                    var sendFailure: (any Error)?
                    do {
                        try await send([InstreamFraming.commandBytes(command)])
                        if streaming {
                            while let chunk = try await Self.pull(nextChunk) {
                                for slice in InstreamFraming.slices(
                                    of: chunk,
                                    maximumLength: configuration.chunkSize
                                ) {
                                    try await send([InstreamFraming.header(length: slice.readableBytes), slice])
                                    bytesStreamed += slice.readableBytes
                                }
                            }
                            try await send([InstreamFraming.terminator])
                        }
                    } catch let failure as SourceFailure {
                        throw ClamdError.sourceFailed(underlying: failure.underlying)
                    } catch let error as ClamdError {
                        throw error
                    } catch is CancellationError {
                        throw ClamdError.cancelled
                    } catch {
                        // Most likely clamd closed the connection (size limit, shutdown): its reply,
                        // if any, decides what happened.
                        sendFailure = error
                    }

                    group.addTask {
                        try await Task.sleep(for: configuration.readTimeout)
                        return .timedOut
                    }
                    let event: ReplyEvent?
                    do {
                        event = try await group.next()
                    } catch let error as CancellationError {
                        throw error
                    } catch {
                        let reason =
                            sendFailure.map { "while the request was being sent (\($0))" }
                            ?? "before clamd answered"
                        throw ClamdError.connectionClosed(address, reason: reason)
                    }
                    group.cancelAll()
                    guard case .reply(let bytes) = event else {
                        throw ClamdError.readTimedOut(address, after: configuration.readTimeout)
                    }
                    return ClamdExchange(
                        reply: ClamdReply.text(bytes),
                        streamComplete: sendFailure == nil,
                        bytesStreamed: bytesStreamed
                    )
                } catch {
                    // Ends the reader and any pending write at once, before the group waits for them.
                    channel.close(promise: nil)
                    throw error
                }
            }
        }
    }

    /// The next chunk from the source, with the source's errors marked as such.
    private static func pull(_ nextChunk: () async throws -> ByteBuffer?) async throws -> ByteBuffer? {
        do {
            return try await nextChunk()
        } catch {
            throw SourceFailure(underlying: error)
        }
    }

    /// Reads one reply: bytes up to the first NUL, or up to the end of the connection.
    private static func readReply(from inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async throws -> [UInt8] {
        var collected: [UInt8] = []
        do {
            for try await buffer in inbound {
                let view = buffer.readableBytesView
                if let nul = view.firstIndex(of: 0) {
                    collected.append(contentsOf: view[view.startIndex..<nul])
                    return collected
                }
                collected.append(contentsOf: view)
                if collected.count > maximumReplyLength { return collected }
            }
        } catch {
            // A reset right after the reply (clamd closing on unread data) must not hide the reply.
            if collected.isEmpty { throw error }
            return collected
        }
        if collected.isEmpty { throw NoReply() }
        return collected
    }

    /// Connects to ``address`` within the connect timeout.
    func connect() async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
        let initializer: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> = {
            channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        do {
            switch address {
            case .tcp(let host, let port):
                return try await bootstrap.connect(host: host, port: port, channelInitializer: initializer)
            case .unix(let path):
                return try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: initializer)
            }
        } catch let error as ChannelError {
            if case .connectTimeout = error {
                throw ClamdError.connectTimedOut(address, after: configuration.connectTimeout)
            }
            throw ClamdError.connectionFailed(address, reason: "\(error)")
        } catch let error as NIOConnectionError {
            throw ClamdError.connectionFailed(address, reason: Self.reason(error))
        } catch is CancellationError {
            throw ClamdError.cancelled
        } catch {
            throw ClamdError.connectionFailed(address, reason: "\(error)")
        }
    }

    /// A short reason for a failed TCP connection: the first socket error, or the lookup failure.
    private static func reason(_ error: NIOConnectionError) -> String {
        if let first = error.connectionErrors.first {
            if case ChannelError.connectTimeout = first.error { return "connect timed out" }
            return "\(first.error)"
        }
        if let lookup = error.dnsAError ?? error.dnsAAAAError {
            return "cannot resolve \(error.host): \(lookup)"
        }
        return "no address to connect to for \(error.host)"
    }
}
