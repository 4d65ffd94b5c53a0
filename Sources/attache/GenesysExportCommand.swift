import ArgumentParser
import Foundation
import Gateway

/// `attache genesys export`: writes the importable Data Actions, the Interaction Widget
/// configuration and a README into a directory, filled with the gateway's public URL.
struct GenesysExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write importable Genesys Data Actions and the Interaction Widget configuration.",
        discussion: """
            The files point at the gateway's public URL and reference the Data Action secret as \
            ${credentials.secret}; the secret itself is never written. See docs/genesys-setup.md.
            """
    )

    @Option(help: "Directory to write into (created if missing).")
    var output: String = "genesys-export"

    @Option(help: "The gateway's external https:// base URL (env: ATTACHE_PUBLIC_URL).")
    var publicURL: String?

    @Option(help: "Configuration file of NAME=value lines (env: ATTACHE_CONFIG).")
    var config: String?

    @Flag(help: "Overwrite files that already exist in the output directory.")
    var force = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        do {
            var sources = [
                ConfigurationSource(
                    origin: "command line", values: publicURL.map { [GenesysPublicURL.variable: $0] } ?? [:])
            ]
            sources.append(.environment(environment))
            if let path = config ?? environment["ATTACHE_CONFIG"] {
                sources.append(try ConfigurationSource.file(at: path))
            }
            let url = try GenesysPublicURL.resolve(ConfigurationLayers(sources))
            let export = GenesysExport(publicURL: url)
            let written = try export.write(to: URL(fileURLWithPath: output, isDirectory: true), force: force)
            print("Wrote \(written.count) files for \(url) to \(output):")
            for path in written { print("  \(path.lastPathComponent)") }
            print("Next: read \(output)/\(GenesysExport.readmeFile) (or docs/genesys-setup.md).")
            if url.hasPathPrefix {
                print(
                    "Note: the gateway is published under a path; the widget's sign-in returns to "
                        + "\(InteractionWidgetConfiguration(publicURL: url).oauthRedirectURI), so that URL must "
                        + "reach the gateway's /widget/ too.")
            }
        } catch let error as GenesysExportError {
            Self.fail(error)
            throw ExitCode.failure
        } catch let error as ConfigurationError {
            Self.fail(error)
            throw ExitCode.failure
        }
    }

    private static func fail(_ error: any Error) {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    }
}
