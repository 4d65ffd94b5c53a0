import Foundation
import Testing

@testable import Gateway

/// The audit chain on each backend: sealing, verifying, and tampering an insider with database
/// admin rights could do (after dropping the append-only triggers), each reported by the
/// verifier with the entry concerned.
@Suite("Audit chain: seal and verify (SQLite and PostgreSQL)")
struct AuditChainStoreTests {
    typealias Fixture = AuditChainFixture

    @Test(
        "Sealed entries verify intact; later entries extend the chain; a pass with nothing new seals nothing",
        arguments: StoreBackend.available)
    func sealThenVerify(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            #expect(try await Fixture.verify(store) == .intact(AuditChainSummary(links: 0, head: nil, unsealed: 0)))
            let first = try await Fixture.append(store, count: 5)
            let sealer = try Fixture.sealer(store, batchSize: 2)
            let pass = await sealer.sealPass()
            #expect(pass.sealed == 5)
            #expect(pass.head?.seq == 5)
            guard case .intact(let summary) = try await Fixture.verify(store) else {
                Issue.record("not intact")
                return
            }
            #expect(summary.links == 5)
            #expect(summary.head == pass.head)
            #expect(summary.unsealed == 0)

            try await Fixture.append(store, count: 3, tag: "late")
            #expect(try await Fixture.verify(store).isIntact, "recent unsealed entries are not a break")
            #expect(await sealer.sealPass().sealed == 3)
            #expect(await sealer.sealPass().sealed == 0)
            let links = try await Fixture.chain(store).auditChainLinks(after: 0, limit: 100)
            #expect(links.map(\.seq) == Array(1...8))
            #expect(links.prefix(5).map(\.auditId) == first.compactMap(\.id))
            #expect(links.first?.prevHash == AuditChainHasher.genesis)
            for (previous, link) in zip(links, links.dropFirst()) { #expect(link.prevHash == previous.hash) }
            #expect(try await Fixture.verify(store, anchor: pass.head).isIntact, "the earlier head is an anchor")
        }
    }

