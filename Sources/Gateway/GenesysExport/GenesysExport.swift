import Foundation

/// What `attache genesys export` writes: one importable `.custom.json` per Data Action, the
/// Interaction Widget's integration and configuration payloads, and a README saying what goes
/// where. Nothing in it is secret: the Data Actions reference the shared secret as
/// `${credentials.secret}`, which the admin enters in the integration's User Defined credentials.
public struct GenesysExport: Sendable {
    /// The gateway's public URL the artifacts point at.
    public var publicURL: GenesysPublicURL
    /// The Data Actions to export.
    public var dataActions: [DataActionDefinition]

    /// File name of the Interaction Widget's `POST /api/v2/integrations` body.
    public static let widgetIntegrationFile = "interaction-widget.integration.json"
    /// File name of the Interaction Widget's `PUT …/config/current` body.
    public static let widgetConfigurationFile = "interaction-widget.config.json"
    /// File name of the instructions.
    public static let readmeFile = "README.txt"

    /// Creates the export for a gateway.
    public init(publicURL: GenesysPublicURL, dataActions: [DataActionDefinition] = AttacheDataActions.all) {
        self.publicURL = publicURL
        self.dataActions = dataActions
    }

    /// Every file, in a stable order.
    public var files: [GenesysExportFile] {
        let widget = InteractionWidgetConfiguration(publicURL: publicURL)
        var files = dataActions.map {
            GenesysExportFile(name: $0.fileName, contents: $0.document(publicURL: publicURL).prettyPrinted)
        }
        files.append(
            GenesysExportFile(name: Self.widgetIntegrationFile, contents: widget.integrationDocument.prettyPrinted))
        files.append(
            GenesysExportFile(name: Self.widgetConfigurationFile, contents: widget.configurationDocument.prettyPrinted))
        files.append(GenesysExportFile(name: Self.readmeFile, contents: GenesysExportReadme.text(for: self)))
        return files
    }

    /// Writes every file into `directory`, creating it if needed.
    ///
    /// Nothing is written unless all files can be: without `force`, any existing file of the
    /// export stops the run before the first write.
    /// - Parameters:
    ///   - directory: the output directory.
    ///   - force: overwrite files that already exist.
    /// - Returns: the paths written, in ``files`` order.
    /// - Throws: ``GenesysExportError/filesExist(directory:names:)`` or
    ///   ``GenesysExportError/cannotWrite(path:reason:)``.
    @discardableResult
    public func write(to directory: URL, force: Bool = false) throws(GenesysExportError) -> [URL] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw .cannotWrite(path: directory.path, reason: "it exists and is not a directory")
        }
        let files = self.files
        let targets = files.map { directory.appendingPathComponent($0.name, isDirectory: false) }
        for target in targets where manager.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw .cannotWrite(path: target.path, reason: "a directory is in the way") }
        }
        let existing = zip(files, targets).filter { manager.fileExists(atPath: $0.1.path) }.map(\.0.name)
        if !existing.isEmpty, !force {
            throw .filesExist(directory: directory.path, names: existing)
        }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
        for (file, target) in zip(files, targets) {
            do {
                try Data(file.contents.utf8).write(to: target, options: .atomic)
            } catch {
                throw .cannotWrite(path: target.path, reason: error.localizedDescription)
            }
        }
        return targets
    }
}
