#!/usr/bin/env python3
"""Guest WebSocket figures for scripts/bench: idle sessions (memory per session) and message round trip.

    bench_guest.py sessions --attache PATH --echo-server PATH --driver PATH
                            [--count 10000] [--hold 40] [--heartbeat 30] [--ping 15]
    bench_guest.py roundtrip --server PATH --echo-server PATH --driver PATH
                             [--sessions 250] [--rate 1000] [--duration 15] [--warmup 3] [--rounds 2]

`sessions`: `attache dev` (the real binary: gateway and sandbox in one process, development
defaults, SQLite and the embedded store in a temporary directory) and, as the floor,
EchoBenchServer (a plain Hummingbird WebSocket echo server), one after the other in the same
run. Against each, Benchmarks/Drivers/GuestLoadDriver opens `--count` guest sockets, sends
`configureSession` on each, holds them idle for `--hold` seconds with the guest SDK's `echo`
heartbeat every `--heartbeat` seconds and WebSocket pings every `--ping` seconds, and reads the
server's memory (/proc/PID/status VmRSS, smaps_rollup) before and after: memory per session and
connect rate. N is capped by this shell's `ulimit -n` (never raised): each socket is one file
descriptor in the server and one in the driver.

`roundtrip`: DevBenchServer (`attache dev`'s assembly with an in-process agent that answers every
guest text with the same text) and EchoBenchServer, alternating (echo, dev, dev, echo, … for
`--rounds` pairs). The driver sends guest messages at `--rate` per second in all over `--sessions`
sessions for `--warmup` + `--duration` seconds; each is timed from its write to its answer (the
agent's Outbound message with the same text; the echoed frame). Latencies of each server's runs
are pooled for the percentiles.

Prints one JSON object on standard output.
"""

import argparse
import json
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_gateway import free_port  # noqa: E402

DEPLOYMENT = "sandbox-deployment-0000-0000-000000000000"  # the sandbox's default deployment
_SCRUBBED_PREFIXES = ("ATTACHE_", "AWS_")


class Server:
    """A server child process that prints lines starting with each of `ready` once it listens; a
    context manager that stops it."""

    def __init__(self, arguments, environment, log_path, ready=(b"listening",), start_timeout=60.0):
        self.arguments = arguments
        self.environment = environment
        self.log_path = log_path
        self.ready = ready
        self.start_timeout = start_timeout
        self.process = None

    def __enter__(self):
        environment = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED_PREFIXES)}
        environment.update(self.environment)
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            self.arguments, env=environment, stdout=subprocess.PIPE, stderr=self.log, cwd=os.path.dirname(self.log_path)
        )
        deadline = time.monotonic() + self.start_timeout
        waiting = list(self.ready)
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            waiting = [prefix for prefix in waiting if not line.startswith(prefix)]
            if not waiting:
                # Let start-up work (thread pools, the gateway's first jobs) settle before readings.
                time.sleep(1.0)
                return self
            if not line and self.process.poll() is not None:
                break
        self.__exit__(None, None, None)
        raise SystemExit(f"{self.arguments[0]} did not start (see {self.log_path})")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stdout:
            self.process.stdout.close()
        self.log.close()
        return False

    @property
    def pid(self):
        return self.process.pid


def dev_environment(workdir, gateway_port, sandbox_port):
    """`attache dev` on known loopback ports, state and objects in `workdir`."""
    return {
        "ATTACHE_HOST": "127.0.0.1",
        "ATTACHE_PORT": str(gateway_port),
        "ATTACHE_SANDBOX_PORT": str(sandbox_port),
        "ATTACHE_DATABASE_URL": f"sqlite:{workdir}/attache.sqlite",
        "ATTACHE_STORE": f"local:{workdir}/objects",
        "ATTACHE_SIGNING_SECRET": secrets.token_hex(32),
    }


def run_driver(driver, arguments, timeout):
    completed = subprocess.run([driver] + arguments, capture_output=True, text=True, timeout=timeout)
    if completed.returncode != 0:
        raise SystemExit(f"GuestLoadDriver failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return json.loads(completed.stdout)


def sessions(args):
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    count, limited_by = args.count, None
    # One descriptor per socket in the server (and in the one driver process), plus the server's own.
    if soft != resource.RLIM_INFINITY and count > soft - 200:
        count, limited_by = soft - 200, f"ulimit -n {soft} (one descriptor per socket in the server and the driver)"
    workdir = tempfile.mkdtemp(prefix="attache-bench-guest-")
    common = [
        "--count", str(count), "--hold", str(args.hold), "--heartbeat", str(args.heartbeat),
        "--ping", str(args.ping), "--concurrency", str(args.concurrency), "--deployment", DEPLOYMENT,
    ]
    timeout = args.hold + 180
    try:
        echo_port = free_port()
        with Server([args.echo_server], {"ATTACHE_BENCH_ECHO_PORT": str(echo_port)},
                    os.path.join(workdir, "echo.log")) as echo:
            floor = run_driver(args.driver, ["sessions", "--mode", "echo", "--server-pid", str(echo.pid),
                                             "--url", f"ws://127.0.0.1:{echo_port}/v1?deploymentId={DEPLOYMENT}"]
                               + common, timeout)
        gateway_port, sandbox_port = free_port(), free_port()
        with Server([args.attache, "dev"], dev_environment(workdir, gateway_port, sandbox_port),
                    os.path.join(workdir, "dev.log"), ready=(b"Gateway on", b"Sandbox (")) as dev:
            ours = run_driver(args.driver, ["sessions", "--server-pid", str(dev.pid),
                                            "--url", f"ws://127.0.0.1:{sandbox_port}/v1?deploymentId={DEPLOYMENT}"]
                              + common, timeout)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "requested": args.count,
        "count": count,
        "limited_by": limited_by,
        "ulimit_nofile": soft,
        "attache_dev": ours,
        "echo": floor,
        "bytes_per_session": ours.get("rss_per_session_bytes"),
        "echo_bytes_per_session": floor.get("rss_per_session_bytes"),
        "ratio_to_echo": ours["rss_per_session_bytes"] / floor["rss_per_session_bytes"]
        if ours.get("rss_per_session_bytes") and floor.get("rss_per_session_bytes") else None,
    }


