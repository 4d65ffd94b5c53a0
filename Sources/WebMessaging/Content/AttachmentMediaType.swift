/// The coarse `mediaType` Genesys gives an attachment.
///
/// Open set: unknown values decode and re-encode unchanged; known values are static members.
public struct AttachmentMediaType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The value as sent on the wire.
    public var rawValue: String

    /// Creates a value from its wire text.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Creates a value from its wire text.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// An image.
    public static let image = AttachmentMediaType("Image")

    /// A video.
    public static let video = AttachmentMediaType("Video")

    /// An audio file.
    public static let audio = AttachmentMediaType("Audio")

    /// Any other file.
    public static let file = AttachmentMediaType("File")

    /// The wire text.
    public var description: String { rawValue }
}
