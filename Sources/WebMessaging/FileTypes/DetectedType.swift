/// What magic bytes say a file is.
public struct DetectedType: Sendable, Equatable {
    /// The MIME type the bytes indicate.
    public var mimeType: String
    /// Its category.
    public var category: FileCategory
    /// The container format, when the bytes cannot tell its members apart.
    public var container: ContainerFormat?
    /// Whether a browser may show it inline.
    public var isInlinePreviewable: Bool

    /// Creates a detected type.
    public init(mimeType: String, category: FileCategory, container: ContainerFormat?, isInlinePreviewable: Bool) {
        self.mimeType = mimeType
        self.category = category
        self.container = container
        self.isInlinePreviewable = isInlinePreviewable
    }

    init(entry: FileTypeEntry) {
        self.init(
            mimeType: entry.mimeType,
            category: entry.category,
            container: entry.container,
            isInlinePreviewable: entry.isInlinePreviewable
        )
    }
}
