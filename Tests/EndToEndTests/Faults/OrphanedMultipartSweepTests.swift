import AWSClients
import Foundation
import Gateway
import GuestClient
import Testing

/// The retention sweeper's abandoned-multipart pass (``OrphanedMultipartSweep``) against moto
/// (through the fault proxy: an abort failing under the gateway and under the sweeper) and
/// against the embedded store. The abandon limit is 2 s here (24 h by default):
/// - A: a ticket whose guest never sent the parts (`awaiting_upload`) → `expired`, aborted,
///   audited `multipart.abandoned`;
/// - B: an open upload with no upload row (a ticket whose row was never stored) → aborted,
///   audited `multipart.orphan_aborted`;
/// - C: an upload the guest aborted (`expired`) whose store abort failed → aborted, audited;
/// - D: a ticket younger than the limit → left alone, still `awaiting_upload`.
@Suite("Fault injection: abandoned multipart uploads", .serialized)
struct OrphanedMultipartSweepTests {
    static let limit: Duration = .seconds(2)

    /// What the scenario created.
    struct Scenario {
        var abandoned: String
        var stray: (key: String, uploadID: String)
        var aborted: String
        var young: String
    }

    /// A multipart ticket (12 MiB: three parts) for `guestId`; returns the file id.
    static func ticket(_ pipeline: GatewayPipeline, guestId: String, name: String) async throws -> String {
        let ticket = try await pipeline.uploads.createTicket(
            guestId: guestId,
            request: .init(filename: name, size: 12 << 20, contentType: "application/pdf"))
        return ticket.fileId
    }

    /// Creates A, B, C, waits past the limit, creates D.
    /// - Parameters:
    ///   - makeStray: opens a multipart upload under `uploads/` without a row; returns its key and id.
    ///   - guestAbort: the guest's abort of C (guest id, file id) whose store call fails.
    static func prepare(
        _ pipeline: GatewayPipeline,
        makeStray: (String) async throws -> String,
        guestAbort: (String, String) async throws -> Void
    ) async throws -> Scenario {
        let guest = try await pipeline.guests.register(sessionToken: "orphan-guest-\(UUID())", deploymentId: "faults")
        let guestId = guest.guest.guestId
        let abandoned = try await ticket(pipeline, guestId: guestId, name: "never-sent.pdf")
        let strayKey = UploadRecord.objectKey(forFileId: RandomID.make())
        let strayID = try await makeStray(strayKey)
        let aborted = try await ticket(pipeline, guestId: guestId, name: "aborted.pdf")
        try await guestAbort(guestId, aborted)
        #expect(try await pipeline.state.upload(fileId: aborted)?.state == .expired)
        try await Task.sleep(for: limit + .seconds(1))
        let young = try await ticket(pipeline, guestId: guestId, name: "still-sending.pdf")
        return Scenario(abandoned: abandoned, stray: (strayKey, strayID), aborted: aborted, young: young)
    }

    /// Runs two retention passes and checks what they did; returns the open uploads left.
    static func sweepAndCheck(
        _ pipeline: GatewayPipeline, _ scenario: Scenario, strayAbortFails: Bool
    ) async throws -> [PendingMultipartUpload] {
        let listing = try #require(pipeline.objects as? any MultipartUploadListing)
        let sweeper = RetentionSweeper(
            store: pipeline.state, objects: pipeline.objects,
            orphans: OrphanedMultipartSweep(objects: listing, state: pipeline.state, abandonAfter: limit),
            replica: "fault-test")
        let first = await sweeper.runPass().multipart
        let second = await sweeper.runPass().multipart
        let state = pipeline.state
        let abandonedId = try #require(try await state.upload(fileId: scenario.abandoned)?.uploadId)
        let abortedId = try #require(try await state.upload(fileId: scenario.aborted)?.uploadId)

        #expect(first.expired == [scenario.abandoned])
        #expect(first.aborted[abandonedId] == "awaiting_upload→expired")
        #expect(first.aborted[abortedId] == "expired")
        if strayAbortFails {
            #expect(first.failed == [scenario.stray.uploadID])
            #expect(second.aborted == [scenario.stray.uploadID: "absent"])
        } else {
            #expect(first.aborted[scenario.stray.uploadID] == "absent")
            #expect(second.aborted.isEmpty)
        }
        #expect(second.expired.isEmpty && second.failed.isEmpty)

        #expect(try await state.upload(fileId: scenario.abandoned)?.state == .expired)
        #expect(try await state.upload(fileId: scenario.young)?.state == .awaitingUpload)
        let abandonedAudit = try await state.auditEntries(fileId: scenario.abandoned).map(\.action)
        #expect(abandonedAudit.filter { $0 == "multipart.abandoned" }.count == 1)
        let abortedAudit = try await state.auditEntries(fileId: scenario.aborted).map(\.action)
        #expect(abortedAudit.filter { FaultInvariants.finalActions.contains($0) } == ["upload.abort"])
        #expect(abortedAudit.contains("multipart.orphan_aborted"))
        let strayFile = try #require(UploadRecord.fileId(fromObjectKey: scenario.stray.key))
        #expect(try await state.auditEntries(fileId: strayFile).map(\.action) == ["multipart.orphan_aborted"])
        #expect(try await state.auditEntries(fileId: scenario.young).allSatisfy { !$0.action.hasPrefix("multipart.") })

        let open = try await listing.pendingMultipartUploads(
            prefix: "uploads/", startedBefore: .distantFuture, limit: 100)
        #expect(open.map(\.key) == [UploadRecord.objectKey(forFileId: scenario.young)])
        return open
    }

