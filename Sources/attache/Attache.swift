import ArgumentParser
import Gateway

/// The `attache` command line: the gateway, the sandbox, both together, and the doctor.
@main
struct Attache: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attache",
        abstract:
            "Attachments for Genesys Cloud web messaging, straight to your own S3, scanned before anyone opens them.",
        version: AttacheVersion.current,
        subcommands: [
            Dev.self, Serve.self, SandboxCommand.self, Doctor.self, GenesysCommand.self, Chat.self, AuditCommand.self,
        ],
        defaultSubcommand: Dev.self
    )
}
