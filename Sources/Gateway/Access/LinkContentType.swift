import WebMessaging

/// The `Content-Type` a download link makes the store answer with, and the type the gateway
/// shows for a file.
///
/// The verified type is what the scanner sniffed from the bytes or, when the bytes carry no
/// magic number (plain text, say), the declared type that the scan's type check accepted. A link
/// serves it only when it is a known type that cannot run in a browser; anything else, and
/// anything unknown, is served as `application/octet-stream`. Never `text/html`.
public enum LinkContentType {
    /// Served as a download whatever its type.
    public static let fallback = "application/octet-stream"

    /// Known types that a browser would render as an active document or run.
    static let active: Set<String> = [
        "text/html", "application/xhtml+xml", "image/svg+xml", "application/xml", "text/xml", "text/css",
        "text/javascript", "application/javascript", "application/x-javascript", "application/ecmascript",
    ]

    /// The file's verified type (canonical MIME type), or `nil` when it cannot be told.
    public static func verified(_ record: UploadRecord) -> String? {
        for candidate in [record.detectedType, record.contentType] {
            guard let essence = MIMEEssence.meaningful(candidate) else { continue }
            return FileTypeTable.entry(forMimeType: essence)?.mimeType ?? essence
        }
        return nil
    }

    /// The type a link serves the file as: the verified type when it is known and inert, else
    /// ``fallback``.
    public static func served(_ record: UploadRecord) -> String {
        guard let type = verified(record), let entry = FileTypeTable.entry(forMimeType: type),
            entry.category != .executable, !active.contains(entry.mimeType),
            !entry.aliases.contains(where: { active.contains($0) })
        else { return fallback }
        return entry.mimeType
    }

    /// Whether a browser may show the served type inline (PDF, images, audio, video, plain text).
    public static func isPreviewable(_ record: UploadRecord) -> Bool {
        let type = served(record)
        return type != fallback && FileTypeTable.entry(forMimeType: type)?.isInlinePreviewable == true
    }
}
