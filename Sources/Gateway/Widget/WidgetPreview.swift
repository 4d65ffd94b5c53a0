import WebMessaging

/// How the widget shows a file, from the WebMessaging file type resolver's categories applied to
/// the verified type and the name.
public enum WidgetPreview {
    /// The preview category of a file: `pdf`, `image`, `audio`, `video`, `text` (shown inline when
    /// previewable), `archive` (ZIP: a listing), anything else a download card.
    public static func category(_ record: UploadRecord) -> String {
        let resolved = FileTypeResolver.resolve(
            mimeType: LinkContentType.verified(record) ?? record.contentType, fileName: record.filename)
        return resolved.category.rawValue
    }

    /// Whether the gateway lists the file's entries: a ZIP by its verified type.
    public static func isZip(_ record: UploadRecord) -> Bool {
        let type = LinkContentType.verified(record) ?? ""
        return ["application/zip", "application/x-zip-compressed"].contains(type)
    }
}
