import Foundation

// GuestLoadDriver: guest WebSocket load for scripts/bench's `sessions`, `roundtrip` and `reconnect` figures
// (scripts/lib/bench_guest.py runs it). Prints one JSON object on standard output.
//
//   GuestLoadDriver sessions --url WS_URL --deployment ID --count N [--mode sandbox|echo]
//       [--hold SECONDS] [--heartbeat SECONDS] [--ping SECONDS] [--concurrency C]
//       [--connect-timeout SECONDS] [--server-pid PID]
//     Opens N guest sockets (at most C handshakes in flight), sends `configureSession` with a new
//     token on each and waits for its answer; then holds them all idle for --hold seconds, each
//     sending the `echo` heartbeat every --heartbeat seconds (first one at a random point of the
//     first interval) and WebSocket pings every --ping seconds, as the guest SDK does. Reads the
//     server's memory (/proc/PID/status, smaps_rollup) and CPU before, once connected, and at
//     the end of the hold.
//
//   GuestLoadDriver roundtrip --url WS_URL --deployment ID --sessions S --rate R --duration D
//       [--warmup W] [--mode sandbox|echo] [--server-pid PID] [--latencies PATH]
//     Opens S sessions, then sends guest text messages at R per second in all (session i's k-th
//     message at T0 + (k·S + i)/R, open loop) for W + D seconds, and times each message until its
//     answer: in `sandbox` mode the agent's Outbound reply with the same text, in `echo` mode the
//     frame echoed back. Latencies of the first W seconds are dropped; --latencies writes the
//     others (µs, one per line, sorted) to a file.
//
//   GuestLoadDriver reconnect --backend HOST:PORT --deployment ID [--sessions S] [--drops D]
//       [--interval-ms I] [--gap-ms G] [--resume-timeout SECONDS] [--base-ms B]
//       [--server-pid PID] [--quiet-cores C]
//     S GuestClient sessions (the SDK's `GuestSession`, its default reconnect policy unless
//     --base-ms) connect to the sandbox at HOST:PORT through a loopback proxy in this process;
//     each queues a numbered message every I ms. D times, G ms apart, each session queues one
//     message, the proxy at once resets every socket (both sides, SO_LINGER 0) and each session
//     queues one more; the time from the cut to the first message acknowledged on a new
//     connection is the session's resume time, next to the first backoff step. At the end every queued message must have
//     been echoed exactly once by DevBenchServer's agent (lost / duplicated counts). With
//     --server-pid, each drop also records the cores other processes used from the cut until
//     every session resumed (/proc/stat minus this process and the server); the figures are
//     given over all drops and over those where others used at most C cores (`quiet`).
//
// `--mode echo` talks to EchoBenchServer: the same frames are sent, and any text frame echoed
// back counts as the answer.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    let usage = "usage: GuestLoadDriver sessions|roundtrip|reconnect … (see main.swift)\n"
    FileHandle.standardError.write(Data(usage.utf8))
    exit(64)
}
let options = DriverOptions(Array(arguments.dropFirst()))
let result: [String: Any]
switch command {
case "sessions":
    result = try await SessionsLoad(options).run()
case "roundtrip":
    result = try await RoundTripLoad(options).run()
case "reconnect":
    result = try await ReconnectLoad(options).run()
default:
    FileHandle.standardError.write(Data("GuestLoadDriver: unknown command \(command)\n".utf8))
    exit(64)
}
let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
FileHandle.standardOutput.write(data + Data("\n".utf8))
exit(0)
