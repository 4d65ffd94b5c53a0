extension ReconnectLoad {
    /// The figure's JSON: resume times against the first backoff step, their parts, and the
    /// message accounting.
    func report(
        _ traces: [ReconnectTrace], drops: [ContinuousClock.Instant], cut: [Int], warmedUp: Bool, drained: Bool
    ) -> [String: Any] {
        let stepMs = policy.ceiling(attempt: 0).milliseconds
        let goalMs = stepMs + 50
        var resumed: [Double] = []
        var overStep: [Double] = []
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
        var perDrop: [[String: Any]] = []
        for (index, drop) in drops.enumerated() {
            let end = index + 1 < drops.count ? drops[index + 1] : ContinuousClock.now
            var dropResumed: [Double] = []
            for trace in traces {
                let recovery = trace.recovery(after: drop, before: end)
                if recovery.attempts > 1 { retried += 1 }
                if recovery.newSession { newSessions += 1 }
                guard let resumedMs = recovery.resumedMs else {
                    unresumed += 1
                    continue
                }
                resumed.append(resumedMs)
                dropResumed.append(resumedMs)
                overStep.append(resumedMs - stepMs)
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
            dropResumed.sort()
            perDrop.append([
                "sockets_cut": index < cut.count ? cut[index] : 0,
                "resumed": dropResumed.count,
                "p50_ms": percentile(dropResumed, 0.5),
                "p99_ms": percentile(dropResumed, 0.99),
                "max_ms": dropResumed.last ?? 0,
            ])
        }
        let tallies = traces.map { $0.tally() }
        let failures = tallies.compactMap(\.failure)
        let within = resumed.filter { $0 <= goalMs }.count
        return [
            "sessions": sessions,
            "drops": drops.count,
            "interval_ms": interval.milliseconds,
            "gap_ms": gap.milliseconds,
            "backoff_base_ms": policy.base.milliseconds,
            "backoff_cap_ms": policy.cap.milliseconds,
            "first_step_ms": stepMs,
            "goal_ms": goalMs,
            "warmed_up": warmedUp,
            "drained": drained,
            "samples": resumed.count,
            "unresumed": unresumed,
            "retried": retried,
            "resumed_as_new_session": newSessions,
            "within_goal": within,
            "resume": summary(resumed),
            "resume_minus_step": summary(overStep),
            "resume_minus_drawn_delay": summary(overDelay),
            "detect": summary(detected),
            "drawn_delay": summary(delays),
            "connected_to_ack": summary(connectToAck),
            "wait_end_to_connected": summary(reconnecting),
            "queued_while_away": queuedWhileAway,
            "unacknowledged_at_cut": unacknowledgedAtCut,
            "per_drop": perDrop,
            "sent": tallies.reduce(0) { $0 + $1.sent },
            "delivered": tallies.reduce(0) { $0 + $1.delivered },
            "lost": tallies.reduce(0) { $0 + $1.lost },
            "duplicated": tallies.reduce(0) { $0 + $1.duplicated },
            "delivered_twice": tallies.reduce(0) { $0 + $1.deliveredTwice },
            "failed_sessions": failures.count,
            "failures": Array(Set(failures)).prefix(5).map { $0 },
        ]
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