def pooled(latency_files):
    values = []
    for path in latency_files:
        with open(path, encoding="ascii") as file:
            values += [int(line) for line in file if line.strip()]
    values.sort()

    def rank(fraction):
        if not values:
            return 0.0
        index = min(len(values) - 1, max(0, int(-(-fraction * len(values) // 1)) - 1))
        return values[index] / 1000.0

    return {
        "count": len(values),
        "p50_ms": rank(0.50), "p90_ms": rank(0.90), "p99_ms": rank(0.99), "p999_ms": rank(0.999),
        "max_ms": values[-1] / 1000.0 if values else 0.0,
    }


def roundtrip(args):
    workdir = tempfile.mkdtemp(prefix="attache-bench-guest-")
    common = [
        "--sessions", str(args.sessions), "--rate", str(args.rate), "--duration", str(args.duration),
        "--warmup", str(args.warmup), "--deployment", DEPLOYMENT,
    ]
    timeout = args.warmup + args.duration + 120
    runs = {"sandbox": [], "echo": []}
    files = {"sandbox": [], "echo": []}
    order = []
    for pair in range(args.rounds):
        order += ["echo", "sandbox"] if pair % 2 == 0 else ["sandbox", "echo"]
    try:
        for index, which in enumerate(order):
            latencies = os.path.join(workdir, f"latencies-{index}-{which}.txt")
            if which == "echo":
                port = free_port()
                server = Server([args.echo_server], {"ATTACHE_BENCH_ECHO_PORT": str(port)},
                                os.path.join(workdir, "echo.log"))
                extra = ["--mode", "echo"]
            else:
                gateway_port, port = free_port(), free_port()
                state = os.path.join(workdir, f"dev-{index}")
                os.makedirs(state)
                environment = dev_environment(state, gateway_port, port)
                environment["ATTACHE_BENCH_AGENT"] = "echo"
                server = Server([args.server], environment, os.path.join(workdir, "dev.log"))
                extra = []
            with server:
                result = run_driver(args.driver, ["roundtrip", "--server-pid", str(server.pid),
                                                  "--url", f"ws://127.0.0.1:{port}/v1?deploymentId={DEPLOYMENT}",
                                                  "--latencies", latencies] + extra + common, timeout)
            runs[which].append(result)
            files[which].append(latencies)
            print(f"roundtrip {which}: p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms, "
                  f"lost {result['lost']}", file=sys.stderr)
        ours, echo = pooled(files["sandbox"]), pooled(files["echo"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {
        "sessions": args.sessions,
        "rate_per_s": args.rate,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "rounds": args.rounds,
        "order": order,
        "sandbox": ours,
        "echo": echo,
        "sandbox_runs": runs["sandbox"],
        "echo_runs": runs["echo"],
        "lost": sum(run["lost"] for run in runs["sandbox"]),
        "echo_lost": sum(run["lost"] for run in runs["echo"]),
        "p99_ratio": ours["p99_ms"] / echo["p99_ms"] if echo["p99_ms"] else None,
        "p50_ratio": ours["p50_ms"] / echo["p50_ms"] if echo["p50_ms"] else None,
    }


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    idle = commands.add_parser("sessions")
    idle.add_argument("--attache", required=True, help="the attache binary (runs `attache dev`)")
    idle.add_argument("--echo-server", required=True)
    idle.add_argument("--driver", required=True)
    idle.add_argument("--count", type=int, default=10000)
    idle.add_argument("--hold", type=float, default=40)
    idle.add_argument("--heartbeat", type=float, default=30)
    idle.add_argument("--ping", type=float, default=15)
    idle.add_argument("--concurrency", type=int, default=128)
    trip = commands.add_parser("roundtrip")
    trip.add_argument("--server", required=True, help="DevBenchServer")
    trip.add_argument("--echo-server", required=True)
    trip.add_argument("--driver", required=True)
    trip.add_argument("--sessions", type=int, default=250)
    trip.add_argument("--rate", type=float, default=1000)
    trip.add_argument("--duration", type=float, default=15)
    trip.add_argument("--warmup", type=float, default=3)
    trip.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    for name in ("attache", "server", "echo_server", "driver"):
        if getattr(args, name, None):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    result = sessions(args) if args.command == "sessions" else roundtrip(args)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