    @Test(
        "Against moto, through the fault proxy: abandoned and orphaned multipart uploads older than the limit are aborted (one abort retried on the next pass), audited, their awaiting rows expired; a young one is kept",
        .enabled(if: FaultStack.available), arguments: FaultStack.Backend.available)
    func moto(backend: FaultStack.Backend) async throws {
        try await FaultStack.with(backend: backend) { stack in
            let pipeline = stack.gateway.pipeline
            let scenario = try await Self.prepare(
                pipeline,
                makeStray: { key in
                    // Its first sweep's abort fails (every attempt of the S3 client answers 500).
                    stack.proxy.inject(
                        S3FaultRule(
                            .internalError, on: ["AbortMultipartUpload"], keyContaining: key,
                            schedule: .firstPerKey(4)))
                    return try await stack.s3.createMultipartUpload(bucket: stack.quarantineBucket, key: key).uploadID
                },
                guestAbort: { guestId, fileId in
                    // The gateway marks the upload expired, then its abort fails (SlowDown, every attempt).
                    stack.proxy.inject(
                        S3FaultRule(
                            .slowDown, on: ["AbortMultipartUpload"], keyContaining: fileId,
                            schedule: .firstPerKey(4)))
                    await #expect(throws: (any Error).self) {
                        try await pipeline.uploads.abort(guestId: guestId, fileId: fileId)
                    }
                })
            // A file that went all the way, next to them, is not touched.
            let bytes = S3FaultUploadTests.pdf(seed: 21, size: 6 << 20)
            let url = try FaultStack.write(bytes, name: "done.pdf")
            defer { try? FileManager.default.removeItem(at: url) }
            let uploader = stack.uploader()
            let done = try await uploader.upload(GatewayUploadRequest(fileURL: url, contentType: "application/pdf"))
            #expect(try await uploader.waitForFinalState(fileId: done.fileId).state == .clean)

            _ = try await Self.sweepAndCheck(pipeline, scenario, strayAbortFails: true)
            let invariants = try await FaultInvariants.check(
                stack,
                expected: [
                    scenario.abandoned: .init(state: .expired), scenario.aborted: .init(state: .expired),
                    done.fileId: .init(state: .clean, sha256: FaultStack.sha256(bytes)),
                ],
                openBefore: Date().addingTimeInterval(-Double(Self.limit.components.seconds)))
            print(
                "abandoned multipart uploads (moto, \(backend)): \(stack.proxy.faulted.count) faults "
                    + "\(stack.proxy.faultCounts); \(invariants)")
            #expect(invariants.holds, "\(invariants)")
            #expect(stack.proxy.faulted.count == 8)
        }
    }

    @Test("Against the embedded store: the same sweep aborts the abandoned and orphaned multipart folders")
    func embedded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-orphans-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try await RecoveryEndToEndHarness.freeLoopbackPort()
        let values = [
            "ATTACHE_HOST": "127.0.0.1", "ATTACHE_PORT": "\(port)", "ATTACHE_PUBLIC_URL": "http://127.0.0.1:\(port)",
            "ATTACHE_DATABASE_URL": "sqlite:\(directory.path)/state.sqlite",
            "ATTACHE_STORE": "local:\(directory.path)/objects", "ATTACHE_PART_SIZE": "5MiB",
            "ATTACHE_LOG_LEVEL": "critical",
        ]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await EndToEndGateway.run(values: values, origin: "fault-test", logger: FaultStack.logger) { gateway in
            let pipeline = gateway.pipeline
            let scenario = try await Self.prepare(
                pipeline,
                makeStray: { key in
                    try await pipeline.objects.createMultipartUpload(key: key, contentType: "application/pdf")
                },
                guestAbort: { guestId, fileId in
                    // What the gateway's abort leaves when the store's abort fails: the upload
                    // marked expired (audited), its multipart folder still there.
                    let audit = AuditEntry(
                        at: Date(), actor: "guest:\(guestId)", action: "upload.abort", fileId: fileId)
                    let moved = try await pipeline.state.transition(
                        fileId: fileId, from: [.awaitingUpload], to: .expired, reason: "aborted by the guest",
                        audit: audit)
                    #expect(moved)
                })
            _ = try await Self.sweepAndCheck(pipeline, scenario, strayAbortFails: false)
        }
    }
}
