import WebMessaging

extension GuestSession {
    /// Runs one open connection until it fails, the server closes it, or the session ends.
    func drive(_ connection: GuestConnection) async throws {
        let (inputs, input) = AsyncStream.makeStream(of: ConnectionInput.self)
        connectionInputs = input
        defer {
            connectionInputs = nil
            input.finish()
        }
        let tick = min(configuration.heartbeatInterval, configuration.responseTimeout) / 4
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await frame in connection.frames { input.yield(.frame(frame)) }
                    input.yield(.closed(nil))
                } catch {
                    input.yield(.closed(error))
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: tick)
                    input.yield(.tick)
                }
            }
            defer { group.cancelAll() }
            lastFrameAt = .now
            try await configure(connection, startNew: startNewRequested)
            for await item in inputs {
                switch item {
                case .frame(let text):
                    lastFrameAt = .now
                    try await handle(frame: text, on: connection)
                case .tick:
                    try await handleTick(on: connection)
                case .kick:
                    try await pump(connection)
                case .closed(let error):
                    throw GuestSessionError(.closedByServer, error.map { "\($0)" } ?? "the server closed the socket")
                }
            }
        }
    }

    /// Sends `configureSession` with the stored token.
    func configure(_ connection: GuestConnection, startNew: Bool) async throws {
        let session = try await loadOrCreate()
        let request = GuestRequest.configureSession(
            ConfigureSessionRequest(token: session.token, deploymentId: session.deploymentId, startNew: startNew))
        try write(request, on: connection)
        phase = .configuring(deadline: .now + configuration.responseTimeout)
    }

    func write(_ request: GuestRequest, on connection: GuestConnection) throws {
        connection.send(try request.jsonString())
        lastSentAt = .now
    }

    /// Deadlines, dead-socket detection and heartbeats.
    func handleTick(on connection: GuestConnection) async throws {
        let now = ContinuousClock.now
        switch phase {
        case .configuring(let deadline), .awaitingJwt(let deadline):
            if now >= deadline {
                throw GuestSessionError(.timeout, "no answer to \(phase) within \(configuration.responseTimeout)")
            }
        case .ready, .closed:
            break
        }
        if now - lastFrameAt >= configuration.deadSocketTimeout {
            throw GuestSessionError(.deadSocket, "no frame for \(configuration.deadSocketTimeout)")
        }
        if let inFlight, now - inFlight.sentAt >= configuration.responseTimeout {
            throw GuestSessionError(.timeout, "message not acknowledged within \(configuration.responseTimeout)")
        }
        if phase.wasConfigured, now - lastSentAt >= configuration.heartbeatInterval {
            let token = try await loadOrCreate().token
            try write(.echo(EchoRequest(token: token)), on: connection)
        }
        if let pausedUntil, now >= pausedUntil {
            self.pausedUntil = nil
            try await pump(connection)
        }
    }
}
