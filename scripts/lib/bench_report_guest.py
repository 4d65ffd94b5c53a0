"""docs/performance.md sections of the guest WebSocket figures (`sessions`, `roundtrip`).

Called by bench_report.py's `write` with each figure's result (Benchmarks/Results/sessions.json,
roundtrip.json, written by scripts/lib/bench_guest.py) and the summary table to add rows to.
"""

from bench_report import machine_line, verdict

KIB = 1024
SESSION_GOAL_COUNT = 10000
SESSION_GOAL_BYTES = 64 * KIB
ROUNDTRIP_GOAL_RATIO = 2.0


def _kib(value):
    return "-" if value is None else f"{value / KIB:,.1f}"


def sessions_section(result, summary):
    ours, floor = result["attache_dev"], result["echo"]
    count = ours["configured"]
    per_session = result["bytes_per_session"]
    floor_per_socket = result["echo_bytes_per_session"]
    met = count >= SESSION_GOAL_COUNT and per_session is not None and per_session <= SESSION_GOAL_BYTES
    summary.append(
        f"| concurrent guest sessions, idle with heartbeat (`attache dev`: sandbox + gateway, one process) "
        f"| {count:,} sessions, {_kib(per_session)} KiB per session, {ours['connect_rate_per_s']:,.0f} connects/s "
        f"| Hummingbird WebSocket echo server holding {floor['configured']:,} idle sockets: "
        f"{_kib(floor_per_socket)} KiB per socket, {floor['connect_rate_per_s']:,.0f} connects/s "
        f"| {result['ratio_to_echo']:.2f}× the floor | {SESSION_GOAL_COUNT:,} sessions, ≤ 64 KiB each | {verdict(met)} |"
    )

    def row(name, run):
        before, after = run["server_before"], run["server_after_hold"]
        failures = sum(run["failures"].values())
        return (
            f"| {name} | {run['configured']:,} | {failures} | {run['connect_s']:.1f} | {run['connect_rate_per_s']:,.0f} "
            f"| {run['connect_p99_ms']:.0f} | {before['rss_kib'] / KIB:,.0f} | {after['rss_kib'] / KIB:,.0f} "
            f"| {_kib(run.get('rss_per_session_bytes'))} | {_kib(run.get('anonymous_per_session_bytes'))} "
            f"| {run['server_idle_cpu_cores'] * 100:.1f}% | {run['heartbeats_sent']:,} | {run['closed_early']} |"
        )

    limit = ""
    if result.get("limited_by"):
        limit = (
            f"\n**N was capped at {result['count']:,} of the {result['requested']:,} asked for** by "
            f"{result['limited_by']}; the per-session figure is measured at that N.\n"
        )
    return f"""## Concurrent guest sessions

How many guests one box holds, and what each costs while idle. `Benchmarks/Drivers/GuestLoadDriver`
(SwiftNIO WebSocket clients through HummingbirdWSClient, one process, {ours['concurrency']} handshakes in
flight) opens {result['count']:,} guest sockets to the sandbox of `attache dev` (the real binary: gateway
and sandbox in one process, development defaults), sends `configureSession` with a new token on
each and waits for its `SessionResponse`; then all of them stay idle for {ours['hold_s']:.0f} s, each
sending the guest SDK's `echo` heartbeat every {ours['heartbeat_s']:.0f} s (the first at a random point of
the first interval) and a WebSocket ping every {ours['ping_s']:.0f} s, as `GuestClient` does. The server's
memory is read from `/proc/PID/status` (`VmRSS`) and `smaps_rollup` (`Anonymous`) before the first
socket and at the end of the hold; per session = the growth ÷ sessions. The floor, in the same
run: `Benchmarks/Servers/EchoBenchServer`, a plain Hummingbird WebSocket echo server (same frame
limit), holding the same number of sockets under the same driver, frames and heartbeats. Each
server runs alone; the driver shares the {result['machine']['cores']} cores.
The driver's `ulimit -n` ({result['ulimit_nofile']:,}) is not raised: one process holds all sockets.
{limit}
| server | sessions | failed | connect s | connects/s | handshake p99 ms | RSS before MiB | RSS after MiB | RSS KiB per session | anonymous KiB per session | idle CPU | heartbeats sent | dropped |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
{row("`attache dev` (sandbox + gateway)", ours)}
{row("Hummingbird WebSocket echo server (floor)", floor)}

A guest session costs {_kib(per_session)} KiB in `attache dev`, {result['ratio_to_echo']:.2f}× what the bare
Hummingbird WebSocket costs ({_kib(floor_per_socket)} KiB: the NIO channel and its pipeline, the
HTTP/1 upgrade's leftovers, the WebSocket handler's buffers and the task running the handler).
The difference, {_kib(per_session - floor_per_socket) if per_session and floor_per_socket else '-'} KiB, is the
sandbox's own per-connection state: its connection entry with an unbounded `AsyncStream` of
outbound frames, the writer child task and its task group (`GuestSocketRoute`), the
`GuestSocketHandler` with its logger and rate limiter, and the session record.

Run on {machine_line(result['machine'])}.
"""


