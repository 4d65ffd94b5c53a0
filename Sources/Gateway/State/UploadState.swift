/// Where an uploaded file is in its life: the states a guest sees on `GET /v1/uploads/{id}`.
///
/// ```
/// awaiting_upload → uploaded → scanning → clean
///        │              │          └──────→ rejected
///        └──────────────┴────────────────→ expired
/// ```
///
/// Any state → `deleted`: retention removed the objects, or the guest erased the file
/// (`DELETE /v1/files/{fileId}`); the reason says which (`retention:<area>` or `erased`).
public enum UploadState: String, Sendable, Hashable, Codable, CaseIterable {
    /// A ticket was issued; the bytes have not all arrived (or the upload was not completed).
    case awaitingUpload = "awaiting_upload"
    /// The object is complete in quarantine and waits for the scanner.
    case uploaded
    /// A worker is scanning the object.
    case scanning
    /// Scanned and promoted to the clean area; agents may get links to it.
    case clean
    /// The scanner or the type check refused it; it stays in quarantine (see the reason).
    case rejected
    /// Abandoned or aborted before completion; nothing will be scanned.
    case expired
    /// Removed: its objects are gone from every area and it is never served again.
    case deleted

    /// Whether no further transition is expected.
    public var isFinal: Bool {
        switch self {
        case .clean, .rejected, .expired, .deleted: true
        case .awaitingUpload, .uploaded, .scanning: false
        }
    }
}
