#!/usr/bin/env python3
"""Turns scripts/bench's measurements into Benchmarks/Results/*.json and docs/performance.md.

    bench_report.py presign SWIFT_TEXT PYTHON_JSON OUT_JSON   the presign figures from
                                                               package-benchmark's text table
                                                               and bench_presign.py's JSON
    bench_report.py stamp IN_JSON OUT_JSON                     adds the machine and time to a
                                                               driver's JSON result
    bench_report.py write RESULTS_DIR OUTPUT_MD                docs/performance.md from every
                                                               result present

Each figure's result file records the machine it ran on, so a per-figure rerun
(`scripts/bench --only tickets`) refreshes one section and keeps the others.
"""

import datetime
import json
import os
import platform
import subprocess
import sys

PRESIGN_TITLES = {
    "text": "Presign S3 PUT from URL text, 1000 URLs",
    "url": "Presign S3 PUT via Foundation URL, 1000 URLs",
    "floor": "Floor: SHA-256 + HMAC-SHA256 (HMAC states precomputed), 1000 URLs",
    "api_floor": "Floor via HMAC API: SHA-256 + HMAC<SHA256>(key), 1000 URLs",
}


def machine():
    cpu = platform.processor() or "unknown"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "swift": swift[0] if swift else "unknown",
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_average": round(os.getloadavg()[0], 2),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def presign(swift_text, python_json, output):
    lines = open(swift_text, encoding="utf-8").read().splitlines()

    def p50(title, metric):
        inside = False
        for line in lines:
            if line.strip() == title:
                inside = True
                continue
            if inside and line.startswith("│ " + metric):
                cells = [cell.strip() for cell in line.strip("│").split("│")]
                return float(cells[3])
            if inside and line.strip() and not line.startswith(("│", "╒", "╞", "├", "╘")):
                inside = False
        raise SystemExit(f"no '{metric}' row for '{title}' in the benchmark output")

    result = {"python": json.load(open(python_json, encoding="utf-8"))}
    for name, title in PRESIGN_TITLES.items():
        result[name] = {"ns": p50(title, "Time (wall clock)"), "mallocs": p50(title, "Malloc (total)")}
    result["machine"] = machine()
    json.dump(result, open(output, "w", encoding="utf-8"), indent=2)


STATE_TITLES = {
    "gateway": "Ticket state as the gateway does it, one caller: createUpload(withinQuota:)",
    "concurrent64": "Ticket state as the gateway does it, 64 concurrent callers (per 64 tickets)",
    "cached_async": "Same SQL, GRDB cached statements, async pool.write",
    "cached_sync": "Same SQL, GRDB cached statements, synchronous write (no task hop)",
}


def p50_reader(swift_text):
    """p50(title, metric) over package-benchmark's text tables."""
    lines = open(swift_text, encoding="utf-8").read().splitlines()

    def p50(title, metric):
        inside = False
        for line in lines:
            if line.strip() == title:
                inside = True
                continue
            if inside and line.startswith("│ " + metric):
                cells = [cell.strip() for cell in line.strip("│").split("│")]
                return float(cells[3])
            if inside and line.strip() and not line.startswith(("│", "╒", "╞", "├", "╘")):
                inside = False
        raise SystemExit(f"no '{metric}' row for '{title}' in the benchmark output")

    return p50


def state(swift_text, output):
    p50 = p50_reader(swift_text)
    result = {
        name: {"us": p50(title, "Time (wall clock) (μs)"), "mallocs": p50(title, "Malloc (total)")}
        for name, title in STATE_TITLES.items()
    }
    # One iteration of the concurrent benchmark is 64 tickets: per ticket.
    result["concurrent64"] = {key: value / 64 for key, value in result["concurrent64"].items()}
    result["machine"] = machine()
    json.dump(result, open(output, "w", encoding="utf-8"), indent=2)


def stamp(source, output):
    result = json.load(open(source, encoding="utf-8"))
    result["machine"] = machine()
    json.dump(result, open(output, "w", encoding="utf-8"), indent=2)


def verdict(met):
    return "met" if met else "**not met**"


