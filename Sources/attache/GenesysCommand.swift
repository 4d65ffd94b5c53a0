import ArgumentParser

/// `attache genesys`: the Genesys Cloud artifacts an admin imports to connect an org to the gateway.
struct GenesysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genesys",
        abstract: "Genesys Cloud artifacts: Data Actions and the Interaction Widget configuration.",
        subcommands: [GenesysExportCommand.self]
    )
}
