#!/usr/bin/env python3
"""Where a gateway process's CPU goes, by category, from `perf script` output (scripts/bench profiling).

    perf record -F 1999 -g -p PID -- sleep 8
    perf script -F comm,tid,ip,sym | bench_profile.py [--per-request-us N] [--json]

Each sample is put in the first category (in the order below) whose pattern appears anywhere in
its call stack; `--per-request-us` (the process's CPU µs per request, from bench_tickets.py)
turns the shares into µs per request.
"""

import argparse
import json
import re
import sys

CATEGORIES = [
    ("SQLite write transaction (upload row + audit + quota)", r"GRDBUploadStateStoreC12createUpload|insertAudit|insertUpload"),
    ("SQLite read (quota SUM, guest lookups)", r"totalSize|DatabasePoolC4read"),
    ("other GRDB / SQLite", r"GRDB|sqlite3"),
    ("SQLite file I/O (pread/pwrite of database and WAL pages)", r"pread|pwrite|vfs_read|vfs_write|filemap_|_copy_to_iter|ext4_"),
    ("presigned PUT (embedded store URL signer)", r"signedPut|LocalURLSigner|S3ObjectStore.*signed|presign"),
    ("guest credential check + rate limiters", r"authenticate|GuestCredentialSigner|RateLimiter"),
    ("JSON encode (response)", r"JSONEncoder"),
    ("JSON decode (request)", r"JSONDecoder"),
    ("filename and policy checks", r"FilenameSanitizer|UploadPolicy"),
    ("request logging", r"StreamLogHandler|JSONLogHandler|LogRequestsMiddleware.*log|Logger.*log"),
    ("thread hand-offs (futex wait/wake, scheduling)", r"futex|__schedule|finish_task_switch|sem_post|sem_wait"),
    ("HTTP server (SwiftNIO, Hummingbird)", r"NIOPosix|NIOCore|NIOHTTP|HummingbirdCore|Hummingbird"),
    ("Swift concurrency runtime", r"swift_task|swift_job_run|swift::AsyncTask"),
]


GRDB_THREADS = "SQLite on GRDB's queues, stack not unwound"


def samples(stream):
    stack = []
    for line in stream:
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        if not line.startswith(("\t", " ")):
            stack = [line.split()[0]]
            continue
        stack.append(line.strip().split(" ", 1)[-1])
    if stack:
        yield stack


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-request-us", type=float)
    parser.add_argument("--json", action="store_true", help="print [[category, share], ...] instead of a table")
    arguments = parser.parse_args()
    compiled = [(name, re.compile(pattern)) for name, pattern in CATEGORIES]
    counts = {name: 0 for name, _ in CATEGORIES}
    counts[GRDB_THREADS] = 0
    counts["other"] = 0
    total = 0
    for stack in samples(sys.stdin):
        total += 1
        text = "\n".join(stack[1:])
        for name, pattern in compiled:
            if pattern.search(text):
                counts[name] += 1
                break
        else:
            # GRDB runs SQLite on dispatch queues ("…qos.overcommit" threads); SQLite's own
            # frames often cannot be unwound, so its samples land here.
            if stack[0].endswith("overcommit"):
                counts[GRDB_THREADS] += 1
            else:
                counts["other"] += 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if arguments.json:
        print(json.dumps({"samples": total, "shares": [[name, count / max(total, 1)] for name, count in ranked]}))
        return
    print("| where | share of the process's CPU |" + (" µs per request |" if arguments.per_request_us else ""))
    print("| --- | ---: |" + (" ---: |" if arguments.per_request_us else ""))
    for name, count in ranked:
        share = count / max(total, 1)
        extra = f" {share * arguments.per_request_us:.0f} |" if arguments.per_request_us else ""
        print(f"| {name} | {share * 100:.1f}% |{extra}")
    print(f"\n{total} samples", file=sys.stderr)


if __name__ == "__main__":
    main()
