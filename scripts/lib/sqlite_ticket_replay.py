#!/usr/bin/env python3
"""Replays the ticket's SQL against a fresh SQLite database from Python's sqlite3 (same library).

    sqlite_ticket_replay.py [--tickets 60000] [--seed 150000] [--batch 30] [--cache-kib 8192]
                            [--guests 4096] [--no-checkpointer] [--no-savepoints]
                            [--audit-index linked|full|none]

What the gateway's writer does per group commit, without the gateway: `BEGIN IMMEDIATE`, then per
ticket a savepoint, the guest's quota sum, the audit entry and the upload row naming it, then `COMMIT`; 2 KiB
pages, WAL with synchronous NORMAL, a 256 MiB memory map, a 16 MiB log size limit, and (unless
--no-checkpointer) a second connection on `SQLiteCheckpointer`'s schedule. The schema is the
gateway's upload and audit tables with their indexes; --audit-index picks the audit log's file
index: `linked` (the gateway's: partial, without the entries the upload rows name), `full` (every
entry, as before the v8 migration) or `none`. --seed uploads are stored first, untimed. Prints the process's CPU and wall
time per ticket (the checkpointer thread's CPU and Python's own per-statement cost included, so
an upper bound of SQLite's share), for comparing settings side by side on one machine: run the
variants alternately, more than once each. Used for performance.md's analysis of the ticket route.
"""

import argparse
import os
import secrets
import sqlite3
import tempfile
import threading
import time

SCHEMA = """
CREATE TABLE uploads (
    file_id TEXT PRIMARY KEY NOT NULL, guest_id TEXT NOT NULL,
    object_key TEXT NOT NULL CHECK (object_key = 'uploads/' || file_id),
    filename TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL CHECK (size >= 0),
    sha256 TEXT, upload_id TEXT, part_size INTEGER, state TEXT NOT NULL, reason TEXT,
    detected_type TEXT, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, conversation_id TEXT,
    announced_at DATETIME, deleted_at DATETIME, retention_claimed_by TEXT, retention_claimed_at DATETIME,
    admission_audit_id INTEGER
);
CREATE INDEX uploads_guest ON uploads (guest_id, state, size);
CREATE INDEX uploads_retention ON uploads (state, updated_at);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at DATETIME NOT NULL, actor TEXT NOT NULL,
    action TEXT NOT NULL, file_id TEXT, detail TEXT, upload_linked INTEGER NOT NULL DEFAULT 0
);
"""
AUDIT_FILE_INDEXES = {
    "linked": "CREATE INDEX audit_log_file ON audit_log (file_id) WHERE upload_linked = 0;",
    "full": "CREATE INDEX audit_log_file ON audit_log (file_id);",
    "none": "",
}
COUNTED = ("awaiting_upload", "uploaded", "scanning", "clean")


def checkpoints(path, stop):
    """`SQLiteCheckpointer`'s schedule: a passive checkpoint every 250 ms; when more than 4 MiB of
    frames are left in the log after it, a `RESTART` that waits at most 50 ms for the writer and,
    after giving up, is not tried again for twice the previous pause (250 ms up to 8 s)."""
    connection = sqlite3.connect(path, timeout=0.05, isolation_level=None, check_same_thread=False)
    restart_frames = (4 << 20) // 2048
    busy_in_a_row, next_restart = 0, 0.0
    while not stop.wait(0.25):
        _, log_frames, _ = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if log_frames <= restart_frames or time.monotonic() < next_restart:
            continue
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        if busy:
            busy_in_a_row += 1
            next_restart = time.monotonic() + min(0.25 * 2 ** (busy_in_a_row - 1), 8.0)
        else:
            busy_in_a_row, next_restart = 0, 0.0
    connection.close()


