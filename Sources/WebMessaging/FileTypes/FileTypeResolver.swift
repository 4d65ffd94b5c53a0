/// Decides what a file is — category, icon, inline previewability — from its declared MIME type,
/// its name and, when at hand, its first bytes.
///
/// Order of evidence: a known declared MIME type (parameters and case ignored; generic types such
/// as `application/octet-stream` count as none), then the file extension, then the MIME type's
/// top level (`image/x-new` → image, not previewable). Magic bytes win over both whenever they
/// disagree in a way that matters: a different category, a different previewability (PNG bytes
/// that are really SVG or HTML), or any executable. Bytes that merely confirm the declared
/// container (ZIP for `.docx`, `ftyp` for `audio/mp4`) keep the declared type.
public enum FileTypeResolver {
    /// Resolves a file from a declared MIME type, a file name and optionally its first bytes.
    /// - Parameters:
    ///   - mimeType: the declared type, e.g. `audio/ogg; codecs=opus`; may be nil, empty or generic.
    ///   - fileName: the user's file name (only its extension is used); may be nil.
    ///   - bytes: the file's first bytes (``FileSniffer/prefixLength`` is plenty); nil when not at hand.
    public static func resolve(
        mimeType: String?,
        fileName: String? = nil,
        bytes: [UInt8]? = nil
    ) -> ResolvedFileType {
        let extensionEntry = fileName.flatMap(FileTypeTable.entry(forFileName:))
        let declared = declaredType(mimeType: mimeType, extensionEntry: extensionEntry)
        return reconcile(declared, with: bytes)
    }

    /// Resolves a file from a declared MIME type and a bare extension (`pdf` or `.pdf`).
    public static func resolve(
        mimeType: String?,
        fileExtension: String,
        bytes: [UInt8]? = nil
    ) -> ResolvedFileType {
        let extensionEntry = FileTypeTable.entry(forExtension: fileExtension)
        let declared = declaredType(mimeType: mimeType, extensionEntry: extensionEntry)
        return reconcile(declared, with: bytes)
    }

    /// What magic bytes say a file is (see ``FileSniffer/sniff(_:)``).
    public static func sniff(_ bytes: some Collection<UInt8>) -> DetectedType? {
        FileSniffer.sniff(bytes)
    }

    private static func declaredType(mimeType: String?, extensionEntry: FileTypeEntry?) -> ResolvedFileType {
        let essence = MIMEEssence.meaningful(mimeType)
        if let essence, let entry = FileTypeTable.entry(forMimeType: essence) {
            return verdict(entry, source: .mimeType)
        }
        if let extensionEntry {
            return verdict(extensionEntry, source: .fileExtension)
        }
        if let essence {
            let category: FileCategory =
                switch MIMEEssence.topLevel(of: essence) {
                case "image": .image
                case "audio": .audio
                case "video": .video
                case "text": .text
                default: .unknown
                }
            if category != .unknown {
                return ResolvedFileType(
                    mimeType: essence, category: category, isInlinePreviewable: false, source: .mimeType
                )
            }
        }
        return ResolvedFileType(
            mimeType: "application/octet-stream", category: .unknown, isInlinePreviewable: false, source: .none
        )
    }

    private static func reconcile(_ declared: ResolvedFileType, with bytes: [UInt8]?) -> ResolvedFileType {
        guard let bytes, let detected = FileSniffer.sniff(bytes) else { return declared }
        let fromBytes = ResolvedFileType(
            mimeType: detected.mimeType,
            category: detected.category,
            isInlinePreviewable: detected.isInlinePreviewable,
            source: .magicBytes
        )
        if declared.source == .none { return fromBytes }
        let declaredContainer = FileTypeTable.entry(forMimeType: declared.mimeType)?.container
        // Members of one container (a .docx and a .jar are both ZIP) cannot be told apart by bytes.
        if declaredContainer != nil && declaredContainer == detected.container { return declared }
        if detected.category == declared.category && detected.isInlinePreviewable == declared.isInlinePreviewable {
            return declared
        }
        var overridden = fromBytes
        overridden.contradictsDeclaration = true
        return overridden
    }

    private static func verdict(_ entry: FileTypeEntry, source: ResolvedFileType.Source) -> ResolvedFileType {
        ResolvedFileType(
            mimeType: entry.mimeType,
            category: entry.category,
            isInlinePreviewable: entry.isInlinePreviewable,
            source: source
        )
    }
}
