#!/usr/bin/env python3
"""Ticket requests per second vs a Hummingbird hello-world route in the same process (scripts/bench).

    bench_tickets.py --server PATH [--connections 64] [--duration 8] [--rounds 3] [--guests 512]

Starts GatewayBenchServer in development mode (embedded object store, SQLite state in a
temporary directory, request logging at the default `info` level into a file), registers
`--guests` guests, then alternates wrk runs (`--connections` connections, 2 threads, `--duration`
seconds each) against `GET /bench/hello` and `POST /v1/uploads` (a 1 MiB PDF ticket: policy
check, quota query, presigned PUT, upload row and audit entry in SQLite), `--rounds` times,
after a short warm-up of each. Prints one JSON object: per-round figures, the median round of
each, the ratio, the server's CPU time per request, and the number of uploads stored.
"""

import argparse
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_gateway import GatewayProcess  # noqa: E402
from sqlite_ticket_replay import insert_ticket  # noqa: E402

LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Benchmarks", "Load", "gateway.lua")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def written_bytes(pid):
    """Bytes the process has caused to be written to storage so far (its WAL, database and log),
    or None where the kernel keeps no per-task I/O accounting."""
    try:
        with open(f"/proc/{pid}/io", encoding="ascii") as io:
            for line in io:
                if line.startswith("write_bytes:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def wrk(base_url, mode, seconds, connections, threads, credentials_file, pid):
    arguments = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", os.path.abspath(LUA), base_url, "--", mode,
    ]
    if mode == "tickets":
        arguments.append(credentials_file)
    before, written = cpu_seconds(pid), written_bytes(pid)
    output = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
    used, written_after = cpu_seconds(pid) - before, written_bytes(pid)
    line = next(line for line in reversed(output.splitlines()) if line.startswith("{"))
    result = json.loads(line)
    seconds_run = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds_run
    result["server_cpu_us_per_request"] = used * 1e6 / max(result["requests"], 1)
    result["server_cpu_cores"] = used / seconds_run
    if written is not None and written_after is not None:
        result["server_written_bytes_per_request"] = (written_after - written) / max(result["requests"], 1)
    return result


def sqlite_floor(database_path, workdir, guests, count=5000):
    """The ticket's SQL transaction alone, as GRDBUploadStateStore runs it (BEGIN IMMEDIATE, quota
    SUM, audit INSERT, upload INSERT naming it, COMMIT), from Python's sqlite3 (statements cached) on a copy
    of the gateway's database: WAL, synchronous NORMAL. Returns CPU and wall µs per transaction."""
    path = os.path.join(workdir, "floor.sqlite")
    shutil.copy(database_path, path)
    database = sqlite3.connect(path, isolation_level=None)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA synchronous=NORMAL")
    guest_ids = [secrets.token_hex(16) for _ in range(guests)]
    file_ids = [secrets.token_hex(16) for _ in range(count)]
    now = "2026-01-01 00:00:00.000"
    wall, cpu = time.perf_counter(), time.process_time()
    for index, file_id in enumerate(file_ids):
        guest = guest_ids[index % guests]
        database.execute("BEGIN IMMEDIATE")
        insert_ticket(database, guest, file_id, now)
        database.execute("COMMIT")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    database.close()
    return {"transactions": count, "cpu_us": cpu * 1e6 / count, "wall_us": wall * 1e6 / count}


