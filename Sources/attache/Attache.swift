import ArgumentParser
import Gateway

/// The `attache` command line: the gateway, its checks, and (later) the sandbox and clients.
@main
struct Attache: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attache",
        abstract: "Attachments for Genesys Cloud web messaging, straight to your own S3, scanned before anyone opens them.",
        version: AttacheVersion.current,
        subcommands: [Serve.self, Doctor.self],
        defaultSubcommand: Serve.self
    )
}
