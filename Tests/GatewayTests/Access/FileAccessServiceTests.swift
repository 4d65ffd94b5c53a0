import Foundation
import Testing

@testable import Gateway

@Suite("File access service")
struct FileAccessServiceTests {
    @Test("A connected agent of the file's conversation gets a link to the clean object, valid for the TTL")
    func allowed() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload(filename: "Scan 1.pdf")
        let service = harness.service()
        #expect(
            try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
                == 1)
        harness.agent()
        let decision = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId)
        guard case .allowed(let url, let expiresAt, let linked) = decision else {
            Issue.record("expected allowed, got \(decision)")
            return
        }
        #expect(linked.fileId == record.fileId)
        #expect(url.contains("/clean/uploads/\(record.fileId)"))
        let query = queryItems(url)
        #expect(query["response-content-type"] == "application/pdf")
        #expect(query["response-content-disposition"] == ContentDisposition.header(filename: "Scan 1.pdf"))
        #expect(query["response-content-disposition"]?.hasPrefix("attachment;") == true)
        // Valid for the TTL, not after: checked with the store's own signature verification.
        let components = try #require(URLComponents(string: url))
        let verify = { (now: Date) in
            try harness.objects.signer.verify(
                method: "GET", path: components.path, rawQuery: components.percentEncodedQuery,
                header: { _ in nil }, now: now)
        }
        // The link's clock is the mint time: measure from its own expiry, so a loaded machine
        // (seconds between minting and this line) cannot move the bounds.
        let minted = expiresAt.addingTimeInterval(-60)
        _ = try verify(minted.addingTimeInterval(55))
        #expect(throws: LocalSignatureError.self) { try verify(minted.addingTimeInterval(121)) }
        #expect(expiresAt <= Date().addingTimeInterval(61))
        let audit = try await harness.linkAudit()
        #expect(audit.count == 1)
        #expect(audit.first?.action == "link.allowed")
        #expect(audit.first?.actor == "agent:\(harness.agentId)")
        #expect(audit.first?.fileId == record.fileId)
        #expect(audit.first?.detail?.contains("conversation=\(harness.conversationId) channel=data-action") == true)
        #expect(audit.first?.detail?.contains("sig") == false)
    }

    @Test("The widget channel opens previewable types inline")
    func widgetInline() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload()
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent()
        let decision = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId,
            channel: .widget)
        guard case .allowed(let url, _, _) = decision else {
            Issue.record("expected allowed, got \(decision)")
            return
        }
        #expect(queryItems(url)["response-content-disposition"]?.hasPrefix("inline;") == true)
        #expect(try await harness.linkAudit().first?.detail?.contains("channel=widget") == true)
    }

    @Test("Two minutes later, after the agent disconnected, the same call is denied; the first link has expired")
    func laterAfterDisconnect() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload()
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent()
        let first = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId)
        #expect(first.name == "allowed")
        harness.clock.advance(by: 120)
        harness.agent("disconnected")
        let later = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId)
        #expect(later == .denied(.agentNotConnected))
        let audit = try await harness.linkAudit()
        #expect(audit.map(\.action) == ["link.allowed", "link.denied"])
        #expect(audit.last?.detail?.contains("reason=agent-not-connected") == true)
        #expect(audit.last?.at == harness.clock.now)
        #expect(audit.count == 2 && audit[1].at.timeIntervalSince(audit[0].at) == 120)
    }

    @Test("Every denial reason", arguments: FileLinkDenial.allCases)
    func denials(reason: FileLinkDenial) async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload()
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent()
        var conversationId = harness.conversationId
        var agentId = harness.agentId
        var fileId = record.fileId
        switch reason {
        case .unknownFile:
            fileId = RandomID.make()
        case .otherConversation:
            let other = try await harness.upload(guest: RandomID.make())
            try await service.registerConversation(
                conversationId: UUID().uuidString.lowercased(), guestId: other.guestId)
            fileId = other.fileId
        case .agentNotConnected:
            agentId = UUID().uuidString.lowercased()  // a non-participant
        case .conversationNotFound:
            let unknown = UUID().uuidString.lowercased()
            let fresh = try await harness.upload(guest: RandomID.make())
            try await service.registerConversation(conversationId: unknown, guestId: fresh.guestId)
            conversationId = unknown
            fileId = fresh.fileId
        case .genesysUnavailable:
            harness.genesys.fail(with: GenesysPlatformError(status: 503, message: "down"))
        }
        let decision = try await service.fileLink(conversationId: conversationId, agentUserId: agentId, fileId: fileId)
        #expect(decision == .denied(reason))
        #expect(decision.reasonCode == reason.rawValue)
        let audit = try await harness.linkAudit()
        #expect(audit.count == 1)
        #expect(audit.first?.action == "link.denied")
        #expect(audit.first?.actor == "agent:\(agentId)")
        #expect(audit.first?.fileId == fileId)
        #expect(audit.first?.detail?.contains("reason=\(reason.rawValue)") == true)
        #expect(audit.first?.detail?.contains("conversation=\(conversationId)") == true)
    }

    @Test("No Genesys client configured: every link is denied genesys-unavailable")
    func noGenesys() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload()
        let service = harness.service(withGenesys: false)
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        let decision = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId)
        #expect(decision == .denied(.genesysUnavailable))
    }

    @Test("An alerting agent (offered, not accepted) and an empty user id are not connected")
    func notConnectedStates() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload()
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent("alerting")
        for user in [harness.agentId, ""] {
            let decision = try await service.fileLink(
                conversationId: harness.conversationId, agentUserId: user, fileId: record.fileId)
            #expect(decision == .denied(.agentNotConnected))
        }
        #expect(try await harness.linkAudit().map(\.actor) == ["agent:\(harness.agentId)", "agent:none"])
    }

    @Test(
        "A file that is not clean yet is pending with its state, and is marked announced",
        arguments: [
            UploadState.awaitingUpload, .scanning, .rejected,
        ])
    func pending(state: UploadState) async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload(state: state)
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent()
        let decision = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId)
        #expect(decision.name == "pending")
        #expect(decision.reasonCode == "not-clean")
        if case .pending(let reported, _) = decision { #expect(reported == state) }
        #expect(try await harness.state.announcedAt(fileId: record.fileId) == harness.clock.now)
        let audit = try await harness.linkAudit()
        #expect(audit.map(\.action) == ["link.pending"])
        #expect(audit.first?.detail?.contains("state=\(state.rawValue)") == true)
    }

    @Test("Naming a file of the conversation marks it announced once; another conversation's file is not marked")
    func announced() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload()
        let foreign = try await harness.upload(guest: RandomID.make())
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent("disconnected")
        _ = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId)
        let first = try #require(try await harness.state.announcedAt(fileId: record.fileId))
        harness.clock.advance(by: 30)
        _ = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId)
        #expect(try await harness.state.announcedAt(fileId: record.fileId) == first)
        _ = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: foreign.fileId)
        #expect(try await harness.state.announcedAt(fileId: foreign.fileId) == nil)
    }

    @Test("A file uploaded after registration is claimed by the first conversation that links it")
    func claimedOnFirstLink() async throws {
        let harness = try AccessHarness()
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        let later = try await harness.upload()
        #expect(later.conversationId == nil)
        harness.agent()
        let decision = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: later.fileId)
        #expect(decision.name == "allowed")
        #expect(try await harness.state.upload(fileId: later.fileId)?.conversationId == harness.conversationId)
        // The same guest in a second conversation: the claimed file stays with the first.
        let second = UUID().uuidString.lowercased()
        try await service.registerConversation(conversationId: second, guestId: harness.guestId)
        harness.genesys.set(FakeGenesysPlatform.conversation(second, agents: [(harness.agentId, "connected")]))
        let elsewhere = try await service.fileLink(
            conversationId: second, agentUserId: harness.agentId, fileId: later.fileId)
        #expect(elsewhere == .denied(.otherConversation))
    }

    @Test("A returning guest's new, unassigned file belongs to its newest conversation, not the ended one")
    func returningGuest() async throws {
        let harness = try AccessHarness()
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.clock.advance(by: 60)
        let second = UUID().uuidString.lowercased()
        try await service.registerConversation(conversationId: second, guestId: harness.guestId)
        let fresh = try await harness.upload()
        harness.agent()
        harness.genesys.set(FakeGenesysPlatform.conversation(second, agents: [(harness.agentId, "connected")]))
        #expect(try await service.listFiles(conversationId: harness.conversationId).isEmpty)
        #expect(try await service.listFiles(conversationId: second).map(\.fileId) == [fresh.fileId])
        let old = try await service.fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: fresh.fileId)
        #expect(old == .denied(.otherConversation))
        let current = try await service.fileLink(
            conversationId: second, agentUserId: harness.agentId, fileId: fresh.fileId)
        #expect(current.name == "allowed")
    }

    @Test("A malformed file id is unknown, audited without the id in the file column")
    func malformedFileId() async throws {
        let harness = try AccessHarness()
        harness.agent()
        let decision = try await harness.service().fileLink(
            conversationId: harness.conversationId, agentUserId: harness.agentId,
            fileId: "'; DROP TABLE uploads; --")
        #expect(decision == .denied(.unknownFile))
        let audit = try await harness.linkAudit()
        #expect(audit.first?.fileId == nil)
        #expect(audit.first?.detail?.contains("file=malformed") == true)
        #expect(audit.first?.detail?.contains("DROP") == false)
        #expect(harness.genesys.lookupCount == 0)
    }

    @Test("SQL and HTML in filenames are data: stored, listed and served as a sanitised attachment")
    func hostileNames() async throws {
        let harness = try AccessHarness()
        let names = [
            "x'); DROP TABLE uploads; --.pdf", "<script>alert(1)</script>.pdf", "\"quoted\" name.pdf",
        ]
        var records: [UploadRecord] = []
        for name in names {
            records.append(try await harness.upload(filename: FilenameSanitizer.sanitize(name)))
        }
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        let listed = try await service.listFiles(conversationId: harness.conversationId)
        #expect(listed.map(\.filename) == records.map(\.filename))
        harness.agent()
        for record in records {
            let decision = try await service.fileLink(
                conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId)
            guard case .allowed(let url, _, _) = decision else {
                Issue.record("expected allowed for \(record.filename)")
                continue
            }
            let disposition = try #require(queryItems(url)["response-content-disposition"])
            #expect(disposition == ContentDisposition.header(filename: record.filename))
            let fallback = disposition.split(separator: "\"")
            #expect(fallback.count == 3, "the ASCII fallback holds no quote: \(disposition)")
            #expect(queryItems(url)["response-content-type"] == "application/pdf")
        }
    }

    @Test("An HTML or SVG file is never served as such")
    func activeTypes() async throws {
        let harness = try AccessHarness()
        let html = try await harness.upload(filename: "page.html", contentType: "text/html", detectedType: "text/html")
        let svg = try await harness.upload(
            filename: "logo.svg", contentType: "image/svg+xml", detectedType: "image/svg+xml")
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        harness.agent()
        for record in [html, svg] {
            let decision = try await service.fileLink(
                conversationId: harness.conversationId, agentUserId: harness.agentId, fileId: record.fileId,
                channel: .widget)
            guard case .allowed(let url, _, _) = decision else {
                Issue.record("expected allowed")
                continue
            }
            #expect(queryItems(url)["response-content-type"] == "application/octet-stream")
            #expect(queryItems(url)["response-content-disposition"]?.hasPrefix("attachment;") == true)
        }
    }

    @Test("listFiles: only clean files of the conversation's guests, oldest first")
    func listFiles() async throws {
        let harness = try AccessHarness()
        let first = try await harness.upload(filename: "a.pdf")
        harness.clock.advance(by: 1)
        _ = try await harness.upload(filename: "b.pdf", state: .scanning)
        _ = try await harness.upload(guest: RandomID.make(), filename: "other.pdf")
        let service = harness.service()
        try await service.registerConversation(conversationId: harness.conversationId, guestId: harness.guestId)
        let second = try await harness.upload(filename: "c.pdf")
        let listed = try await service.listFiles(conversationId: harness.conversationId)
        #expect(listed.map(\.fileId) == [first.fileId, second.fileId])
        #expect(try await service.listFiles(conversationId: UUID().uuidString.lowercased()).isEmpty)
    }

    @Test("The link lifetime is clamped to 1 s … 1 h")
    func lifetimeClamp() throws {
        let harness = try AccessHarness()
        #expect(harness.service(lifetime: .seconds(0)).linkLifetime == .seconds(1))
        #expect(harness.service(lifetime: .seconds(7200)).linkLifetime == .seconds(3600))
        #expect(harness.service(lifetime: .seconds(90)).linkLifetime == .seconds(90))
    }
}
