/// One forced drop: when the sockets were cut, how many, and the CPU other processes took
/// while the sessions came back.
struct DropWindow {
    var at: ContinuousClock.Instant
    var socketsCut: Int
    /// Cores used by processes other than the driver and the server, from the cut until every
    /// session resumed (or the wait gave up).
    var othersCores: Double?
    /// Cores used by the driver and the server over the same window.
    var ownCores: Double?
}

extension ReconnectLoad {
    /// The figure's JSON: resume times against the first backoff step, their parts, and the
    /// message accounting; over every drop, and over the drops during which other processes
    /// took at most `quietCores` of the machine (`quiet`).
    func report(_ traces: [ReconnectTrace], drops: [DropWindow], warmedUp: Bool, drained: Bool) -> [String: Any] {
        let stepMs = policy.ceiling(attempt: 0).milliseconds
        var perDrop: [[String: Any]] = []
        for index in drops.indices {
            var entry = figures(traces, drops: drops, indices: [index], stepMs: stepMs, detailed: false)
            entry["sockets_cut"] = drops[index].socketsCut
            entry["others_cores"] = drops[index].othersCores ?? -1
            entry["own_cores"] = drops[index].ownCores ?? -1
            perDrop.append(entry)
        }
        let quietIndices = drops.indices.filter { (drops[$0].othersCores ?? .infinity) <= quietCores }
        let tallies = traces.map { $0.tally() }
        let failures = tallies.compactMap(\.failure)
        var result = figures(traces, drops: drops, indices: Array(drops.indices), stepMs: stepMs, detailed: true)
        result["quiet"] = figures(traces, drops: drops, indices: quietIndices, stepMs: stepMs, detailed: true)
        result["quiet_drops"] = quietIndices.count
        result["quiet_cores"] = quietCores
        result["sessions"] = sessions
        result["drops"] = drops.count
        result["interval_ms"] = interval.milliseconds
        result["gap_ms"] = gap.milliseconds
        result["backoff_base_ms"] = policy.base.milliseconds
        result["backoff_cap_ms"] = policy.cap.milliseconds
        result["first_step_ms"] = stepMs
        result["goal_ms"] = stepMs + 50
        result["warmed_up"] = warmedUp
        result["drained"] = drained
        result["per_drop"] = perDrop
        result["sent"] = tallies.reduce(0) { $0 + $1.sent }
        result["delivered"] = tallies.reduce(0) { $0 + $1.delivered }
        result["lost"] = tallies.reduce(0) { $0 + $1.lost }
        result["duplicated"] = tallies.reduce(0) { $0 + $1.duplicated }
        result["delivered_twice"] = tallies.reduce(0) { $0 + $1.deliveredTwice }
        result["failed_sessions"] = failures.count
        result["failures"] = Array(Set(failures)).prefix(5).map { $0 }
        return result
    }

    /// Resume figures over the drops at `indices`.
    private func figures(
        _ traces: [ReconnectTrace], drops: [DropWindow], indices: [Int], stepMs: Double, detailed: Bool
    ) -> [String: Any] {
        var resumed: [Double] = []
        var overDelay: [Double] = []
        var detected: [Double] = []
        var delays: [Double] = []
        var connectToAck: [Double] = []
        var reconnecting: [Double] = []
        var queuedWhileAway = 0
        var unacknowledgedAtCut = 0
        var unresumed = 0
        var retried = 0
        var newSessions = 0
        for index in indices {
            let drop = drops[index].at
            let end = index + 1 < drops.count ? drops[index + 1].at : ContinuousClock.now
            for trace in traces {
                let recovery = trace.recovery(after: drop, before: end)
                if recovery.attempts > 1 { retried += 1 }
                if recovery.newSession { newSessions += 1 }
                guard let resumedMs = recovery.resumedMs else {
                    unresumed += 1
                    continue
                }
                resumed.append(resumedMs)
                if let detectedMs = recovery.detectedMs { detected.append(detectedMs) }
                if let delayMs = recovery.delayMs {
                    delays.append(delayMs)
                    overDelay.append(resumedMs - delayMs - recovery.extraWaitsMs)
                }
                queuedWhileAway += recovery.queuedWhileAway
                unacknowledgedAtCut += recovery.unacknowledgedAtCut
                if let connectedMs = recovery.connectedMs {
                    connectToAck.append(resumedMs - connectedMs)
                    if let detectedMs = recovery.detectedMs, let delayMs = recovery.delayMs {
                        // From the end of the backoff wait to the SessionResponse.
                        reconnecting.append(connectedMs - detectedMs - delayMs - recovery.extraWaitsMs)
                    }
                }
            }
        }
        let overStep = resumed.map { $0 - stepMs }
        var result: [String: Any] = [
            "samples": resumed.count,
            "unresumed": unresumed,
            "within_goal": resumed.filter { $0 <= stepMs + 50 }.count,
            "resume": summary(resumed),
            "resume_minus_step": summary(overStep),
        ]
        guard detailed else { return result }
        result["retried"] = retried
        result["resumed_as_new_session"] = newSessions
        result["resume_minus_drawn_delay"] = summary(overDelay)
        result["detect"] = summary(detected)
        result["drawn_delay"] = summary(delays)
        result["connected_to_ack"] = summary(connectToAck)
        result["wait_end_to_connected"] = summary(reconnecting)
        result["queued_while_away"] = queuedWhileAway
        result["unacknowledged_at_cut"] = unacknowledgedAtCut
        return result
    }

    private func summary(_ values: [Double]) -> [String: Double] {
        let sorted = values.sorted()
        return [
            "p50_ms": percentile(sorted, 0.5),
            "p90_ms": percentile(sorted, 0.9),
            "p99_ms": percentile(sorted, 0.99),
            "max_ms": sorted.last ?? 0,
            "min_ms": sorted.first ?? 0,
        ]
    }
}
