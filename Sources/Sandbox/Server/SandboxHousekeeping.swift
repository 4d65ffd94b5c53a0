import Logging
import ServiceLifecycle

/// The sandbox's background work, run as a service beside the server: expires idle sessions and
/// writes the state file (debounced: at most once per tick, only after a change; once more at shutdown).
struct SandboxHousekeeping: Service {
    let state: SandboxState
    let logger: Logger

    /// How often the loop runs: often enough for the shortest configured expiry, at most every second.
    var tick: Duration {
        let shortest = state.configuration.deployments.map(\.inactivityExpirySeconds).min() ?? 1
        return .milliseconds(Int(min(1, max(0.05, shortest / 4)) * 1_000))
    }

    func run() async throws {
        let tick = self.tick
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
            } catch {
                break
            }
            let expired = await state.expireIdleSessions()
            if expired > 0 { logger.info("guest sessions expired", metadata: ["count": "\(expired)"]) }
            await persist()
        }
        await persist()
    }

    private func persist() async {
        guard let path = state.configuration.persistencePath else { return }
        do {
            try await state.persistIfChanged(to: path)
        } catch {
            logger.error("cannot persist sandbox state", metadata: ["error": "\(error)"])
        }
    }
}
