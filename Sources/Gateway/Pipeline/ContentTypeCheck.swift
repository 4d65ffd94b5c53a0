import WebMessaging

/// Compares what an object's bytes are (magic-byte sniffing) with what the guest declared and
/// with the allow-list. An executable or script disguised as a PDF fails here even when no
/// antivirus signature matches.
public struct ContentTypeCheck: Sendable, Hashable {
    /// Categories whose files always start with recognisable magic bytes: declaring one of
    /// these for bytes the sniffer does not recognise is a mismatch.
    static let magicCategories: Set<FileCategory> = [.pdf, .image, .audio, .video, .archive]

    /// Markup and script a browser runs (HTML, SVG, XML, JavaScript): promoted only when the
    /// allow-list names them, never under "any type".
    static let activeTypes: Set<String> = ["text/html", "image/svg+xml", "application/xml", "text/javascript"]

    /// Types that may be promoted (canonical MIME types); `nil` allows any type that is neither
    /// executable nor active content (``activeTypes``).
    public var allowedTypes: Set<String>?

    /// Creates a check.
    /// - Parameter allowedTypes: The allow-list, or `nil` for any type that is neither executable
    ///   nor active content.
    public init(allowedTypes: Set<String>? = nil) {
        self.allowedTypes = allowedTypes.map { Set($0.map(Self.canonical)) }
    }

    /// The reason to reject, or `nil` when the content matches the declaration and the allow-list.
    /// - Parameters:
    ///   - declared: The MIME type the guest declared.
    ///   - sniffed: What the first bytes say, if anything.
    ///   - tail: The last bytes (up to ``ZIPTrailer/searchLength``), to find a ZIP archive
    ///     appended to another format (a polyglot); empty to skip that check.
    public func evaluate(declared: String, sniffed: DetectedType?, tail: [UInt8] = []) -> RejectionReason? {
        if let sniffed, sniffed.category == .executable {
            return .executableContent(sniffed.mimeType)
        }
        let declaredType = MIMEEssence.meaningful(declared).map(Self.canonical)
        let declaredEntry = declaredType.flatMap { FileTypeTable.entry(forMimeType: $0) }
        if let declaredEntry, declaredEntry.category == .executable {
            return .executableContent(declaredEntry.mimeType)
        }
        if sniffed?.container != .zip, ZIPTrailer.endsWithArchive(tail) {
            return .typeMismatch(
                declared: declaredType ?? "application/octet-stream",
                detected: "\(sniffed?.mimeType ?? "data") with a ZIP archive appended (a polyglot)")
        }
        let effective: String
        switch (declaredType, sniffed) {
        case (nil, nil):
            effective = "application/octet-stream"
        case (nil, let sniffed?):
            effective = sniffed.mimeType
        case (let declaredType?, nil):
            if let declaredEntry, Self.magicCategories.contains(declaredEntry.category),
                declaredEntry.mimeType != "image/svg+xml"
            {
                return .typeMismatch(declared: declaredType, detected: nil)
            }
            effective = declaredType
        case (let declaredType?, let sniffed?):
            guard Self.compatible(declared: declaredType, entry: declaredEntry, sniffed: sniffed) else {
                return .typeMismatch(declared: declaredType, detected: sniffed.mimeType)
            }
            effective = declaredType
        }
        if let allowedTypes, !allowedTypes.contains(effective) {
            return .typeNotAllowed(effective)
        }
        if allowedTypes == nil, Self.activeTypes.contains(effective) {
            return .typeNotAllowed(effective)
        }
        return nil
    }

    /// Whether sniffed bytes fit a declared type: the same type, or the same container format
    /// (a DOCX declared, a ZIP sniffed: magic bytes cannot tell a container's members apart).
    static func compatible(declared: String, entry: FileTypeEntry?, sniffed: DetectedType) -> Bool {
        if declared == sniffed.mimeType { return true }
        guard let entry else { return false }
        if entry.mimeType == sniffed.mimeType { return true }
        if let container = sniffed.container, entry.container == container { return true }
        return false
    }

    /// The table's canonical MIME type for a type or alias (lowercase essence otherwise).
    static func canonical(_ mimeType: String) -> String {
        let essence = MIMEEssence.normalize(mimeType) ?? mimeType.lowercased()
        return FileTypeTable.entry(forMimeType: essence)?.mimeType ?? essence
    }
}
