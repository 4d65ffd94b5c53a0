/// The resolver's verdict: category, icon and whether the file may be previewed inline.
public struct ResolvedFileType: Sendable, Equatable {
    /// Which evidence decided.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The declared MIME type.
        case mimeType
        /// The file extension.
        case fileExtension
        /// The content's magic bytes.
        case magicBytes
        /// Nothing usable: the file is unknown.
        case none
    }

    /// The effective MIME type (canonical for known types; `application/octet-stream` when unknown).
    public var mimeType: String
    /// The category.
    public var category: FileCategory
    /// Whether a browser may show it inline (never for SVG, HTML or executables).
    public var isInlinePreviewable: Bool
    /// Which evidence decided.
    public var source: Source
    /// Whether magic bytes contradicted the declared type or extension (and so overrode it).
    public var contradictsDeclaration: Bool

    /// Creates a verdict.
    public init(
        mimeType: String,
        category: FileCategory,
        isInlinePreviewable: Bool,
        source: Source,
        contradictsDeclaration: Bool = false
    ) {
        self.mimeType = mimeType
        self.category = category
        self.isInlinePreviewable = isInlinePreviewable && category != .executable
        self.source = source
        self.contradictsDeclaration = contradictsDeclaration
    }

    /// The icon name for the category.
    public var iconName: String { category.iconName }
}
