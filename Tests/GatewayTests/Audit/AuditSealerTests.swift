import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

/// The sealer's passes against a recording store: which ids each pass looks above, batching,
/// and a busy chain.
@Suite("Audit chain: sealer passes")
struct AuditSealerTests {
    /// Records the floor of each call; answers with a scripted outcome.
    final class RecordingStore: AuditChainStore {
        let calls = NIOLockedValueBox<[Int64]>([])
        let highest = NIOLockedValueBox<Int64>(0)
        let pending = NIOLockedValueBox<Int>(0)
        let busy = NIOLockedValueBox(false)

        func sealAuditEntries(after floor: Int64, limit: Int, at: Date) async throws -> AuditSealOutcome {
            calls.withLockedValue { $0.append(floor) }
            if busy.withLockedValue({ $0 }) { return .busy }
            let count = pending.withLockedValue { pending in
                let count = min(pending, limit)
                pending -= count
                return count
            }
            let top = highest.withLockedValue { highest in
                highest += Int64(count)
                return highest
            }
            let links = (0..<count).map { index in
                AuditChainLink(
                    seq: top - Int64(count) + Int64(index) + 1, auditId: top - Int64(count) + Int64(index) + 1,
                    prevHash: "", hash: "h", sealedAt: at, entry: nil)
            }
            return .sealed(
                links: links, head: top > 0 ? AuditChainHead(seq: top, hash: "h") : nil, highestSealedAuditId: top)
        }

        func auditChainLinks(after seq: Int64, limit: Int) async throws -> [AuditChainLink] { [] }
        func unsealedAuditEntries(before: Date, limit: Int) async throws -> [AuditEntry] { [] }
        func unsealedAuditCount() async throws -> Int { pending.withLockedValue { $0 } }
    }

    final class Clock: Sendable {
        let time = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))
        func advance(_ seconds: Double) { time.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
        var now: Date { time.withLockedValue { $0 } }
    }

    @Test("Batches repeat until a short one; the first pass starts at 0, later ones at the id sealed a window ago")
    func floors() async {
        let store = RecordingStore()
        let clock = Clock()
        let sealer = AuditSealer(
            store: store,
            configuration: AuditSealConfiguration(
                batchSize: 10, lateWindow: .seconds(60), fullPassInterval: .seconds(600)),
            now: { clock.now })
        store.pending.withLockedValue { $0 = 25 }
        let first = await sealer.sealPass()
        #expect(first.sealed == 25)
        #expect(first.fullPass)
        #expect(store.calls.withLockedValue { $0 } == [0, 10, 20], "each batch looks above the previous one")

        clock.advance(5)
        store.pending.withLockedValue { $0 = 3 }
        let second = await sealer.sealPass()
        #expect(second.sealed == 3)
        #expect(!second.fullPass)
        #expect(store.calls.withLockedValue { $0.last } == 25, "within the first window: the first pass's mark")

        clock.advance(60)
        #expect(await sealer.sealPass().fullPass, "one late window after the first pass: a second full pass")
        #expect(store.calls.withLockedValue { $0.last } == 0)

        clock.advance(5)
        #expect(await !sealer.sealPass().fullPass)
        #expect(store.calls.withLockedValue { $0.last } == 28, "the mark of the pass a window ago")

        clock.advance(590)
        #expect(await !sealer.sealPass().fullPass)
        clock.advance(10)
        #expect(await sealer.sealPass().fullPass, "every full-pass interval")
        #expect(store.calls.withLockedValue { $0.last } == 0)
    }

    @Test("A busy chain (another replica sealing) ends the pass without error")
    func busy() async {
        let store = RecordingStore()
        store.busy.withLockedValue { $0 = true }
        store.pending.withLockedValue { $0 = 5 }
        let report = await AuditSealer(store: store).sealPass()
        #expect(report.busy)
        #expect(report.sealed == 0)
        #expect(store.calls.withLockedValue { $0.count } == 1)
    }

    @Test("ATTACHE_AUDIT_SEAL_SECONDS: default 5, whole seconds 1-3600")
    func configuration() throws {
        let defaults = try GatewayConfiguration(layers: ConfigurationLayers([.environment([:])]))
        #expect(defaults.audit.interval == .seconds(5))
        let set = try GatewayConfiguration(
            layers: ConfigurationLayers([.environment(["ATTACHE_AUDIT_SEAL_SECONDS": "30"])]))
        #expect(set.audit.interval == .seconds(30))
        for bad in ["0", "3601", "5s", "-1"] {
            #expect(throws: ConfigurationError.self) {
                try GatewayConfiguration(
                    layers: ConfigurationLayers([.environment(["ATTACHE_AUDIT_SEAL_SECONDS": bad])]))
            }
        }
    }
}
