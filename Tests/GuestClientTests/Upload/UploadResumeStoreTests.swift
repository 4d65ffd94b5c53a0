import Foundation
import GuestClient
import Testing

/// The resume stores keep what a restarted process needs, and nothing else.
@Suite("UploadResumeStore")
struct UploadResumeStoreTests {
    static let state = UploadResumeState(
        key: "report", fileId: "0123456789abcdef0123456789abcdef", uploadId: "upload-1", partSize: 8 << 20,
        partCount: 3, size: 20 << 20, filename: "report.pdf", contentType: "application/pdf",
        etags: [1: "\"etag-1\"", 3: "\"etag-3\""])

    @Test("The file store survives a new instance, is private to the user, and forgets removed keys")
    func fileStoreRoundTrip() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID())/uploads.json").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try await FileUploadResumeStore(path: path).save(Self.state)
        let reopened = FileUploadResumeStore(path: path)
        #expect(try await reopened.load(key: "report") == Self.state)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        try await reopened.remove(key: "report")
        #expect(try await FileUploadResumeStore(path: path).load(key: "report") == nil)
    }

    @Test("A corrupt store file is a clear error, not an empty store")
    func corruptFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        let store = FileUploadResumeStore(path: path)
        await #expect(throws: UploadResumeStoreError.self) { try await store.load(key: "x") }
    }

    @Test("Acknowledged bytes count the short last part by its real length")
    func acknowledgedBytes() {
        #expect(Self.state.partLength(3) == 4 << 20)
        #expect(Self.state.acknowledgedBytes == (8 << 20) + (4 << 20))
    }
}
