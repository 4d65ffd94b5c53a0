import Foundation

@testable import Gateway

/// A GRDB state store on a fresh temporary SQLite file, for tests.
func makeTemporaryStateStore() throws -> GRDBUploadStateStore {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("attache-state-\(UUID().uuidString)")
        .appendingPathComponent("state.sqlite").path
    return try GRDBUploadStateStore(database: StateDatabase(location: .sqlite(path: path)))
}

/// A record with test defaults.
func sampleUpload(
    fileId: String = UUID().uuidString.lowercased(),
    guestId: String = "guest-1",
    size: Int64 = 1_000,
    state: UploadState = .awaitingUpload
) -> UploadRecord {
    UploadRecord(
        fileId: fileId,
        guestId: guestId,
        filename: "invoice.pdf",
        contentType: "application/pdf",
        size: size,
        sha256: nil,
        state: state,
        createdAt: Date(timeIntervalSince1970: 1_800_000_000)
    )
}
