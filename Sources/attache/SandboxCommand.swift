import ArgumentParser
import Foundation
import Gateway
import Logging
import Sandbox

/// `attache sandbox`: runs the Genesys Cloud stand-in on its own.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract:
            "Run the sandbox: the guest WebSocket, platform API, trigger rules and agent console of Genesys Cloud, locally."
    )

    @Option(help: "Listen address (env: ATTACHE_HOST, default 127.0.0.1).")
    var host: String?

    @OptionGroup var sandboxOptions: SandboxOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let sandbox = try sandboxOptions.resolve(host: host ?? environment["ATTACHE_HOST"] ?? "127.0.0.1")
        LoggingSetup.bootstrap(format: .text, level: .info)
        let logger = Logger(label: "attache.sandbox")
        let app = try await SandboxLauncher.make(sandbox: sandbox, logger: logger) { port in
            Console.write(SandboxLauncher.banner(sandbox: sandbox, port: port))
        }
        try await SandboxServer.run(app)
    }
}
