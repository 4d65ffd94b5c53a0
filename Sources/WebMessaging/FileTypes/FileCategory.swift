/// What kind of file something is, for choosing an icon and a preview.
///
/// Open set (a struct with static members) so categories can be added without breaking callers.
public struct FileCategory: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The category's name, e.g. `image`.
    public var rawValue: String

    /// Creates a category from its name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Raster and vector images.
    public static let image = FileCategory(rawValue: "image")
    /// Audio, including voice notes (`audio/ogg; codecs=opus`, `audio/mp4`, `audio/webm`, `audio/amr`…).
    public static let audio = FileCategory(rawValue: "audio")
    /// Video.
    public static let video = FileCategory(rawValue: "video")
    /// PDF documents.
    public static let pdf = FileCategory(rawValue: "pdf")
    /// Compressed archives (ZIP, 7z, RAR, tar, gzip…).
    public static let archive = FileCategory(rawValue: "archive")
    /// Spreadsheets (Excel, OpenDocument, CSV…).
    public static let spreadsheet = FileCategory(rawValue: "spreadsheet")
    /// Presentations (PowerPoint, OpenDocument, Keynote).
    public static let presentation = FileCategory(rawValue: "presentation")
    /// Word-processing and other rich documents (Word, OpenDocument, RTF, EPUB).
    public static let document = FileCategory(rawValue: "document")
    /// Plain and markup text (including HTML, which is never previewed inline).
    public static let text = FileCategory(rawValue: "text")
    /// Programs and scripts (ELF, PE, Mach-O, shell scripts…); never previewable.
    public static let executable = FileCategory(rawValue: "executable")
    /// Anything else.
    public static let unknown = FileCategory(rawValue: "unknown")

    /// Every category, in display order.
    public static let all: [FileCategory] = [
        .image, .audio, .video, .pdf, .archive, .spreadsheet, .presentation, .document, .text, .executable, .unknown,
    ]

    /// The icon name the UIs use for this category (`file-image`, …; `file` when unknown).
    public var iconName: String {
        switch self {
        case .image: "file-image"
        case .audio: "file-audio"
        case .video: "file-video"
        case .pdf: "file-pdf"
        case .archive: "file-archive"
        case .spreadsheet: "file-spreadsheet"
        case .presentation: "file-presentation"
        case .document: "file-document"
        case .text: "file-text"
        case .executable: "file-warning"
        default: "file"
        }
    }

    /// The category's name.
    public var description: String { rawValue }
}