def insert_ticket(database, guest, file_id, now, savepoint=False, linked=True):
    """One admission as the gateway's writer makes it (`GRDBUploadStateStore`): the quota sum, the
    audit entry, the upload row naming it (`linked`; otherwise as before the v8 migration: the
    upload row, then its entry, neither marking the other); in a savepoint of the caller's
    transaction when `savepoint`. Shared with bench_tickets.py's floor, which runs it in a
    transaction of its own."""
    if savepoint:
        database.execute("SAVEPOINT admission")
    database.execute(
        "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE guest_id = ? AND state IN (?, ?, ?, ?)",
        (guest, *COUNTED),
    ).fetchone()
    audit = (
        "INSERT INTO audit_log (at, actor, action, file_id, detail, upload_linked) VALUES (?, ?, ?, ?, ?, ?)",
        (now, "guest:" + guest, "upload.ticket", file_id, "1048576 bytes, application/pdf", int(linked)),
    )
    audit_id = database.execute(*audit).lastrowid if linked else None
    database.execute(
        "INSERT INTO uploads (file_id, guest_id, object_key, filename, content_type, size, state, "
        "created_at, updated_at, admission_audit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (file_id, guest, "uploads/" + file_id, "Quarterly report.pdf", "application/pdf", 1 << 20,
         "awaiting_upload", now, now, audit_id),
    )
    if not linked:
        database.execute(*audit)
    if savepoint:
        database.execute("RELEASE SAVEPOINT admission")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=150000)
    parser.add_argument("--batch", type=int, default=30)
    parser.add_argument("--cache-kib", type=int, default=8192)
    parser.add_argument("--guests", type=int, default=4096)
    parser.add_argument("--no-checkpointer", action="store_true")
    parser.add_argument("--no-savepoints", action="store_true")
    parser.add_argument("--audit-index", choices=sorted(AUDIT_FILE_INDEXES), default="linked")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="attache-replay.") as directory:
        path = os.path.join(directory, "state.sqlite")
        database = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        database.execute("PRAGMA page_size = 2048")
        database.execute("PRAGMA journal_mode = WAL")
        database.execute("PRAGMA synchronous = NORMAL")
        database.execute(f"PRAGMA cache_size = -{arguments.cache_kib}")
        database.execute(f"PRAGMA mmap_size = {256 << 20}")
        # With the checkpointer, the writer's own checkpoint is the gateway's 64 MiB fallback.
        database.execute(f"PRAGMA wal_autocheckpoint = {1000 if arguments.no_checkpointer else (64 << 20) // 2048}")
        database.executescript(SCHEMA + AUDIT_FILE_INDEXES[arguments.audit_index])
        linked = arguments.audit_index == "linked"
        database.execute(f"PRAGMA journal_size_limit = {16 << 20}")
        stop = threading.Event()
        checkpointer = None
        guests = [secrets.token_hex(16) for _ in range(arguments.guests)]
        now = "2026-01-01 00:00:00.000"
        # The database the timed tickets meet: --seed uploads already stored (the ticket
        # benchmark's database holds about 200,000 by its end), written in large transactions.
        for start in range(0, arguments.seed, 1000):
            database.execute("BEGIN IMMEDIATE")
            for index in range(start, min(start + 1000, arguments.seed)):
                insert_ticket(database, guests[index % len(guests)], secrets.token_hex(16), now, linked=linked)
            database.execute("COMMIT")
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if not arguments.no_checkpointer:
            checkpointer = threading.Thread(target=checkpoints, args=(path, stop))
            checkpointer.start()
        cpu, wall = time.process_time(), time.perf_counter()
        for start in range(0, arguments.tickets, arguments.batch):
            database.execute("BEGIN IMMEDIATE")
            for index in range(start, min(start + arguments.batch, arguments.tickets)):
                insert_ticket(
                    database, guests[index % len(guests)], secrets.token_hex(16), now,
                    savepoint=not arguments.no_savepoints, linked=linked,
                )
            database.execute("COMMIT")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        stop.set()
        if checkpointer:
            checkpointer.join()
        database.close()
    settings = ", ".join(
        f"{name}={value}" for name, value in vars(arguments).items() if name not in ("tickets", "guests", "seed")
    )
    print(f"{arguments.tickets} tickets on {arguments.seed} stored ({settings}): "
          f"{cpu * 1e6 / arguments.tickets:.1f} µs CPU, {wall * 1e6 / arguments.tickets:.1f} µs wall per ticket")


if __name__ == "__main__":
    main()
