extension FileTypeTable {
    private static let byMimeType: [String: FileTypeEntry] = {
        var index: [String: FileTypeEntry] = [:]
        for entry in entries {
            for name in [entry.mimeType] + entry.aliases where index[name] == nil {
                index[name] = entry
            }
        }
        return index
    }()

    private static let byExtension: [String: FileTypeEntry] = {
        var index: [String: FileTypeEntry] = [:]
        for entry in entries {
            for name in entry.extensions where index[name] == nil {
                index[name] = entry
            }
        }
        return index
    }()

    /// The entry for a MIME type or alias (any case, parameters ignored), else `nil`.
    public static func entry(forMimeType mimeType: String) -> FileTypeEntry? {
        MIMEEssence.normalize(mimeType).flatMap { byMimeType[$0] }
    }

    /// The entry for a file extension (with or without the dot, any case), else `nil`.
    public static func entry(forExtension fileExtension: String) -> FileTypeEntry? {
        var name = fileExtension.lowercased()
        if name.hasPrefix(".") { name.removeFirst() }
        return byExtension[name]
    }

    /// The entry for a file name's extension, trying double extensions (`tar.gz`) first.
    public static func entry(forFileName fileName: String) -> FileTypeEntry? {
        for candidate in FileExtension.candidates(of: fileName) {
            if let entry = byExtension[candidate] { return entry }
        }
        return nil
    }
}
