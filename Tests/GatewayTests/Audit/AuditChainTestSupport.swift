import Foundation
import Testing

@testable import Gateway

/// Helpers shared by the audit-chain tests.
enum AuditChainFixture {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000.123_456)

    /// The store's audit chain (both test backends keep one).
    static func chain(_ store: any StoreUnderTest) throws -> any AuditChainStore {
        try #require(store as? any AuditChainStore, "\(type(of: store)) keeps no audit chain")
    }

    /// Appends `count` entries with awkward text (separators, newlines, `nil` and empty fields).
    @discardableResult
    static func append(
        _ store: any StoreUnderTest, count: Int, at: Date = Date(), tag: String = ""
    )
        async throws -> [AuditEntry]
    {
        var stored: [AuditEntry] = []
        for index in 0..<count {
            let entry = AuditEntry(
                at: at.addingTimeInterval(Double(index) / 1_000), actor: "guest:g-\(index)",
                action: index.isMultiple(of: 2) ? "upload.ticket" : "link.allowed",
                fileId: index.isMultiple(of: 3) ? nil : "file-\(tag)\(index)",
                detail: index.isMultiple(of: 4) ? "" : "size=\(index)|name=\"a\nb\" 🗂 \(tag)")
            stored.append(try await store.appendAudit(entry))
        }
        return stored
    }

    /// A sealer on `store` that seals everything at each pass.
    static func sealer(_ store: any StoreUnderTest, batchSize: Int = 500) throws -> AuditSealer {
        AuditSealer(store: try chain(store), configuration: AuditSealConfiguration(batchSize: batchSize))
    }

    /// Seals until a pass finds the chain free (another test's sealer may hold it) and returns
    /// that pass's report.
    @discardableResult
    static func seal(_ store: any StoreUnderTest) async throws -> AuditSealer.PassReport {
        let sealer = try sealer(store)
        let deadline = Date().addingTimeInterval(60)
        var report = await sealer.sealPass()
        while report.busy, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
            report = await sealer.sealPass()
        }
        return report
    }

    /// The verifier's verdict now.
    static func verify(
        _ store: any StoreUnderTest, grace: Duration = .seconds(900), anchor: AuditChainHead? = nil
    ) async throws -> AuditChainVerification {
        try await AuditChainVerifier(store: try chain(store), batchSize: 2).verify(
            now: Date(), unsealedGrace: grace, anchor: anchor)
    }

    /// The break, or a recorded issue when the chain verified intact.
    static func broken(_ verification: AuditChainVerification) -> AuditChainBreak? {
        guard case .broken(let broken) = verification else {
            Issue.record("expected a broken chain, got \(verification)")
            return nil
        }
        return broken
    }

    /// SQL that drops the append-only guard of `table`, as an insider with database admin rights would.
    static func dropGuard(_ table: String, backend: StoreBackend) -> [String] {
        switch backend {
        case .sqlite: ["DROP TRIGGER \(table)_no_update", "DROP TRIGGER \(table)_no_delete"]
        case .postgres: ["DROP TRIGGER \(table)_append_only ON \(table)"]
        }
    }
}