def roundtrip_section(result, summary):
    ours, echo = result["sandbox"], result["echo"]
    ratio = result["p99_ratio"]
    summary.append(
        f"| guest message round trip (guest → sandbox → agent → guest) at {result['rate_per_s']:,.0f} messages/s "
        f"| p99 {ours['p99_ms']:.2f} ms (p50 {ours['p50_ms']:.2f} ms), {result['lost']} lost "
        f"| Hummingbird WebSocket echo server, same rate: p99 {echo['p99_ms']:.2f} ms (p50 {echo['p50_ms']:.2f} ms) "
        f"| {ratio:.2f}× | p99 ≤ 2× | {verdict(ratio <= ROUNDTRIP_GOAL_RATIO)} |"
    )

    def pooled_row(name, figures, lost):
        return (
            f"| {name} | {figures['count']:,} | {figures['p50_ms']:.2f} | {figures['p90_ms']:.2f} "
            f"| {figures['p99_ms']:.2f} | {figures['p999_ms']:.2f} | {figures['max_ms']:.2f} | {lost} |"
        )

    runs = []
    for index, which in enumerate(result["order"]):
        run = result[f"{which}_runs"][result["order"][:index].count(which)]
        runs.append(
            f"| {index + 1} | {'`attache dev` + agent' if which == 'sandbox' else 'echo server'} "
            f"| {run['p50_ms']:.2f} | {run['p99_ms']:.2f} | {run['max_ms']:.2f} | {run['lost']} "
            f"| {run['max_send_lag_ms']:.1f} | {run.get('server_cpu_cores', float('nan')) * 100:.0f}% |"
        )
    return f"""## Guest message round trip

A guest's message to the agent and the agent's answer back, at {result['rate_per_s']:,.0f} messages/s.
`GuestLoadDriver` opens {result['sessions']} guest sessions (the sandbox's default rate limit is 60
requests per 10 s per connection, so {result['rate_per_s'] / result['sessions']:.0f}/s each stays under it) and
sends text messages open-loop at a fixed rate in all (session i's k-th message at
T0 + (k·{result['sessions']} + i)/{result['rate_per_s']:.0f} s) for {result['warmup_s']:.0f} s of warm-up
(not counted) plus {result['duration_s']:.0f} s; each message carries its send time and is timed from its
write until its answer arrives at the guest's socket. The server is `Benchmarks/Servers/DevBenchServer`:
what `attache dev` runs (gateway and sandbox with its platform side, trigger rules included, one
process) plus an in-process agent that accepts each conversation on its first message and answers
every guest text with the same text through `SandboxState` (the calls the agent console's routes
make): guest frame decoded, rate-limited, stored, published to the agent (and the trigger rules),
the agent's Outbound message stored and written to the guest's socket. The reference, alternating
with it in the same run ({', '.join(result['order'])}): `EchoBenchServer`, a plain Hummingbird
WebSocket echo server, the same driver, sessions, frames and rate; the echoed frame is the answer.
Percentiles pool every measured message of a server's {result['rounds']} runs.

| server | messages | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | lost |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
{pooled_row("`attache dev` + agent (guest → sandbox → agent → guest)", ours, result['lost'])}
{pooled_row("Hummingbird WebSocket echo server", echo, result['echo_lost'])}

| run | server | p50 ms | p99 ms | max ms | lost | driver's worst send lag ms | server CPU |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
{chr(10).join(runs)}

p99 ratio {ratio:.2f}×, p50 ratio {result['p50_ratio']:.2f}×. Server CPU is the server process's user +
system time over the run (`/proc`); the driver shares the same cores, and its own scheduling shows
in the send lag (how late the most delayed message left its schedule).

Run on {machine_line(result['machine'])}.
"""