    @Test("The chain refuses UPDATE and DELETE while its guard is in place", arguments: StoreBackend.available)
    func appendOnly(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            try await Fixture.append(stores[0], count: 2)
            try await Fixture.seal(stores[0])
            await #expect(throws: (any Error).self) {
                try await database.execute("UPDATE audit_chain SET hash = 'x' WHERE seq = 1")
            }
            await #expect(throws: (any Error).self) { try await database.execute("DELETE FROM audit_chain") }
            #expect(try await Fixture.verify(stores[0]).isIntact)
        }
    }

    @Test("An audit entry's detail edited in the database is reported with its id", arguments: StoreBackend.available)
    func editedEntry(backend: StoreBackend) async throws {
        try await backend.withDatabase { stores, database in
            let entries = try await Fixture.append(stores[0], count: 4)
            try await Fixture.seal(stores[0])
            let target = try #require(entries[2].id)
            for sql in Fixture.dropGuard("audit_log", backend: backend) { try await database.execute(sql) }
            try await database.execute("UPDATE audit_log SET detail = 'nothing to see' WHERE id = \(target)")
            let broken = try #require(Fixture.broken(try await Fixture.verify(stores[0])))
            #expect(broken.kind == .entryAltered)
            #expect(broken.auditId == target)
            #expect(broken.seq == 3)
            #expect(broken.description.contains("audit entry #\(target)"))
        }
    }

    @Test(
        "A deleted audit entry, a deleted link, an edited link hash and swapped links are each reported",
        arguments: StoreBackend.available)
    func chainTampering(backend: StoreBackend) async throws {
        for tampering in ["delete-entry", "delete-link", "edit-link-hash", "swap-links"] {
            try await backend.withDatabase { stores, database in
                let ids = try await Fixture.append(stores[0], count: 4).compactMap(\.id)
                try await Fixture.seal(stores[0])
                for sql in Fixture.dropGuard("audit_log", backend: backend)
                    + Fixture.dropGuard(
                        "audit_chain", backend: backend)
                {
                    try await database.execute(sql)
                }
                let expected: (AuditChainBreak.Kind, Int64)
                switch tampering {
                case "delete-entry":
                    try await database.execute("DELETE FROM audit_log WHERE id = \(ids[1])")
                    expected = (.entryMissing, 2)
                case "delete-link":
                    try await database.execute("DELETE FROM audit_chain WHERE seq = 2")
                    expected = (.linkMissing, 2)
                case "edit-link-hash":
                    try await database.execute("UPDATE audit_chain SET hash = prev_hash WHERE seq = 2")
                    expected = (.linkAltered, 2)
                default:
                    try await database.execute("UPDATE audit_chain SET audit_id = -1 WHERE seq = 2")
                    try await database.execute("UPDATE audit_chain SET audit_id = \(ids[1]) WHERE seq = 3")
                    try await database.execute("UPDATE audit_chain SET audit_id = \(ids[2]) WHERE seq = 2")
                    expected = (.entryAltered, 2)
                }
                let broken = try #require(Fixture.broken(try await Fixture.verify(stores[0])), "\(tampering)")
                #expect(broken.kind == expected.0, "\(tampering): \(broken)")
                #expect(broken.seq == expected.1, "\(tampering): \(broken)")
            }
        }
    }

    @Test(
        "An entry left unsealed past the grace period is reported; an anchor the chain lost is reported",
        arguments: StoreBackend.available)
    func unsealedAndAnchors(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await Fixture.append(store, count: 3)
            let head = try #require(try await Fixture.seal(store).head)
            let wrong = AuditChainHead(seq: head.seq, hash: String(repeating: "a", count: 64))
            #expect(Fixture.broken(try await Fixture.verify(store, anchor: wrong))?.kind == .anchorMismatch)
            let beyond = AuditChainHead(seq: head.seq + 5, hash: head.hash)
            #expect(Fixture.broken(try await Fixture.verify(store, anchor: beyond))?.kind == .anchorMismatch)

            let old = try #require(
                try await Fixture.append(store, count: 1, at: Date().addingTimeInterval(-3_600)).first?.id)
            let broken = try #require(Fixture.broken(try await Fixture.verify(store, grace: .seconds(900))))
            #expect(broken.kind == .unsealed)
            #expect(broken.auditId == old)
            #expect(try await Fixture.verify(store, grace: .seconds(7_200)).isIntact)
        }
    }

    @Test(
        "Two sealers on two instances racing with writers build one chain holding every entry once",
        arguments: StoreBackend.available)
    func racingSealers(backend: StoreBackend) async throws {
        try await backend.withDatabase(instances: 2) { stores, _ in
            let sealers = try stores.map { try Fixture.sealer($0, batchSize: 7) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask {
                        for round in 0..<6 {
                            try await Fixture.append(store, count: 5, tag: "w\(index)r\(round)")
                            await Task.yield()
                        }
                    }
                    let sealer = sealers[index]
                    group.addTask {
                        for _ in 0..<15 {
                            await sealer.sealPass()
                            await Task.yield()
                        }
                    }
                }
                try await group.waitForAll()
            }
            // Drain: a pass may have found the other sealer busy.
            let chain = try Fixture.chain(stores[0])
            let deadline = Date().addingTimeInterval(60)
            while try await chain.unsealedAuditCount() > 0, Date() < deadline {
                for sealer in sealers { await sealer.sealPass() }
            }
            let links = try await chain.auditChainLinks(after: 0, limit: 1_000)
            let entries = try await stores[1].auditEntries(fileId: nil)
            #expect(entries.count == 60)
            #expect(links.map(\.seq) == Array(1...Int64(entries.count)))
            #expect(Set(links.map(\.auditId)) == Set(entries.compactMap(\.id)))
            #expect(
                try await Fixture.verify(stores[1])
                    == .intact(
                        AuditChainSummary(
                            links: 60, head: links.last.map { AuditChainHead(seq: $0.seq, hash: $0.hash) },
                            unsealed: 0)))
        }
    }
}
