#!/usr/bin/env python3
"""Guest WebSocket figures for scripts/bench: idle sessions (memory per session), message round trip
and reconnect after a forced drop.

    bench_guest.py sessions --attache PATH --echo-server PATH --driver PATH
                            [--count 10000] [--hold 40] [--heartbeat 30] [--ping 15]
    bench_guest.py roundtrip --server PATH --echo-server PATH --driver PATH
                             [--sessions 250] [--rate 1000] [--duration 5] [--warmup 1] [--rounds 6]
                             [--idle 9750] [--idle-duration 8]
    bench_guest.py reconnect --server PATH --driver PATH
                             [--sessions 100] [--drops 5] [--interval-ms 250] [--gap-ms 1500] [--herd 200]

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
guest text with the same text) and EchoBenchServer, both running for the whole figure and driven
in turn (echo, dev, dev, echo, … for `--rounds` pairs of short runs, so bursts of other work on a
shared machine fall on both). Runs in which the driver itself fell more than `--stall-ms` behind
its schedule (a machine-wide stall) are left out of the pooled percentiles, and listed. The driver sends guest messages at `--rate` per second in all over `--sessions`
sessions for `--warmup` + `--duration` seconds; each is timed from its write to its answer (the
agent's Outbound message with the same text; the echoed frame). Latencies of each server's runs
are pooled for the percentiles. Then, as a supplement outside the ratio, one more DevBenchServer
run with `--idle` more sessions connected and idle (heartbeats as in `sessions`) while the same
load runs for `--idle-duration` seconds: the round trip of a box that holds the `sessions`
figure's 10,000 guests (250 active + 9,750 idle).

`reconnect`: DevBenchServer with its echo agent; the driver's `reconnect` command runs
`--sessions` GuestClient `GuestSession`s (the SDK itself, its default reconnect policy: first
step ≤ 1 s, full jitter) against the sandbox through a loopback TCP proxy inside the driver. Each
session queues a numbered message every `--interval-ms`; `--drops` times, `--gap-ms` apart, each
session queues one message, the proxy resets every socket at once (both sides, SO_LINGER 0) and
each session queues one more. Per session and drop: the time from the cut to the first message acknowledged on a new
connection, against the first backoff step; at the end, every queued message must have been
echoed by the agent exactly once. Each drop also records the cores other processes took (from
/proc/stat, minus the driver and the server) from the cut until every session resumed; drops with
more than `--quiet-cores` are a stall of the shared machine and the figures are given with and
without them (as `roundtrip` leaves out stalled runs). Then, outside the goal, the same with `--herd` sessions (the
SDK's jitter spreading a larger herd on the same 2 cores).

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
        # Both servers stay up for the whole figure and take turns (short slices, ABBA order), so
        # a burst of other work on this shared machine falls on both rather than on one server's run.
        echo_port, gateway_port, sandbox_port = free_port(), free_port(), free_port()
        state = os.path.join(workdir, "dev")
        os.makedirs(state)
        environment = dev_environment(state, gateway_port, sandbox_port)
        environment["ATTACHE_BENCH_AGENT"] = "echo"
        with Server([args.echo_server], {"ATTACHE_BENCH_ECHO_PORT": str(echo_port)},
                    os.path.join(workdir, "echo.log")) as echo_server, \
                Server([args.server], environment, os.path.join(workdir, "dev.log")) as dev_server:
            servers = {"echo": (echo_server, echo_port, ["--mode", "echo"]), "sandbox": (dev_server, sandbox_port, [])}
            for index, which in enumerate(order):
                server, port, extra = servers[which]
                latencies = os.path.join(workdir, f"latencies-{index}-{which}.txt")
                result = run_driver(args.driver, ["roundtrip", "--server-pid", str(server.pid),
                                                  "--url", f"ws://127.0.0.1:{port}/v1?deploymentId={DEPLOYMENT}",
                                                  "--latencies", latencies] + extra + common, timeout)
                runs[which].append(result)
                files[which].append(latencies)
                print(f"roundtrip {which}: p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms, "
                      f"lost {result['lost']}", file=sys.stderr)
        # A run in which the driver itself missed its schedule by more than --stall-ms was hit by
        # a machine-wide stall (other work on the shared cores), not by the server: such runs are
        # left out of the pooled percentiles as long as each server keeps at least one run.
        clean = {
            which: [path for path, run in zip(files[which], runs[which]) if run["max_send_lag_ms"] <= args.stall_ms]
            for which in files
        }
        for which in clean:
            if not clean[which]:
                clean[which] = files[which]
        ours, echo = pooled(clean["sandbox"]), pooled(clean["echo"])
        all_runs = {"sandbox": pooled(files["sandbox"]), "echo": pooled(files["echo"])}
        loaded = loaded_run(args, workdir, common) if args.idle > 0 else None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    run_ratios = sorted(
        sandbox["p99_ms"] / reference["p99_ms"] for sandbox, reference in zip(runs["sandbox"], runs["echo"])
    )
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
        "with_idle_sessions": loaded,
        "stall_ms": args.stall_ms,
        "runs_pooled": {which: len(clean[which]) for which in clean},
        "all_runs": all_runs,
        "all_runs_p99_ratio": all_runs["sandbox"]["p99_ms"] / all_runs["echo"]["p99_ms"]
        if all_runs["echo"]["p99_ms"] else None,
        "p99_ratio": ours["p99_ms"] / echo["p99_ms"] if echo["p99_ms"] else None,
        "p50_ratio": ours["p50_ms"] / echo["p50_ms"] if echo["p50_ms"] else None,
        "p99_ratio_per_pair": run_ratios,
    }


def loaded_run(args, workdir, common):
    """The round trip while `args.idle` more sessions sit idle on the same DevBenchServer."""
    gateway_port, port = free_port(), free_port()
    state = os.path.join(workdir, "dev-idle")
    os.makedirs(state)
    environment = dev_environment(state, gateway_port, port)
    environment["ATTACHE_BENCH_AGENT"] = "echo"
    url = f"ws://127.0.0.1:{port}/v1?deploymentId={DEPLOYMENT}"
    trip = list(common)
    trip[trip.index("--duration") + 1] = str(args.idle_duration)
    with Server([args.server], environment, os.path.join(workdir, "dev-idle.log")) as server:
        hold = 20 + args.warmup + args.idle_duration + 10
        idle = subprocess.Popen(
            [args.driver, "sessions", "--url", url, "--deployment", DEPLOYMENT, "--count", str(args.idle),
             "--hold", str(hold), "--server-pid", str(server.pid)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            # Wait (at most 20 s) until the idle sessions hold their descriptors in the server.
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and len(os.listdir(f"/proc/{server.pid}/fd")) < args.idle:
                time.sleep(0.5)
            connected = len(os.listdir(f"/proc/{server.pid}/fd"))
            result = run_driver(args.driver, ["roundtrip", "--server-pid", str(server.pid), "--url", url] + trip,
                                args.warmup + args.idle_duration + 120)
            idle_out, idle_err = idle.communicate(timeout=hold + 120)
        finally:
            if idle.poll() is None:
                idle.kill()
                idle.wait()
    idle_result = json.loads(idle_out) if idle.returncode == 0 else {"error": idle_err[-500:]}
    result["idle_sessions"] = idle_result.get("configured", 0)
    result["server_fds_when_started"] = connected
    result["idle_rss_per_session_bytes"] = idle_result.get("rss_per_session_bytes")
    print(f"roundtrip with {result['idle_sessions']} idle sessions: p50 {result['p50_ms']:.2f} ms, "
          f"p99 {result['p99_ms']:.2f} ms, answered {result['measured_answered']} of {result['measured_sent']}",
          file=sys.stderr)
    return result


def reconnect(args):
    workdir = tempfile.mkdtemp(prefix="attache-bench-guest-")

    def drive(sandbox_port, server_pid, count):
        return run_driver(args.driver, [
            "reconnect", "--backend", f"127.0.0.1:{sandbox_port}", "--deployment", DEPLOYMENT,
            "--sessions", str(count), "--drops", str(args.drops),
            "--interval-ms", str(args.interval_ms), "--gap-ms", str(args.gap_ms),
            "--server-pid", str(server_pid), "--quiet-cores", str(args.quiet_cores),
        ], 120 + args.drops * 20)

    def line(name, run):
        return (f"reconnect{name}: {run['sessions']} sessions, {run['samples']} resumes, "
                f"p50 {run['resume']['p50_ms']:.0f} ms, p99 {run['resume']['p99_ms']:.0f} ms "
                f"(first step {run['first_step_ms']:.0f} ms), lost {run['lost']}, duplicated {run['duplicated']}")

    try:
        gateway_port, sandbox_port = free_port(), free_port()
        state = os.path.join(workdir, "dev")
        os.makedirs(state)
        environment = dev_environment(state, gateway_port, sandbox_port)
        environment["ATTACHE_BENCH_AGENT"] = "echo"
        with Server([args.server], environment, os.path.join(workdir, "dev.log")) as server:
            result = drive(sandbox_port, server.pid, args.sessions)
            print(line("", result), file=sys.stderr)
            if args.herd > 0:
                # A supplement outside the goal: twice the sessions dropped at once, same server.
                result["herd"] = drive(sandbox_port, server.pid, args.herd)
                print(line(" (herd)", result["herd"]), file=sys.stderr)
            result["server_survived"] = server.process.poll() is None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


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
    trip.add_argument("--duration", type=float, default=5)
    trip.add_argument("--warmup", type=float, default=1)
    trip.add_argument("--rounds", type=int, default=6)
    trip.add_argument("--stall-ms", type=float, default=20,
                      help="runs whose driver fell further behind its schedule are left out of the pooled figures")
    trip.add_argument("--idle", type=int, default=9750, help="idle sessions of the supplement (0: skip it)")
    trip.add_argument("--idle-duration", type=float, default=8)
    again = commands.add_parser("reconnect")
    again.add_argument("--server", required=True, help="DevBenchServer")
    again.add_argument("--driver", required=True)
    again.add_argument("--sessions", type=int, default=100)
    again.add_argument("--drops", type=int, default=5)
    again.add_argument("--interval-ms", type=int, default=250)
    again.add_argument("--gap-ms", type=int, default=1500)
    again.add_argument("--herd", type=int, default=200, help="sessions of the supplement run (0: skip it)")
    again.add_argument("--quiet-cores", type=float, default=0.25,
                       help="drops during which other processes used more cores are left out of the judged figures")
    args = parser.parse_args()
    for name in ("attache", "server", "echo_server", "driver"):
        if getattr(args, name, None):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    result = {"sessions": sessions, "roundtrip": roundtrip, "reconnect": reconnect}[args.command](args)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
