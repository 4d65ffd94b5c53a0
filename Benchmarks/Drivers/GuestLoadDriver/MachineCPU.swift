import Foundation

/// CPU time of the whole machine and of the processes taking part in a figure (this driver and
/// the server), to tell how much of the cores other work took during a window (Linux /proc).
struct MachineCPU {
    /// Busy time of all cores (`/proc/stat`: user, nice, system, irq, softirq, steal), seconds.
    var busySeconds: Double
    /// User + system time of this process and the server, seconds.
    var ownSeconds: Double
    var at: ContinuousClock.Instant

    /// Reads the counters; `nil` when /proc/stat cannot be read.
    static func read(serverPID: Int?) -> MachineCPU? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") })
        else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard values.count >= 8 else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        // user nice system idle iowait irq softirq steal: everything but idle and iowait.
        let busy = values[0] + values[1] + values[2] + values[5] + values[6] + values[7]
        let own = [Int(getpid()), serverPID].compactMap { $0 }.reduce(0.0) { total, pid in
            total + max(0, ProcessReading.cpuSeconds(pid: pid))
        }
        return MachineCPU(busySeconds: busy / ticks, ownSeconds: own, at: .now)
    }

    /// Cores used by other processes between `earlier` and this reading.
    func othersCores(since earlier: MachineCPU) -> Double {
        let seconds = (at - earlier.at).seconds
        guard seconds > 0 else { return 0 }
        return max(0, (busySeconds - earlier.busySeconds) - (ownSeconds - earlier.ownSeconds)) / seconds
    }

    /// Cores used by this driver and the server between `earlier` and this reading.
    func ownCores(since earlier: MachineCPU) -> Double {
        let seconds = (at - earlier.at).seconds
        return seconds > 0 ? (ownSeconds - earlier.ownSeconds) / seconds : 0
    }
}
