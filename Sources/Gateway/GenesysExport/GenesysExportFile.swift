/// One file of a Genesys export: a name inside the output directory and its text.
public struct GenesysExportFile: Sendable, Equatable {
    /// The file name, without directories.
    public var name: String
    /// The file's UTF-8 text.
    public var contents: String

    /// Creates a file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}
