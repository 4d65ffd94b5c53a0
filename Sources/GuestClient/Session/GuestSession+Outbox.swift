import WebMessaging

extension GuestSession {
    /// Sends the oldest queued message when nothing is in flight and the session is ready.
    /// One message at a time: the order is kept and a lost acknowledgement concerns one message.
    func pump(_ connection: GuestConnection) async throws {
        try await sendNativeRequests(connection)
        guard phase == .ready, inFlight == nil, pausedUntil == nil else { return }
        guard let item = try await loadOrCreate().outbox.first else { return }
        if readOnly {
            startNewRequested = true
            try await configure(connection, startNew: true)
            return
        }
        if !item.attempted {
            try await mutate { session in
                if let index = session.outbox.firstIndex(where: { $0.id == item.id }) {
                    session.outbox[index].attempted = true
                }
            }
        }
        // The state may have moved while the flag was saved.
        guard phase == .ready, inFlight == nil, pausedUntil == nil else { return }
        let session = try await loadOrCreate()
        guard session.outbox.contains(where: { $0.id == item.id }) else { return }
        var metadata = item.metadata
        metadata["customMessageId"] = item.id
        let request = GuestRequest.text(
            item.text, token: session.token, metadata: metadata, attachmentIds: item.attachmentIds,
            customAttributes: item.customAttributes.isEmpty ? nil : item.customAttributes,
            tracingId: item.id)
        try write(request, on: connection)
        inFlight = (item.id, .now)
    }

    /// The server has the message `clientId`: drop it from the outbox.
    func acknowledge(_ clientId: String) async throws {
        let removed = try await mutate { session -> Bool in
            guard session.outbox.contains(where: { $0.id == clientId }) else { return false }
            session.outbox.removeAll { $0.id == clientId }
            return true
        }
        guard removed else { return }
        if inFlight?.id == clientId { inFlight = nil }
        eventSink.yield(.delivered(clientMessageId: clientId))
    }

    /// After a reconnect: reports the messages missed while away (oldest first) and acknowledges
    /// queued messages the server already has, so they are not sent twice.
    ///
    /// Paging stops at the first page holding a message known to have no gap before it
    /// (``contiguous``); messages merely seen, say on a socket that died before its own fill,
    /// cannot end it.
    func fillHistory(jwt: String) async throws {
        var missed: [StructuredMessage] = []
        var fetched: [String] = []
        var pageNumber = 1
        while pageNumber <= configuration.maxHistoryPages {
            let page = try await history.page(jwt: jwt, pageNumber: pageNumber, pageSize: 25)
            var reachedKnown = false
            for message in page.entities {
                fetched.append(message.id)
                if contiguous.contains(message.id) {
                    reachedKnown = true
                } else if !seen.contains(message.id) {
                    missed.append(message)
                }
            }
            if reachedKnown || pageNumber >= page.pageCount { break }
            pageNumber += 1
        }
        for message in missed.reversed() {
            if message.direction == .inbound, let clientId = message.customMessageId {
                try await acknowledge(clientId)
            }
            if seen.insert(message.id) { eventSink.yield(.message(message)) }
        }
        for id in fetched.reversed() { _ = contiguous.insert(id) }
    }
}
