import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

/// An entry whose transaction commits after later entries were sealed (PostgreSQL assigns the id
/// at insert): it gets the next free position, and the chain stays intact.
@Suite("Audit chain: an entry committed late (PostgreSQL)")
struct AuditChainLateEntryTests {
    final class Clock: Sendable {
        let time = NIOLockedValueBox(Date())
        func advance(_ seconds: Double) { time.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
        var now: Date { time.withLockedValue { $0 } }
    }

    @Test(
        "Sealed at the next position by the full pass a late window after the first",
        .enabled(if: StoreBackend.available.contains(.postgres)))
    func lateEntry() async throws {
        try await StoreBackend.postgres.withStore { store in
            let postgres = try #require(store as? PostgresUploadStateStore)
            try await AuditChainFixture.append(store, count: 2)
            let inserted = AsyncStream<Int64>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let late = Task {
                try await postgres.transaction { connection in
                    let entry = try await PostgresUploadStateStore.insertAudit(
                        AuditEntry(at: Date(), actor: "worker", action: "scan.clean", fileId: "late", detail: "slow"),
                        connection, postgres.logger)
                    inserted.continuation.yield(entry.id ?? -1)
                    for await _ in release.stream { break }
                }
            }
            var ids = inserted.stream.makeAsyncIterator()
            let lateId = try #require(await ids.next())
            try await AuditChainFixture.append(store, count: 2, tag: "after")
            let clock = Clock()
            let sealer = AuditSealer(
                store: try AuditChainFixture.chain(store),
                configuration: AuditSealConfiguration(lateWindow: .seconds(60), fullPassInterval: .seconds(600)),
                now: { clock.now })
            #expect(await sealer.sealPass().sealed == 4, "the open transaction's entry is not visible yet")
            release.continuation.yield()
            try await late.value
            clock.advance(5)
            #expect(await sealer.sealPass().sealed == 0, "an incremental pass looks above the sealed ids")
            #expect(try await AuditChainFixture.verify(store).isIntact, "a fresh unsealed entry is not a break")
            clock.advance(60)
            let pass = await sealer.sealPass()
            #expect(pass.fullPass)
            #expect(pass.sealed == 1)
            let links = try await AuditChainFixture.chain(store).auditChainLinks(after: 0, limit: 10)
            #expect(links.last?.seq == 5)
            #expect(links.last?.auditId == lateId)
            #expect(links.dropLast().allSatisfy { $0.auditId != lateId })
            #expect(
                try await AuditChainFixture.verify(store)
                    == .intact(AuditChainSummary(links: 5, head: pass.head, unsealed: 0)))
        }
    }
}
