import Foundation
import GRDB
import Logging
import NIOConcurrencyHelpers

/// Copies a SQLite database's write-ahead log back into the database file on a connection and
/// task of its own, so the bulk of that copy and its `fsync`s happen beside the writer instead
/// of inside one of its transactions.
///
/// In WAL mode a commit only appends to the log (`synchronous = NORMAL`: no `fsync`); the
/// `fsync`s happen when the log is checkpointed into the database file. SQLite's automatic
/// checkpoint runs inside the commit that crosses `wal_autocheckpoint` pages, on the writer, so
/// every few group commits one request batch waited for the disk while the other requests queued
/// behind it. Here a passive checkpoint runs every ``interval`` on a separate connection: it
/// copies what no reader still needs and never blocks the writer or readers.
///
/// A passive checkpoint alone cannot keep the log short under steady writes: the writer starts
/// the log again from the beginning only when a write begins with every frame already copied,
/// and commits arriving while the copy runs leave a few frames behind every time. So once the
/// log holds more than ``restartBytes`` of frames after the passive pass, a `RESTART` checkpoint
/// follows: it waits for the write lock, copies only what the passive pass left (a few
/// commits' worth), and the next write starts the log at its beginning. Writers wait while a
/// `RESTART` is pending (its copy of the last frames and its `fsync`s included: the p99 of a
/// ticket under saturating load pays for this), so it waits at most ``restartWait`` for the
/// write lock and for readers
/// still using the log (a long read transaction keeps the log from restarting anyway), and after
/// it gave up the next attempts back off (``RestartBackoff``) instead of stalling writers on
/// every pass.
///
/// The writer keeps an automatic checkpoint of its own at ``fallbackBytes``, far above what one
/// interval writes, as a bound on the log if this checkpointer ever falls behind.
final class SQLiteCheckpointer: Sendable {
    /// How often the log is checkpointed.
    let interval: Duration
    /// The writer's own automatic checkpoint threshold (64 MiB of log; SQLite counts it in pages,
    /// ``pages(_:pageSize:)``).
    static let fallbackBytes = 64 << 20
    /// The log length past which a pass ends with a `RESTART` checkpoint (4 MiB).
    static let restartBytes = 4 << 20
    /// The size the `-wal` file is cut back to when the log restarts (16 MiB; it is reused, not
    /// shrunk, otherwise, and would keep the size of its longest run, e.g. a migration's).
    static let logSizeLimit = 16 << 20
    /// How long a `RESTART` checkpoint waits for the write lock and for readers of the log.
    static let restartWait = 0.05

    /// ``restartBytes`` in frames of this database's page size.
    let restartFrames: Int
    private let queue: DatabaseQueue
    private let task: NIOLockedValueBox<Task<Void, Never>?>
    private let counts = NIOLockedValueBox(Counts())

    /// Opens the checkpoint connection to the WAL database at `path` and starts checkpointing.
    /// - Throws: GRDB's error when the connection cannot be opened.
    init(path: String, interval: Duration = .milliseconds(250), logger: Logger) throws {
        self.interval = interval
        var configuration = Configuration()
        configuration.label = "attache.checkpointer"
        configuration.busyMode = .timeout(Self.restartWait)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        let pageSize = try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } ?? 4096
        restartFrames = Self.pages(Self.restartBytes, pageSize: pageSize)
        let restartFrames = self.restartFrames
        let queue = self.queue
        let counts = self.counts
        task = NIOLockedValueBox(
            Task {
                var failing = false
                var backoff = RestartBackoff(interval: interval)
                while !Task.isCancelled {
                    do {
                        try await Task.sleep(for: interval)
                        let restart = backoff.allows(at: .now)
                        let outcome = try await queue.writeWithoutTransaction { db in
                            try Self.pass(db, restart: restart, restartFrames: restartFrames, counts: counts)
                        }
                        backoff.record(outcome, at: .now)
                        counts.withLockedValue { $0.record(outcome) }
                        if failing { logger.info("SQLite checkpoints succeed again") }
                        failing = false
                    } catch is CancellationError {
                        return
                    } catch  where Task.isCancelled {
                        return  // GRDB interrupts a pass in flight when its task is cancelled.
                    } catch {
                        if !failing { logger.warning("SQLite checkpoint failed", metadata: ["error": "\(error)"]) }
                        failing = true
                    }
                }
            })
    }

    /// One pass: passive, then `RESTART` when allowed and the log is still long. Another
    /// checkpoint in progress (the writer's own, another process's) makes the pass a no-op.
    private static func pass(
        _ db: Database, restart: Bool, restartFrames: Int, counts: NIOLockedValueBox<Counts>
    ) throws -> RestartBackoff.Outcome {
        let passive: (walFrameCount: Int, checkpointedFrameCount: Int)
        do {
            passive = try db.checkpoint(.passive)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return .notTried
        }
        counts.withLockedValue { $0.logFrames = passive.walFrameCount }
        guard restart, passive.walFrameCount > restartFrames else { return .notTried }
        do {
            try db.checkpoint(.restart)
            return .restarted
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return .busy
        }
    }

    /// `bytes` of log in pages (frames) of `pageSize` bytes, at least one.
    static func pages(_ bytes: Int, pageSize: Int) -> Int {
        max(1, bytes / max(pageSize, 1))
    }

    /// How many passes have completed (for tests).
    var completedPasses: Int { counts.withLockedValue { $0.passes } }
    /// The log's length in frames at the last pass (for tests).
    var logFrames: Int { counts.withLockedValue { $0.logFrames } }
    /// How many `RESTART`s gave up waiting (for tests).
    var busyRestarts: Int { counts.withLockedValue { $0.busyRestarts } }

    /// Stops checkpointing and closes the connection (the pool's own close checkpoints the rest).
    func close() async throws {
        let running = task.withLockedValue { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
        try queue.close()
    }

    deinit {
        task.withLockedValue { $0?.cancel() }
    }

    /// What the passes have done so far, kept under ``counts``' lock.
    private struct Counts {
        var passes = 0
        var busyRestarts = 0
        var logFrames = 0

        mutating func record(_ outcome: RestartBackoff.Outcome) {
            passes += 1
            if case .busy = outcome { busyRestarts += 1 }
        }
    }
}
