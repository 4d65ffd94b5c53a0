/// One row of the file type table: a MIME type, its aliases and extensions, and what to do with it.
///
/// Codable so the table can be exported (e.g. to generate or check the browser's `file-types.js`).
public struct FileTypeEntry: Sendable, Equatable, Codable {
    /// The canonical MIME type (lowercase, no parameters).
    public let mimeType: String
    /// Other spellings seen in the wild (lowercase), e.g. `image/jpg`.
    public let aliases: [String]
    /// File extensions without the dot (lowercase), e.g. `jpg`, `tar.gz`.
    public let extensions: [String]
    /// The category.
    public let category: FileCategory
    /// Whether a browser may show it inline (an `img`/`audio`/`video` element, the PDF viewer, or
    /// text rendered as text). Never true for anything that can carry script (SVG, HTML, XML).
    public let isInlinePreviewable: Bool
    /// The container format the bytes use, when shared with other types.
    public let container: ContainerFormat?

    /// Creates an entry.
    public init(
        _ mimeType: String,
        aliases: [String] = [],
        extensions: [String],
        _ category: FileCategory,
        inline: Bool,
        container: ContainerFormat? = nil
    ) {
        self.mimeType = mimeType
        self.aliases = aliases
        self.extensions = extensions
        self.category = category
        self.isInlinePreviewable = inline
        self.container = container
    }

    /// The icon name for this entry's category.
    public var iconName: String { category.iconName }
}
