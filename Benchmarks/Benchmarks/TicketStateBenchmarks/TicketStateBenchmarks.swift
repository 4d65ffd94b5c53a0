import Benchmark
import Foundation
import GRDB
import Gateway

/// The database work of one upload ticket, measured apart from HTTP: what the gateway does (the
/// quota-checked insert of the upload row and its audit entry through `GRDBUploadStateStore`,
/// group-committed), by one caller at a time and by 64 concurrent callers, and, as references,
/// the same SQL in a transaction of its own with GRDB's cached statements, with and without the
/// hop from Swift concurrency to GRDB's queue. The
/// database is a file in a temporary folder, seeded with 20,000 uploads across 4,096 guests (the
/// state the ticket benchmark leaves), WAL mode, as the gateway opens it.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        warmupIterations: 50,
        maxDuration: .seconds(3),
        maxIterations: 20_000
    )
    guard let setup = try? TicketDatabase() else {
        fatalError("cannot create the benchmark database")
    }
    let store = setup.store
    let pool = setup.pool

    Benchmark(
        "Ticket state as the gateway does it, one caller: createUpload(withinQuota:)", configuration: configuration
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let (record, audit) = setup.next()
            blackHole(
                try await store.createUpload(
                    record, audit: audit, withinQuota: 1 << 30, countedStates: TicketDatabase.counted))
        }
    }

    // 64 tickets at once, as 64 connections send them: the group commit writes them in a few
    // shared transactions. One iteration is 64 tickets; the report divides by 64.
    Benchmark(
        "Ticket state as the gateway does it, 64 concurrent callers (per 64 tickets)",
        configuration: Benchmark.Configuration(
            metrics: [.wallClock, .mallocCountTotal], warmupIterations: 10, maxDuration: .seconds(3),
            maxIterations: 2_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            try await withThrowingTaskGroup(of: QuotaAdmission.self) { group in
                for _ in 0..<TicketDatabase.concurrentCallers {
                    let (record, audit) = setup.next()
                    group.addTask {
                        try await store.createUpload(
                            record, audit: audit, withinQuota: 1 << 30, countedStates: TicketDatabase.counted)
                    }
                }
                for try await admission in group { blackHole(admission) }
            }
        }
    }

    Benchmark("Same SQL, GRDB cached statements, async pool.write", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let (record, audit) = setup.next()
            blackHole(
                try await pool.writeWithoutTransaction { db in try TicketDatabase.cachedInsert(record, audit, db) })
        }
    }

    Benchmark("Same SQL, GRDB cached statements, synchronous write (no task hop)", configuration: configuration) {
        benchmark in
        for _ in benchmark.scaledIterations {
            let (record, audit) = setup.next()
            blackHole(try pool.writeWithoutTransaction { db in try TicketDatabase.cachedInsert(record, audit, db) })
        }
    }
}

/// A seeded state database and a supply of ticket records.
final class TicketDatabase: @unchecked Sendable {
    static let counted: Set<UploadState> = [.awaitingUpload, .uploaded, .scanning, .clean]
    static let concurrentCallers = 64
    let pool: DatabasePool
    let store: GRDBUploadStateStore
    private let guests: [String]
    private let lock = NSLock()
    private var counter = 0

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "attache-ticket-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try StateDatabase(location: .sqlite(path: folder.appendingPathComponent("state.sqlite").path))
        pool = try database.pool
        store = try GRDBUploadStateStore(database: database)
        guests = (0..<4096).map { _ in Self.randomHex() }
        let seed = (0..<20_000).map { _ in Self.randomHex() }
        try pool.write { db in
            for (index, fileId) in seed.enumerated() {
                let (record, audit) = Self.records(fileId: fileId, guestId: guests[index % guests.count])
                try Self.insert(record, audit, db)
            }
        }
    }

    /// The next ticket's upload row and audit entry (a fresh file id, the next guest).
    func next() -> (UploadRecord, AuditEntry) {
        let index = lock.withLock {
            counter += 1
            return counter
        }
        return Self.records(fileId: Self.randomHex(), guestId: guests[index % guests.count])
    }

    static func records(fileId: String, guestId: String) -> (UploadRecord, AuditEntry) {
        let now = Date()
        let record = UploadRecord(
            fileId: fileId, guestId: guestId, filename: "Quarterly report.pdf", contentType: "application/pdf",
            size: 1 << 20, createdAt: now)
        let audit = AuditEntry(
            at: now, actor: "guest:\(guestId)", action: "upload.ticket", fileId: fileId,
            detail: "1048576 bytes, application/pdf")
        return (record, audit)
    }

    static func randomHex() -> String {
        (0..<16).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
    }

    static let sum = "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE guest_id = ? AND state IN (?, ?, ?, ?)"
    static let insertUpload = """
        INSERT INTO uploads (file_id, guest_id, object_key, filename, content_type, size, sha256, upload_id,
            part_size, state, reason, detected_type, created_at, updated_at, conversation_id, admission_audit_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// The admission's entry, out of the file index (`upload_linked = 1`) and named by the upload row.
    static let insertAudit =
        "INSERT INTO audit_log (at, actor, action, file_id, detail, upload_linked) VALUES (?, ?, ?, ?, ?, 1)"

    static func arguments(_ record: UploadRecord, auditId: Int64) -> StatementArguments {
        [
            record.fileId, record.guestId, record.objectKey, record.filename, record.contentType, record.size,
            record.sha256, record.uploadId, record.partSize, record.state.rawValue, record.reason,
            record.detectedType, record.createdAt, record.updatedAt, record.conversationId, auditId,
        ]
    }

    /// The audit entry, then the upload row naming it, as the store's admission writes them.
    static func insert(_ record: UploadRecord, _ audit: AuditEntry, _ db: Database) throws {
        try db.execute(
            sql: insertAudit, arguments: [audit.at, audit.actor, audit.action, audit.fileId, audit.detail])
        try db.execute(sql: insertUpload, arguments: arguments(record, auditId: db.lastInsertedRowID))
    }

    /// The store's transaction (BEGIN IMMEDIATE, quota SUM, two INSERTs, COMMIT) with cached statements.
    static func cachedInsert(_ record: UploadRecord, _ audit: AuditEntry, _ db: Database) throws -> Int64 {
        var used: Int64 = 0
        try db.inTransaction(.immediate) {
            let states = counted.map(\.rawValue).sorted()
            used =
                try Int64.fetchOne(
                    db.cachedStatement(sql: sum), arguments: StatementArguments([record.guestId] + states)) ?? 0
            try db.cachedStatement(sql: insertAudit).execute(
                arguments: [audit.at, audit.actor, audit.action, audit.fileId, audit.detail])
            try db.cachedStatement(sql: insertUpload).execute(
                arguments: arguments(record, auditId: db.lastInsertedRowID))
            return .commit
        }
        return used
    }
}
