#!/usr/bin/env python3
"""Ticket requests per second of two gateway replicas behind nginx vs one (scripts/bench).

    bench_replicas.py --server PATH [--connections 64] [--duration 8] [--rounds 3] [--guests 4096]

Starts a private PostgreSQL server, two GatewayBenchServer replicas sharing it (the PostgreSQL
state store, one embedded object store directory and one signing secret, as replicas behind a
load balancer share S3 and their secrets), and two nginx instances (Debian's nginx, 2 workers,
keep-alive upstream connections): one proxying to replica 1 only, one to both replicas
(round-robin). Registers `--guests` guests, then alternates wrk runs of `POST /v1/uploads` (a
1 MiB PDF ticket, each request the next guest's credential) through each nginx, `--rounds` times
after a warm-up of each. Prints one JSON object: per-round figures, the median round of each,
the ratio two ÷ one, and the CPU each part used per request (replicas, nginx, PostgreSQL).
Everything binds 127.0.0.1 and is stopped at the end.
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_gateway import GatewayProcess, call  # noqa: E402
from bench_services import Nginx, Postgres  # noqa: E402
from bench_tickets import CLOCK_TICKS, load_parser, median_round, wrk  # noqa: E402


def process_tree_cpu_seconds(root):
    """User + system CPU seconds of a process and all its descendants so far."""
    parents, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    total = 0.0
    for pid, seconds in cpu.items():
        walker = pid
        while walker and walker != root and walker in parents:
            walker = parents[walker]
        if walker == root:
            total += seconds
    return total


def main():
    arguments = load_parser(__doc__.splitlines()[0]).parse_args()

    with tempfile.TemporaryDirectory(prefix="attache-bench-replicas.") as workdir, Postgres() as postgres:
        settings = {
            "ATTACHE_LOG_LEVEL": "info",
            "ATTACHE_DATABASE_URL": postgres.url,
            "ATTACHE_STORE": f"local:{workdir}/objects",
            "ATTACHE_SIGNING_SECRET": secrets.token_hex(32),
        }
        replica_dirs = [os.path.join(workdir, f"replica-{index}") for index in (1, 2)]
        for directory in replica_dirs:
            os.makedirs(directory)
        with GatewayProcess(arguments.server, replica_dirs[0], settings, replica_dirs[0] + "/server.log") as first, \
                GatewayProcess(arguments.server, replica_dirs[1], settings, replica_dirs[1] + "/server.log") as second:
            credentials = first.register_guests(arguments.guests)
            credentials_file = os.path.join(workdir, "credentials.txt")
            with open(credentials_file, "w", encoding="ascii") as file:
                file.write("\n".join(credentials) + "\n")
            upstreams = [replica.base_url.removeprefix("http://") for replica in (first, second)]
            with Nginx(workdir, "nginx-one", upstreams[:1]) as one, Nginx(workdir, "nginx-two", upstreams) as two:
                # A ticket through each balancer, taken by each replica, before the load.
                for balancer in (one, two, two):
                    probe = call(
                        balancer.base_url, "POST", "/v1/uploads",
                        {"filename": "Quarterly report.pdf", "size": 1048576, "contentType": "application/pdf"},
                        credential=credentials[0], expect=(201,),
                    )
                    assert probe["upload"]["method"] == "PUT", probe
                parts = {"replica 1": first.pid, "replica 2": second.pid, "nginx": None, "postgres": postgres.pid}

                def run(label, balancer, seconds):
                    parts["nginx"] = balancer.pid
                    before = {name: process_tree_cpu_seconds(pid) for name, pid in parts.items()}
                    result = wrk(balancer.base_url, "tickets", seconds, arguments.connections, arguments.threads,
                                 credentials_file, first.pid)
                    # Storage writes are measured per process; with two replicas one process's
                    # figure would be half the story.
                    result.pop("server_written_bytes_per_request", None)
                    seconds_run = result["duration_us"] / 1e6
                    requests = max(result["requests"], 1)
                    result["cpu_us_per_request"] = {
                        name: (process_tree_cpu_seconds(pid) - before[name]) * 1e6 / requests
                        for name, pid in parts.items()
                    }
                    result["cpu_cores"] = {
                        name: value * requests / 1e6 / seconds_run
                        for name, value in result["cpu_us_per_request"].items()
                    }
                    result["label"] = label
                    return result

                run("one", one, arguments.warmup)
                run("two", two, arguments.warmup)
                rounds = {"one": [], "two": []}
                for _ in range(arguments.rounds):
                    rounds["one"].append(run("one", one, arguments.duration))
                    rounds["two"].append(run("two", two, arguments.duration))
            stored = subprocess.run(
                ["psql", postgres.url, "-At", "-c", "SELECT count(*) FROM uploads"],
                capture_output=True, text=True, check=True,
            ).stdout.strip()

    one, two = median_round(rounds["one"]), median_round(rounds["two"])
    summary = {
        "connections": arguments.connections,
        "threads": arguments.threads,
        "duration_s": arguments.duration,
        "rounds": arguments.rounds,
        "guests": arguments.guests,
        "one": one,
        "two": two,
        "ratio": two["rps"] / one["rps"],
        "one_rps_rounds": [round(result["rps"]) for result in rounds["one"]],
        "two_rps_rounds": [round(result["rps"]) for result in rounds["two"]],
        "status_errors": sum(result["errors_status"] for results in rounds.values() for result in results),
        "uploads_stored": int(stored),
        "nginx_version": subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip(),
        "wrk_version": " ".join(subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[:2]),
        "median_of": "rounds, by requests/s",
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