def perf_profile(gateway, workdir, credentials_file, arguments):
    """Samples the gateway with perf during one more tickets run; returns bench_profile.py's table."""
    data = os.environ.get("ATTACHE_BENCH_PERF_DATA") or os.path.join(workdir, "perf.data")
    seconds = max(arguments.duration, 6)
    load = subprocess.Popen(
        ["wrk", f"-t{arguments.threads}", f"-c{arguments.connections}", f"-d{seconds + 2}s", "-s",
         os.path.abspath(LUA), gateway.base_url, "--", "tickets", credentials_file],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(1)
    before = cpu_seconds(gateway.pid)
    subprocess.run(
        ["perf", "record", "-q", "-F", "999", "-g", "-o", data, "-p", str(gateway.pid), "--", "sleep", str(seconds)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
    )
    used = cpu_seconds(gateway.pid) - before
    load.wait()
    script = subprocess.run(
        ["perf", "script", "-i", data, "-F", "comm,tid,ip,sym"], capture_output=True, text=True, check=True
    ).stdout
    categorizer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_profile.py")
    shares = subprocess.run(
        [sys.executable, categorizer, "--json"], input=script, capture_output=True, text=True, check=True
    ).stdout
    return {"cpu_cores": used / seconds, "seconds": seconds, "shares": json.loads(shares)}


def load_parser(description=None):
    """The options every wrk ticket load shares (this figure and bench_replicas.py)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--server", required=True)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--guests", type=int, default=4096)
    return parser


def median_round(results):
    """The round with the median requests/s."""
    return sorted(results, key=lambda result: result["rps"])[len(results) // 2]


def main():
    parser = load_parser()
    parser.add_argument("--log-level", default="info")
    parser.add_argument("--profile", action="store_true", help="after the rounds, perf-profile one more tickets run")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="attache-bench-tickets.") as workdir:
        settings = {"ATTACHE_LOG_LEVEL": arguments.log_level}
        log_path = os.path.join(workdir, "server.log")
        with GatewayProcess(arguments.server, workdir, settings, log_path) as gateway:
            credentials = gateway.register_guests(arguments.guests)
            credentials_file = os.path.join(workdir, "credentials.txt")
            with open(credentials_file, "w", encoding="ascii") as file:
                file.write("\n".join(credentials) + "\n")
            # One ticket by hand: the route answers 201 with a presigned PUT before we load it.
            ticket = gateway.call(
                "POST", "/v1/uploads",
                {"filename": "Quarterly report.pdf", "size": 1048576, "contentType": "application/pdf"},
                credential=credentials[0], expect=(201,),
            )
            assert ticket["upload"]["method"] == "PUT", ticket

            def run(mode, seconds):
                return wrk(gateway.base_url, mode, seconds, arguments.connections, arguments.threads,
                           credentials_file, gateway.pid)

            run("hello", arguments.warmup)
            run("tickets", arguments.warmup)
            rounds = {"hello": [], "tickets": []}
            for _ in range(arguments.rounds):
                for mode in ("hello", "tickets"):
                    rounds[mode].append(run(mode, arguments.duration))
            log_lines = sum(1 for _ in open(log_path, "rb"))
            profile = None
            if arguments.profile:
                profile = perf_profile(gateway, workdir, credentials_file, arguments)
        with sqlite3.connect(os.path.join(workdir, "attache.sqlite")) as database:
            stored = database.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
        floor = sqlite_floor(os.path.join(workdir, "attache.sqlite"), workdir, arguments.guests)

    hello, tickets = median_round(rounds["hello"]), median_round(rounds["tickets"])
    ticket_requests = sum(result["requests"] for result in rounds["tickets"])
    summary = {
        "connections": arguments.connections,
        "threads": arguments.threads,
        "duration_s": arguments.duration,
        "rounds": arguments.rounds,
        "guests": arguments.guests,
        "log_level": arguments.log_level,
        "hello": hello,
        "tickets": tickets,
        "ratio": tickets["rps"] / hello["rps"],
        "sqlite_floor": floor,
        # The best ratio a ticket could reach if it cost the hello route's CPU plus its SQL
        # transaction and nothing else (both CPU-bound on the same cores).
        "ratio_bound_with_sqlite": hello["server_cpu_us_per_request"]
        / (hello["server_cpu_us_per_request"] + floor["cpu_us"]),
        "hello_rps_rounds": [round(result["rps"]) for result in rounds["hello"]],
        "tickets_rps_rounds": [round(result["rps"]) for result in rounds["tickets"]],
        "ticket_status_errors": sum(result["errors_status"] for result in rounds["tickets"]),
        "hello_status_errors": sum(result["errors_status"] for result in rounds["hello"]),
        "ticket_requests_measured": ticket_requests,
        "uploads_stored": stored,
        "server_log_lines": log_lines,
        "wrk_version": " ".join(
            subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[:2]
        ),
        "median_of": "rounds, by requests/s",
        "profile": profile,
    }
    json.dump(summary, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
