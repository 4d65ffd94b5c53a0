/// A container format shared by several file types, so magic bytes alone cannot tell them apart
/// (a `.docx` and a `.zip` both start `PK\u{3}\u{4}`; `audio/mp4` and `video/mp4` both carry `ftyp`).
///
/// When the declared type and the sniffed bytes share a container, the declared type is kept.
public enum ContainerFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// ZIP (OOXML, OpenDocument, EPUB, JAR, APK, iWork).
    case zip
    /// OLE2 compound file (legacy Office, MSI, Outlook MSG).
    case ole2
    /// ISO base media file (`ftyp`: MP4, M4A, MOV, 3GP, HEIC, AVIF).
    case isoMedia
    /// EBML (WebM, Matroska).
    case ebml
    /// Ogg (Vorbis, Opus, Theora).
    case ogg
}
