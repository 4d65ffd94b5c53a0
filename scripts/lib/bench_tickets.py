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
import sqlite3
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_gateway import GatewayProcess  # noqa: E402

LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Benchmarks", "Load", "gateway.lua")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def wrk(base_url, mode, seconds, connections, threads, credentials_file, pid):
    arguments = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", os.path.abspath(LUA), base_url, "--", mode,
    ]
    if mode == "tickets":
        arguments.append(credentials_file)
    before = cpu_seconds(pid)
    output = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
    used = cpu_seconds(pid) - before
    line = next(line for line in reversed(output.splitlines()) if line.startswith("{"))
    result = json.loads(line)
    seconds_run = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds_run
    result["server_cpu_us_per_request"] = used * 1e6 / max(result["requests"], 1)
    result["server_cpu_cores"] = used / seconds_run
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--guests", type=int, default=512)
    parser.add_argument("--log-level", default="info")
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
        with sqlite3.connect(os.path.join(workdir, "attache.sqlite")) as database:
            stored = database.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]

    def median_round(results):
        return sorted(results, key=lambda result: result["rps"])[len(results) // 2]

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
        "hello_rps_rounds": [round(result["rps"]) for result in rounds["hello"]],
        "tickets_rps_rounds": [round(result["rps"]) for result in rounds["tickets"]],
        "ticket_status_errors": sum(result["errors_status"] for result in rounds["tickets"]),
        "hello_status_errors": sum(result["errors_status"] for result in rounds["hello"]),
        "ticket_requests_measured": ticket_requests,
        "uploads_stored": stored,
        "server_log_lines": log_lines,
        "wrk_version": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip(),
        "median_of": "rounds, by requests/s",
        "statistics_note": f"hello stdev {statistics.pstdev(r['rps'] for r in rounds['hello']):.0f} rps",
    }
    json.dump(summary, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
