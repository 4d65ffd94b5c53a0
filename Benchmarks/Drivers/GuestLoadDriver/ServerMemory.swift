import Foundation

/// One reading of a process's memory and CPU from /proc (Linux).
struct ProcessReading {
    /// Resident set size, KiB (`VmRSS` of /proc/PID/status).
    var rssKiB: Int
    /// Peak resident set size, KiB (`VmHWM`).
    var peakRSSKiB: Int
    /// Proportional set size, KiB (`Pss` of /proc/PID/smaps_rollup).
    var pssKiB: Int
    /// Anonymous memory, KiB (`Anonymous` of smaps_rollup): heap and stacks, no mapped files.
    var anonymousKiB: Int
    /// Threads (`Threads`).
    var threads: Int
    /// Open file descriptors.
    var fds: Int
    /// User + system CPU time, seconds.
    var cpuSeconds: Double
    /// When it was read (for CPU rates).
    var at: ContinuousClock.Instant

    /// Reads process `pid`; `nil` when /proc has no such process.
    static func read(pid: Int) -> ProcessReading? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let rollup = (try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8)) ?? ""
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
        return ProcessReading(
            rssKiB: field("VmRSS:", in: status),
            peakRSSKiB: field("VmHWM:", in: status),
            pssKiB: field("Pss:", in: rollup),
            anonymousKiB: field("Anonymous:", in: rollup),
            threads: field("Threads:", in: status),
            fds: fds,
            cpuSeconds: cpuSeconds(pid: pid),
            at: .now
        )
    }

    var json: [String: Any] {
        [
            "rss_kib": rssKiB, "peak_rss_kib": peakRSSKiB, "pss_kib": pssKiB, "anonymous_kib": anonymousKiB,
            "threads": threads, "fds": fds, "cpu_s": cpuSeconds,
        ]
    }

    /// CPU cores used between two readings.
    func cores(since earlier: ProcessReading) -> Double {
        let seconds = (at - earlier.at).seconds
        return seconds > 0 ? (cpuSeconds - earlier.cpuSeconds) / seconds : 0
    }

    private static func field(_ name: String, in text: String) -> Int {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if parts.count >= 2, let value = Int(parts[1]) { return value }
        }
        return -1
    }

    /// utime + stime of /proc/PID/stat (fields 14 and 15, after the parenthesised name).
    static func cpuSeconds(pid: Int) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return -1 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return -1 }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / ticks
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
