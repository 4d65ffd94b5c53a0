import ArgumentParser
import Foundation
import Sandbox

/// The sandbox's command-line flags and their environment variables.
struct SandboxOptions: ParsableArguments {
    @Option(name: .customLong("sandbox-config"), help: "Sandbox configuration JSON (env: ATTACHE_SANDBOX_CONFIG).")
    var sandboxConfig: String?

    @Option(name: .customLong("sandbox-port"), help: "Sandbox listen port (env: ATTACHE_SANDBOX_PORT, default 8081).")
    var sandboxPort: Int?

    @Option(help: "The sandbox deployment id guests connect with (env: ATTACHE_DEPLOYMENT_ID).")
    var deploymentId: String?

    /// The sandbox configuration (platform side included): the file (if any), then environment,
    /// then flags.
    func resolve(
        host: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SandboxConfiguration {
        var sandbox = SandboxConfiguration()
        if let path = sandboxConfig ?? environment["ATTACHE_SANDBOX_CONFIG"] {
            do {
                sandbox = try SandboxConfiguration.load(from: path)
            } catch {
                throw ValidationError("\(path): \(error)")
            }
        }
        sandbox.host = host
        if let port = sandboxPort ?? environment["ATTACHE_SANDBOX_PORT"].flatMap(Int.init) {
            guard (0...65535).contains(port) else { throw ValidationError("sandbox port \(port) is not 0-65535") }
            sandbox.port = port
        }
        if let id = deploymentId ?? environment["ATTACHE_DEPLOYMENT_ID"], !id.isEmpty {
            if sandbox.deployments.isEmpty { sandbox.deployments = [DeploymentConfiguration()] }
            sandbox.deployments[0].id = id
        }
        return sandbox
    }
}
