extension MessageAttachment {
    /// What the attachment is, from its MIME type and file name (no bytes: it is not downloaded).
    ///
    /// Genesys' coarse ``mediaType`` is deliberately ignored: "it's an image" is not evidence.
    public var resolvedFileType: ResolvedFileType {
        FileTypeResolver.resolve(mimeType: mime, fileName: filename)
    }
}
