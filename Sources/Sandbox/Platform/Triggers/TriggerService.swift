import ServiceLifecycle

extension SandboxPlatform {
    /// The trigger rules as a service to run next to the sandbox server
    /// (`SandboxServer.makeApplication(…, services: [platform.triggerService])`); it stops on
    /// graceful shutdown.
    public var triggerService: some Service { TriggerService(platform: self) }
}

/// Runs a platform's trigger rules until graceful shutdown.
struct TriggerService: Service {
    let platform: SandboxPlatform

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await platform.runTriggers()
        }
    }
}