def presign_section(result, summary):
    python = result["python"]
    ours, floor = result["text"]["ns"], result["floor"]["ns"]
    boto3_ns, botocore_ns = python["boto3_ns"], python["botocore_ns"]
    summary += [
        f"| presigned PUT URL, per URL | {ours:,.0f} ns, {result['text']['mallocs']:.0f} allocations "
        f"| boto3 `generate_presigned_url` {boto3_ns:,.0f} ns | {boto3_ns / ours:,.0f}× faster | ≥ 300× "
        f"| {verdict(boto3_ns / ours >= 300)} |",
        f"| | | bare botocore `S3SigV4QueryAuth` {botocore_ns:,.0f} ns | {botocore_ns / ours:,.1f}× faster "
        f"| ≥ 50× | {verdict(botocore_ns / ours >= 50)} |",
        f"| | | floor: SHA-256 + HMAC-SHA256 {floor:,.0f} ns | {ours / floor:.2f}× the floor | ≤ 3× "
        f"| {verdict(ours / floor <= 3)} |",
    ]
    rows = [
        ("AWSSigning `presign(method:urlString:…)` (S3Client's call)", result["text"]),
        ("AWSSigning `presign(method:url:…)` (Foundation `URL`)", result["url"]),
        (f"boto3 {python['boto3_version']} `generate_presigned_url` (s3v4)", {"ns": boto3_ns, "mallocs": None}),
        (f"botocore {python['botocore_version']} `S3SigV4QueryAuth`", {"ns": botocore_ns, "mallocs": None}),
        ("floor: SHA-256 + HMAC-SHA256, HMAC states precomputed", result["floor"]),
        ("floor via `HMAC<SHA256>.authenticationCode(for:using:)`", result["api_floor"]),
    ]
    table = [
        "| signer | ns per URL (p50) | allocations per URL | boto3 ÷ this | botocore ÷ this | this ÷ floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in rows:
        mallocs = "-" if row["mallocs"] is None else f"{row['mallocs']:.0f}"
        table.append(
            f"| {name} | {row['ns']:,.0f} | {mallocs} | {boto3_ns / row['ns']:,.1f}× "
            f"| {botocore_ns / row['ns']:,.1f}× | {row['ns'] / floor:,.2f}× |"
        )
    return f"""## Presigned URLs

The gateway mints a presigned URL for every upload ticket, every multipart part and every agent
view. Measured: presigning an S3 `PUT` URL (virtual-hosted bucket, 15-minute expiry,
`content-type` and `content-length` signed) with a warm signing-key cache, as the gateway does.
AWSSigning with [package-benchmark](https://github.com/ordo-one/package-benchmark)
(`Benchmarks/`, release build, p50 of batches of 1000 URLs, allocations counted by its malloc
interposer); boto3 and botocore with `time.perf_counter_ns` (p50 of 60 batches of 200 and 400
calls after a warm-up), all in the same run. The floor is the hashing each URL needs however it
is built: SHA-256 of the canonical request and HMAC-SHA256 of the string to sign, signing key
already derived ("HMAC states precomputed" is the least work swift-crypto allows; the
`HMAC<SHA256>` line is the plain API call with a cached `SymmetricKey`).

{chr(10).join(table)}

`presign(method:urlString:…)` on S3 URLs takes a fast path (`SigV4Signer+FastPresign.swift`):
the URL text is read in place, and the host header, lowercased header names, the query
parameters, the canonical request, the string to sign and the signature are written into three
small stack buffers (no Foundation `URL`, no intermediate `String`, array or dictionary). The
signing key, its HMAC inner and outer SHA-256 states, the credential scope and the encoded
`X-Amz-Credential` are cached per (access key, secret, region, service, day). What remains is the
returned `String` and swift-crypto's hash contexts. The URL is 2× the hashing floor, so the
boto3 and botocore ratios are set by how slow Python is, not by work left in the signer: at the
floor itself the ratios would be {boto3_ns / floor:,.0f}× and {botocore_ns / floor:,.0f}×.
{presign_gaps(ours, floor, boto3_ns, botocore_ns)}
Run on {machine_line(result['machine'])}.
"""


def presign_gaps(ours, floor, boto3_ns, botocore_ns):
    """The paragraph naming what would close each missed presign goal (empty when all are met)."""
    lines = []
    boto3_target, botocore_target = boto3_ns / 300, botocore_ns / 50
    if ours > boto3_target:
        lines.append(
            f"≥ 300× boto3 means at most {boto3_target:,.0f} ns per URL, "
            + (
                f"below the floor ({floor:,.0f} ns): no signer built on swift-crypto can reach it. "
                "It would take hashing cheaper than swift-crypto's calls (each hash context is a heap "
                "object, allocated, access-checked and freed per URL), that is SHA-256's "
                "block function driven on a caller-owned state, which swift-crypto does not offer."
                if boto3_target < floor
                else f"{ours - boto3_target:,.0f} ns less than today."
            )
        )
    if ours > botocore_target:
        own = ours - floor
        lines.append(
            f"≥ 50× bare botocore means at most {botocore_target:,.0f} ns per URL: "
            f"{ours - botocore_target:,.0f} ns less, {100 * (ours - botocore_target) / own:.0f}% of the "
            f"{own:,.0f} ns the signer spends besides the floor's hashing (building the canonical request, "
            "the string to sign and the URL). `perf record` of `Benchmarks/Profile/PresignProfile` spreads "
            "that over a dozen functions, none above 9% of a URL, so it would take rewriting most of them "
            "for a few per cent each, or the cheaper hashing above."
            if botocore_target >= floor
            else f"≥ 50× bare botocore means at most {botocore_target:,.0f} ns per URL, below the floor."
        )
    if not lines:
        return ""
    return "\n**What would close the gaps.** " + " ".join(lines) + "\n"


# `scripts/lib/sqlite_ticket_replay.py` with the gateway's settings (the audit log's file index
# without the tickets' entries, v8), four runs on 2026-11-27: µs of CPU per ticket, lowest and
# highest (the tickets section's analysis).
REPLAY_US_PER_TICKET = (51, 53)


def tickets_section(result, summary):
    hello, tickets = result["hello"], result["tickets"]
    ratio = result["ratio"]
    summary.append(
        f"| upload ticket `POST /v1/uploads`, {result['connections']} connections | {tickets['rps']:,.0f} req/s, "
        f"p99 {tickets['p99_us'] / 1000:.1f} ms | Hummingbird hello-world route, same process: "
        f"{hello['rps']:,.0f} req/s, p99 {hello['p99_us'] / 1000:.1f} ms | {ratio:.2f}× | ≥ 0.6× "
        f"| {verdict(ratio >= 0.6)} |"
    )
    rows = []
    for name, row in (("`GET /bench/hello` (hello world)", hello), ("`POST /v1/uploads` (ticket)", tickets)):
        rows.append(
            f"| {name} | {row['rps']:,.0f} | {row['p50_us'] / 1000:.2f} | {row['p90_us'] / 1000:.2f} "
            f"| {row['p99_us'] / 1000:.2f} | {row['server_cpu_us_per_request']:.0f} | {row['server_cpu_cores']:.2f} "
            f"| {written(row)} | {row['errors_status']} |"
        )
    floor = result.get("sqlite_floor")
    if floor:
        rows.append(
            f"| the ticket's SQL transaction alone (Python `sqlite3`, same schema, WAL, synchronous NORMAL) "
            f"| {1e6 / floor['wall_us']:,.0f} (1 connection) | | | | {floor['cpu_us']:.0f} | | | |"
        )
    profile_text = ""
    if result.get("profile"):
        per_request = tickets["server_cpu_us_per_request"]
        lines = ["| where the gateway's CPU goes under ticket load | share | ≈ µs per ticket |", "| --- | ---: | ---: |"]
        for name, share in result["profile"]["shares"]["shares"]:
            lines.append(f"| {name} | {share * 100:.1f}% | {share * per_request:.0f} |")
        profile_text = (
            f"Profile (`perf record -g` of the gateway during one more ticket run, "
            f"{result['profile']['shares']['samples']:,} samples, sorted into categories by "
            "`scripts/lib/bench_profile.py`: each sample goes to the first category found in its stack):\n\n"
            + "\n".join(lines)
            + "\n"
        )
    state_text = ""
    state_bench = result.get("state_bench")
    if state_bench:
        names = [
            ("gateway", "as the gateway does it, one caller at a time: `createUpload(_:audit:withinQuota:)` (batches of one)"),
            ("concurrent64", "as the gateway does it, 64 concurrent callers (group commit), per ticket"),
            ("cached_async", "reference: the same SQL in a transaction of its own, cached statements, `await pool.writeWithoutTransaction`"),
            ("cached_sync", "reference: the same, synchronous `pool.writeWithoutTransaction` (no hop to and from GRDB's queue)"),
        ]
        lines = ["| the ticket's database work | µs (p50) | allocations |", "| --- | ---: | ---: |"]
        for key, label in names:
            if key in state_bench:  # results from before a benchmark was added lack it
                lines.append(f"| {label} | {state_bench[key]['us']:.0f} | {state_bench[key]['mallocs']:.0f} |")
        state_text = (
            "The ticket's database work alone, one caller at a time (`Benchmarks/TicketStateBenchmarks`, "
            "package-benchmark, a WAL database seeded with 20,000 uploads of 4,096 guests; run on "
            f"{state_bench['machine']['date']}):\n\n" + "\n".join(lines) + "\n"
        )
    bound = ""
    if floor:
        bound = (
            f"A ticket must at least do what the hello route does plus its SQL transaction: with this "
            f"machine's {hello['server_cpu_us_per_request']:.0f} µs of CPU per hello request and "
            f"{floor['cpu_us']:.0f} µs for the transaction from Python (one ticket per transaction), the best "
            f"ratio a ticket that durably records itself before answering could reach is "
            f"{result['ratio_bound_with_sqlite']:.2f}×.\n"
        )
    notes = ""
    if result.get("profile") and floor and ratio < 0.6:
        per_request = tickets["server_cpu_us_per_request"]
        written_bytes = tickets.get("server_written_bytes_per_request")
        written_clause = (
            f", {written_bytes / 1024:.0f} KiB per ticket in this run (table above)" if written_bytes is not None else ""
        )
        budget_us = hello["server_cpu_us_per_request"] / 0.6 - hello["server_cpu_us_per_request"]
        replay_low, replay_high = REPLAY_US_PER_TICKET
        replay_vs_budget = "more on its own than" if budget_us < replay_low else "against"
        notes = f"""**Why the goal is missed.** The ticket route is CPU-bound: {per_request:.0f} µs of gateway
CPU per ticket against {hello['server_cpu_us_per_request']:.0f} µs per hello request, with wrk on the same 2 cores. How it got here:
group commit (tickets waiting at the same moment share one SQLite transaction, `GroupCommit`: a
savepoint per ticket, the quota summed inside the write, cached statements) took the figure from
0.05× to 0.16×; byte-wise credential, filename and key checks to 0.18–0.22×. Then, measured with
`scripts/lib/bench_tickets.py --rounds 2` on one build after another in one sitting (2026-11-26):

| change | tickets/s | hello req/s | ratio | µs per ticket | p99 ms |
| --- | ---: | ---: | ---: | ---: | ---: |
| before | 4,446 | 20,651 | 0.215× | 280 | 25.3 |
| quota `SUM` read from a covering index `(guest_id, state, size)`; no unique index on `object_key` (a `CHECK` that it is `uploads/<file_id>`): one random B-tree insert fewer per ticket, and the sum no longer reads one table row per upload the guest holds | 4,724 | 20,276 | 0.233× | 273 | 33.2 |
| WAL checkpoints off the write path (`SQLiteCheckpointer`: a passive checkpoint every 250 ms on its own connection, `RESTART` past 4 MiB): SQLite's automatic checkpoint ran inside a group commit, which then waited for the checkpoint's `fsync`s while every other ticket queued behind it | 5,400 | 20,086 | 0.269× | 269 | 30.8 |
| savepoint statements prepared once per connection | 5,485 | 20,261 | 0.271× | 264 | 31.1 |
| timestamps bound as GRDB's text written byte by byte (GRDB formats each `Date` through ICU); the single-PUT ticket's JSON written directly (`JSONEncoder` was 5% of a ticket) | 6,137 | 20,156 | 0.304× | 233 | 30.7 |
| HMAC keys with precomputed states (credential check, URL signer) | 6,102 | 20,485 | 0.298× | 229 | 33.0 |
| a `RESTART` waits at most 50 ms for writers and readers, backing off after giving up (so a long read cannot stall writes) | 6,143 | 20,442 | 0.301× | 233 | 30.4 |
| not taken: passive checkpoints only, the writer's own checkpoint at 4 MiB | 5,370 | 20,475 | 0.262× | 239 | 22.8 |
| (a later sitting, same command) before | 6,026 | 21,004 | 0.287× | 235 | 36.8 |
| the credential's MAC compared without instantiating generic metadata (`ConstantTime.equal` and `HMACSHA256Key`'s generic entry points inlinable, so specialized where they are called: unspecialized, `Zip2Sequence`'s metadata lookups made the comparison 3% of a ticket in `perf`); the gain is about the size of the round-to-round spread (±5%) | 6,418 | 21,123 | 0.304× | 221 | 35.6 |
| not taken: group commit sessions (the writer takes the next batch and answers its callers from inside its queue, up to 4 transactions per access, instead of handing the lead back through the cooperative pool after each), the mean of its two runs in A/B/A/B with the build before it (0.296× mean): within the noise | 6,470 | 20,716 | 0.312× | 215 | 34.1 |
| the rate limiters a lock instead of an actor (and compacted instead of scanned when full); a normalised content type not normalised again; `Hex.encode` specialized where called (a fifth of the embedded store's URL signing): the mean of the last build's two runs in A/B/A/B with the build before the three (0.305× mean), within the noise | 6,912 | 22,715 | 0.305× | 205 | 33.8 |
| (a third sitting, 2026-11-26, the mean of two runs) before: 22.6 and 25.7 KiB written per ticket | 5,942 | 20,607 | 0.289× | 229 | 37.8 |
| a new SQLite database gets 2 KiB pages instead of 4 KiB (`StateDatabase.pageSize`): each page a ticket changes at a random place is written whole to the log and again at the checkpoint, so smaller pages write less: 16.5 KiB per ticket (mean of its two runs, interleaved A/B/C/A/B/C with the build before and with 1 KiB pages: 0.317× and 0.300×, 14.8 KiB, more CPU) | 6,516 | 20,507 | 0.318× | 215 | 32.5 |
| not taken: a passive checkpoint every 1 s instead of 250 ms (more of the pages a ticket changes are changed again before they are copied): 12.8 KiB written per ticket against 16.6, ratio 0.320×/0.313× against 0.311×/0.310× (within the noise), p99 82.6/89.8 ms against 32.2/36.6 (each `RESTART` has more to copy while writers wait) | 6,420 | 20,269 | 0.317× | 224 | 86.2 |
| (a fourth sitting, 2026-11-27, the mean of three runs interleaved with the next row's) before: the writer's page cache 32 MiB | 6,033 | 21,800 | 0.277× | 235 | 34.4 |
| the writer's page cache 8 MiB instead of 32 MiB (`StateDatabase.writerCacheKiB`): at the end of every write transaction SQLite spent time in a loop over the page cache's hash slots (under `sqlite3PagerCommitPhaseTwo`, in the page-cache truncation) that grew with the cache (in `perf`, 3.7% of the gateway's CPU with 32 MiB, 1.2% with 8 MiB, 0.3% with 2 MiB), while a smaller cache reads again more pages still in the log (`pread` 1.0%, 2.1%, 3.4%); medians 6,398 against 5,984 tickets/s and 219 against 240 µs, the means within the spread | 6,092 | 20,394 | 0.299× | 231 | 37.8 |
| not taken: no savepoint per admission (SQLite already undoes a failed statement; an audit entry that cannot be written would delete its upload row again), on a build with a 2 MiB writer cache, two runs alternated with the same build keeping the savepoints (0.276× and 0.285×, 223 and 230 µs): no gain (in `perf` the savepoints were 0.8% of the CPU) | 5,955 | 20,540 | 0.290× | 239 | 33.2 |
| (a fifth sitting, 2026-11-27, the mean of three runs interleaved with the next row's: 0.282×, 0.302×, 0.289×) before: 17.5 KiB written per ticket | 6,762 | 23,243 | 0.291× | 206 | 39.7 |
| the ticket's audit entry out of the audit log's file index (migration `v8-admission-audit-link`: the admission writes the entry first, the upload row names it in `admission_audit_id`, and the index is partial, `WHERE upload_linked = 0`; a file's entries are read through the index and the upload row): one random B-tree insert fewer per ticket, 12.4 KiB written per ticket; the group commit takes its waiting callers whole instead of copying them out (1.7 µs per ticket in `perf`); ratios 0.307×, 0.337×, 0.336× | 7,711 | 23,579 | 0.327× | 184 | 29.8 |

In the fourth sitting (`perf record --call-graph dwarf` of the gateway with the 8 MiB cache,
3 s under ticket load; shares by call stack, so not comparable with the category table above,
which sorts flat samples), the database's share of the gateway's CPU: the writer's transactions
24% (SQLite executing the statements and commits 18%, GRDB's own code 1.4%, the rest reference
counting, allocation and binding), the checkpointer copying the log back 5%. The same statements
batched as the gateway batches them, replayed from Python's `sqlite3`
(`python3 scripts/lib/sqlite_ticket_replay.py`: 60,000 tickets in transactions of 30 on 150,000
stored uploads, with the gateway's page size, 8 MiB cache, memory map and checkpoint schedule;
Python's own per-statement cost included, so an upper bound of SQLite's share), cost 65–76 µs of
CPU per ticket in four runs. Alternated with those runs, one setting changed at a time: a 32 MiB
cache 68–76 µs, a 2 MiB cache 62–69 µs, no savepoints 61–65 µs, and without the audit log's
file index (one random B-tree insert fewer per ticket) 51–54 µs: the largest single saving. In
the fifth sitting that saving was taken without giving up per-file audit queries (the row
above): replayed as the gateway now writes (`--audit-index linked|full|none`, four runs each,
alternated), 51–53 µs per ticket against 63–65 µs with the full index and 51–52 µs with no file
index at all. The database work that is left, {replay_low}–{replay_high} µs, is {replay_vs_budget} the {budget_us:.0f} µs that 0.6×
leaves for everything a ticket adds to a hello request with this run's hello route at
{hello['server_cpu_us_per_request']:.0f} µs (the floor above commits every ticket in a transaction of its own): two random
B-tree inserts per ticket remain, the file id's (every lookup by file id needs it) and the guest
index's (the quota sum and a guest's uploads need it).

The same SQL from Python's `sqlite3` on a 150,000-upload database, in batches of 32: 119 µs per
ticket before the index change, 68 after; the gap between its wall time and CPU time (the
checkpoint's `fsync`s) was about 30 µs per ticket with the automatic checkpoint.

Where the rest goes (`perf record -g` of the gateway under ticket load, by shared object, at the
third row of the first sitting): Swift's runtime 33% (reference counting, generic metadata), the kernel 22% (socket and
log writes, WAL `pwrite`s, scheduling), the gateway's own code 15%, libc 10% (malloc, memcpy), SQLite
9%, Swift concurrency 4%; by thread, Swift's cooperative pool 54%, GRDB's writer queue 29%, the
NIO event loops 17%. No single piece is above about 5% any more: the HTTP exchange (a body to
read and a larger answer than hello's), the credential's HMAC and two rate limiters, filename
and policy checks, the embedded store's URL signature, JSON decoding, the log line (swift-log's
text handler; `ATTACHE_LOG_FORMAT=json` selects the gateway's own, cheaper one) and the SQLite
transaction, each a few µs to a few tens. The category table above sorts samples by the first
frame it recognises and counts SQLite frames whose stack perf could not unwind under "SQLite";
the by-object figures are the reliable ones. With the hello route at {hello['server_cpu_us_per_request']:.0f} µs, 0.6× would
need the whole ticket in about {hello['server_cpu_us_per_request'] / 0.6:.0f} µs of CPU, {per_request / (hello['server_cpu_us_per_request'] / 0.6):.1f}× less
than today, including the {floor['cpu_us']:.0f} µs its SQL transaction alone costs from Python's
`sqlite3` ({result['ratio_bound_with_sqlite']:.2f}× is the bound for a ticket that commits its own
transaction and does nothing else).

What the machine does besides the gateway's own CPU (measured on 2026-11-26 with `top` and
`/usr/bin/time wrk`): during the ticket rounds wrk took about 0.11 cores and the gateway about
1.4, yet the 2 cores were 97% busy. Most of the rest is likely the kernel's work for what each
ticket writes (writeback and softirqs run outside the gateway's own CPU time){written_clause}:
every ticket inserts into two B-trees at a random place (the uploads' primary key, a 128-bit
random file id; the guest index; before the fifth sitting also the audit log's file index), and
each of those pages is written whole to the WAL at commit and again to the database file at the
next checkpoint. Python's
`sqlite3` replaying the ticket's SQL as it was before the fifth sitting on a copy of this database
(WAL, no checkpoint) wrote
34.6 KiB of WAL per ticket in transactions of one, 13.8 KiB in batches of 20 and 11.7 KiB in
batches of 64 (8.9 KiB in batches of 20 without the audit log's file index, which tickets have
skipped since the fifth sitting): batching shares the appended pages, not the random ones. Fewer hops between NIO, the
cooperative pool and GRDB's queue was tried (the group-commit sessions row): no measurable gain,
since the cores are already busy. Shared costs do not move the ratio the right way either: at log
level `warning` (no line per request) hello answers about 34,000 requests/s and tickets about
7,200 (0.21×), because the request log line is a larger share of the hello route's cost than of a
ticket's. What would close the gap is a ticket {per_request / (hello['server_cpu_us_per_request'] / 0.6):.1f}× cheaper in CPU, with far fewer
storage writes: a store that does not update random B-tree pages per ticket, which SQLite with a
random primary key and a per-guest index cannot offer.
"""
    return f"""## Upload tickets per second

`wrk` ({result['wrk_version']}, {result['threads']} threads, {result['connections']} connections,
{result['duration_s']} s per run, {result['rounds']} alternating rounds after a warm-up; the round
with the median requests/s is shown) against `GatewayBenchServer`: the gateway assembled as
`attache serve` assembles it (development mode: embedded object store, SQLite state, request
logging at `{result['log_level']}` into a file), plus a benchmark-only `GET /bench/hello` route
in the same router, so both figures share the process, event loops and middleware. Each ticket
request carries the next of {result['guests']} guests' bearer credentials and asks for a 1 MiB
PDF: credential check, rate limiters (raised for the benchmark, still on the path), filename and
policy checks, presigned PUT, then the quota summed, the upload row and the audit entry written
in one SQLite transaction shared with the other tickets waiting at that moment (group commit). Requests/s per round: hello {result['hello_rps_rounds']}, tickets
{result['tickets_rps_rounds']}; {result['ticket_requests_measured']:,} ticket requests measured,
{result['uploads_stored']:,} uploads stored, {result['ticket_status_errors']} non-2xx answers.
Server CPU is the gateway process's user + system time over the run (`/proc`), wrk shares the
same {result['machine']['cores']} cores; "written to storage" is the bytes the process caused to be written over
the run (`/proc/PID/io` `write_bytes`: the WAL, the checkpoints into the database file, the log).

| route | requests/s | p50 ms | p90 ms | p99 ms | server CPU µs/request | server CPU cores | written to storage per request | non-2xx |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
{chr(10).join(rows)}

{bound}
{state_text}
{profile_text}
{notes}
Run on {machine_line(result['machine'])}.
"""


def written(row):
    """Bytes written to storage per request, or a dash for results from before it was measured."""
    value = row.get("server_written_bytes_per_request")
    return "-" if value is None else f"{value / 1024:,.1f} KiB"


def scan_section(result, summary):
    ratio = result["ratio"]
    mib = result["size_bytes"] / (1 << 20)
    summary.append(
        f"| upload complete → `clean`, {mib:.0f} MiB | {result['gateway_answered_to_clean_s']:.2f} s "
        f"(complete call included: {result['gateway_complete_to_clean_s']:.2f} s) | boto3 + socket script "
        f"(GET → INSTREAM, COPY, DELETE): {result['reference_s']:.2f} s | {ratio:.2f}× "
        f"({result['ratio_including_complete_call']:.2f}×) | ≤ 1.2× | {verdict(ratio <= 1.2)} |"
    )
    gateway_rows = ", ".join(f"{run['answered_to_clean_s']:.2f}" for run in result["gateway_runs"])
    reference_rows = ", ".join(f"{run['elapsed_s']:.2f}" for run in result["reference_runs"])
    notes = f"""This ratio moves with the machine's load more than any other here: over eleven runs of this
figure on this shared machine while it was being built it ranged from 0.7× to 1.26× (median about
1.1×), because moto, clamd, the gateway and the script share 2 cores with other work.

The complete call itself is moto assembling the parts (CompleteMultipartUpload), which the
reference script does not do: its object is put whole. The ratio with it included is
{result['ratio_including_complete_call']:.2f}×. Once the object is whole the gateway takes {abs(result['gateway_answered_to_clean_s'] - result['reference_s']):.2f} s {'more' if result['gateway_answered_to_clean_s'] > result['reference_s'] else 'less'}
than the script, while doing more: the event's trip through SQS to the worker (the `scanning` row) plus its state writes, the magic-byte
check, and the tags on the copy; the GET, `INSTREAM` and copy dominate both and run at the speed
of moto and clamd, which share the 2 cores with the gateway: gateway CPU is taken from them.
Profiled (`perf record -g -p` on the gateway during repetitions), the gateway's own CPU goes to
the SHA-256 it computes of every object in the same pass (`ObjectInspector.observe`: ≈ 40 ms
per 50 MiB, serial with the stream) and to context switches (`finish_task_switch`, the largest
kernel entry): each body buffer from AsyncHTTPClient travels through async sequences to clamd's channel
one buffer at a time, where the script moves 256 KiB per `sendall`. Coalescing body buffers to
the INSTREAM chunk size before they cross tasks (ClamdClient / S3ObjectStore.read), and hashing
on a second task fed by the same buffers, are the two levers.
"""
    return f"""## Upload complete → clean

A {mib:.0f} MiB text file through the production pipeline on loopback: `GatewayBenchServer` with
the S3 store in moto's server (quarantine and clean buckets, the quarantine bucket's
`ObjectCreated` events to an SQS queue in moto), a private clamd ({result['clamd']}; only the
test signatures, so scanning is cheap and the pipeline's own overhead shows) and the scan worker
with its defaults. Each repetition a guest takes a ticket (multipart, 8 MiB parts), PUTs the
parts (not timed), then calls `POST /v1/uploads/{{id}}/complete`; timed is from the complete call's
answer (the object is whole in quarantine) to the `clean` event on `GET /v1/uploads/{{id}}/events`
(server-sent events, as a guest UI follows an upload; opened before the complete call). In between: S3 event → SQS → worker, state
`scanning`, the object streamed from S3 into clamd `INSTREAM`, magic bytes sniffed and compared
with the declared type, `CopyObject` to the clean bucket with the scan tags, `DeleteObject` from
quarantine, state `clean` with the scan result and audit entries. The reference, alternating
with it in the same run: boto3 {result['boto3']} `get_object` streamed in
{result['chunk_bytes'] // 1024} KiB chunks into clamd `INSTREAM` over a socket, `copy_object`,
`delete_object` (the object put beforehand, not timed). Median of {result['repetitions']}
repetitions each, after one warm-up of each.

| | median s | runs (s) |
| --- | ---: | --- |
| gateway: complete answered → clean | {result['gateway_answered_to_clean_s']:.3f} | {gateway_rows} |
| gateway: complete call → clean | {result['gateway_complete_to_clean_s']:.3f} | |
| gateway: complete answered → `scanning` event (S3 event → SQS → worker) | {result.get('gateway_answered_to_scanning_s', float('nan')):.3f} | |
| gateway: the complete call (CompleteMultipartUpload in moto) | {result['gateway_complete_call_s']:.3f} | |
| reference script | {result['reference_s']:.3f} | {reference_rows} |
| CPU: gateway process, complete call → clean | {result.get('gateway_cpu_s', float('nan')):.3f} | |
| CPU: reference script | {result.get('reference_cpu_s', float('nan')):.3f} | |

{notes}
Run on {machine_line(result['machine'])}.
"""


def boto3_gap(s3, moto):
    """A sentence naming the cause when the S3Client is slower than boto3 in this run (else empty)."""
    if s3["ratio_vs_boto3"] >= 1.0:
        return ""
    swift, boto3 = s3["runs"]["swift"], s3["runs"]["boto3"]
    overlap = min(swift) <= max(boto3)
    return (
        f" The boto3 goal is missed in this run by {100 * (1 - s3['ratio_vs_boto3']):.0f}%"
        + (
            f", inside the spread of the runs (S3Client {min(swift):.2f}–{max(swift):.2f} s, boto3 "
            f"{min(boto3):.2f}–{max(boto3):.2f} s)"
            if overlap
            else ""
        )
        + f": with moto setting the pace, its {moto['swift']:.2f} s against {moto['boto3']:.2f} s of CPU for"
        " the same bytes decides the order, and what would close the gap is the same as for the CLI"
        " below: a server faster than the clients."
    )


def multipart_section(result, summary):
    s3, local = result["s3"], result["local"]
    cpu = s3.get("client_cpu_s", {"swift": float("nan"), "boto3": float("nan"), "awscli": float("nan")})
    moto = s3.get("moto_cpu_s", {"swift": float("nan"), "boto3": float("nan"), "awscli": float("nan")})
    s3_mib, local_mib = s3["bytes"] >> 20, local["bytes"] >> 20
    rate = s3["mib_per_s"]
    summary += [
        f"| multipart upload to moto, {s3_mib} MiB | S3Client: {rate['swift']:.0f} MiB/s | boto3 `upload_file`: "
        f"{rate['boto3']:.0f} MiB/s | {s3['ratio_vs_boto3']:.2f}× | ≥ 1.0× | {verdict(s3['ratio_vs_boto3'] >= 1.0)} |",
        f"| | | `aws s3 cp`: {rate['awscli']:.0f} MiB/s | {s3['ratio_vs_awscli']:.2f}× | ≥ 2× "
        f"| {verdict(s3['ratio_vs_awscli'] >= 2.0)} |",
        f"| multipart upload to the embedded store, {local_mib} MiB | {local['mib_per_s']['multipart']:.0f} MiB/s "
        f"| `curl -T` (no `Expect`), same endpoint: {local['mib_per_s']['curl']:.0f} MiB/s "
        f"| {local['ratio_vs_curl']:.2f}× "
        f"| ≥ 0.9× | {verdict(local['ratio_vs_curl'] >= 0.9)} |",
    ]

    def runs(values):
        return ", ".join(f"{value:.2f}" for value in values)

    return f"""## Multipart upload throughput

**To S3 (moto's server).** The same {s3_mib} MiB file of random bytes, uploaded to one moto bucket
by AWSClients' `S3Client` (`Benchmarks/Drivers/S3UploadBench`: CreateMultipartUpload naming
CRC-32 as the checksum algorithm, 8 MiB `UploadPart`s from the file, each with its
`x-amz-checksum-crc32`, 10 at a time, CompleteMultipartUpload listing the checksums, as boto3
does by default; timed inside the process), by
boto3 {s3['boto3']} `upload_file` (its default TransferConfig: 8 MiB parts, 10 threads; timed
in-process) and by `{s3['awscli']} s3 cp` (timed around the command, its start-up included),
alternating, median of {len(s3['runs']['swift'])} rounds after a warm-up round.

| uploader | median s | MiB/s | runs (s) | uploader CPU s | moto CPU s |
| --- | ---: | ---: | --- | ---: | ---: |
| AWSClients `S3Client` | {s3['seconds']['swift']:.2f} | {rate['swift']:.0f} | {runs(s3['runs']['swift'])} | {cpu['swift']:.2f} | {moto['swift']:.2f} |
| boto3 `upload_file` | {s3['seconds']['boto3']:.2f} | {rate['boto3']:.0f} | {runs(s3['runs']['boto3'])} | {cpu['boto3']:.2f} | {moto['boto3']:.2f} |
| `aws s3 cp` | {s3['seconds']['awscli']:.2f} | {rate['awscli']:.0f} | {runs(s3['runs']['awscli'])} | {cpu['awscli']:.2f} | {moto['awscli']:.2f} |

(CPU: medians per upload; the uploader's from `getrusage`/`process_time`, moto's from `/proc`.)
moto's server is the bottleneck for all three: it is busy for about as long as each upload takes,
while the Swift uploader uses {cpu['swift']:.2f} s of CPU per upload against boto3's
{cpu['boto3']:.2f} s and the CLI's {cpu['awscli']:.2f} s (the Swift figure includes reading each
part twice, once for its CRC-32, a slicing-by-8 `CRC32` in AWSSigning). In this run moto spent
{moto['swift']:.2f} s of CPU on the Swift upload and {moto['boto3']:.2f} s on boto3's.{boto3_gap(s3, moto)}

**Found and changed (2026-11-26).** Before, the Swift client sent no checksums, and moto spent
about twice boto3's CPU on its uploads (2.95 s against 1.54 s; 98 MiB/s, 0.53× boto3). Measured
per request, UploadPart cost moto the same whatever the headers (`UNSIGNED-PAYLOAD` or a signed
SHA-256, with or without `Content-Type`, a CRC-32 header or `Expect: 100-continue`: 0.23–0.35 s
of moto CPU per 64 MiB, within noise); the difference was all in CompleteMultipartUpload. Without
a checksum algorithm on CreateMultipartUpload, moto 5.2 emulates S3's default full-object
CRC64NVME at completion by copying the whole object twice more (`MultipartChecksumBuilder` in
`moto/s3/models.py`): 327,690 page faults and 1.04–1.42 s of moto CPU for a 256 MiB completion,
against 196,614 and 0.68–0.75 s when the upload names CRC-32. The client now sends CRC-32 part
checksums as the AWS SDKs do, which S3 verifies on every part (a real integrity check, not only a
cheaper path through moto), and the figure went from 0.53× to this run's ratio. The CLI goal
(≥ 2×) stays out of reach here: the CLI is only {s3['seconds']['awscli'] / s3['seconds']['swift']:.2f}× slower than
the Swift client because moto, not either client, sets the pace; on CPU the Swift client is
{cpu['awscli'] / cpu['swift']:.1f}× cheaper than the CLI and {cpu['boto3'] / cpu['swift']:.1f}× cheaper than boto3.
What would close the gap is a server faster than the clients, so that their own cost sets the
pace: S3 itself, which these loopback-only machines cannot reach. moto is one Python process whose
CPU time over each upload is about the upload's duration or more, the limit for every client here.

**To the embedded store.** `GatewayBenchServer` in development mode; a {local_mib} MiB file (the
default upload policy's limit is 100 MiB). Multipart: a ticket (8 MiB parts; it carries 10 part
URLs, the rest come from `POST /v1/uploads/{{id}}/parts`), the parts PUT by one `curl --parallel`
({local['parallel_parts']} at a time) to the signed part URLs, then complete; timed from the ticket
request to the complete call's answer. Reference: `curl -T` of the same file in one stream to one
part URL of another ticket, the same route and code path. Both send no `Expect: 100-continue`.

| upload | median s | MiB/s | runs (s) |
| --- | ---: | ---: | --- |
| multipart through tickets | {local['seconds']['multipart']:.2f} | {local['mib_per_s']['multipart']:.0f} | {runs(local['runs']['multipart'])} |
| `curl -T`, one stream | {local['seconds']['curl']:.2f} | {local['mib_per_s']['curl']:.0f} | {runs(local['runs']['curl'])} |
| `curl -T` with curl's default `Expect: 100-continue` | {local['seconds']['curl_expect_100']:.2f} | {local['mib_per_s']['curl_expect_100']:.0f} | {runs(local['runs']['curl_expect_100'])} |

Completing moves no bytes, as S3's completion does not: the embedded store hard-links the listed
parts, in order, into a folder that becomes the object (`LocalObjectStore+Multipart.swift`,
`linkParts`; reads go through each part in turn, and promotion to the clean area links too).
Before, it appended every part to a new file and `fsync`ed it, which made the multipart upload
0.77× the single stream (284 against 370 MiB/s on 2026-11-26). Receiving is bounded by MD5 (the
S3-compatible ETag, computed as the body arrives in `LocalFileIO.receive`: about 60% of the
gateway's samples during a `curl -T`), about 300 MB/s per stream on this machine, so parts
arriving {local['parallel_parts']} at a time overtake the single stream.

The last row checks `Expect: 100-continue` (curl's default for bodies over 1 MiB, and some S3
SDKs'): the gateway answers `100 Continue` as soon as the request head arrives
(`ExpectContinueHandler`), so such a client does not sit out its timeout (curl: 1 s) before every
part, as it did before that handler.

Run on {machine_line(result['machine'])}.
"""


def machine_line(machine):
    return (
        f"{machine['cpu']}, {machine['cores']} cores, {machine['memory']}, {machine['swift']}, "
        f"load average {machine['load_average']:.2f}, {machine['date']}"
    )


def write(results_dir, output):
    def load(name):
        path = os.path.join(results_dir, name + ".json")
        return json.load(open(path, encoding="utf-8")) if os.path.exists(path) else None

    summary = [
        "| figure | Attaché | reference, same run | ratio | goal | |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    sections = []
    machines = []
    from bench_report_guest import reconnect_section, roundtrip_section, sessions_section
    from bench_report_replicas import replicas_section

    for name, section in (
        ("presign", presign_section),
        ("tickets", tickets_section),
        ("replicas", replicas_section),
        ("scan-latency", scan_section),
        ("multipart", multipart_section),
        ("sessions", sessions_section),
        ("roundtrip", roundtrip_section),
        ("reconnect", reconnect_section),
    ):
        result = load(name)
        if name == "tickets" and result is not None:
            result["state_bench"] = load("ticket-state")
        if result is None:
            summary.append(f"| {name} | not measured yet | | | | |")
            continue
        sections.append(section(result, summary))
        machines.append(result["machine"])
    latest = max(machines, key=lambda machine: machine["date"]) if machines else machine()
    document = f"""# Performance

Every figure is a ratio against a reference measured in the same run on the same machine (these
machines are shared and noisy), on loopback. `scripts/bench` measures them and rewrites this
page; the raw results are in `Benchmarks/Results/`.

{chr(10).join(summary)}

{chr(10).join(sections)}
## Machine

- CPU: {latest['cpu']}, {latest['cores']} cores (shared with other work: see each figure's load average)
- Memory: {latest['memory']}
- Swift: {latest['swift']}
- Python {latest['python']}
- OS: {latest['os']}

## Reproduce

```
scripts/bench                      # every figure (about 5 minutes; the first run builds Benchmarks/ in release)
scripts/bench --only tickets,scan  # some figures: presign, tickets, replicas, scan, multipart, sessions, roundtrip, reconnect
scripts/bench --quick              # shorter runs, printed only (docs and results untouched)
```

See `Benchmarks/README.md` for what each figure runs and how to profile it.
"""
    with open(output, "w", encoding="utf-8") as file:
        file.write(document)
    print(f"wrote {output}", file=sys.stderr)
    print("\n".join(summary))


def main():
    command, *arguments = sys.argv[1:]
    {"presign": presign, "state": state, "stamp": stamp, "write": write}[command](*arguments)


if __name__ == "__main__":
    main()
