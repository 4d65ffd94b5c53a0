import Foundation
import Testing

@testable import Gateway

@Suite("Link content type")
struct LinkContentTypeTests {
    static func record(declared: String, detected: String?) -> UploadRecord {
        UploadRecord(
            fileId: RandomID.make(), guestId: RandomID.make(), filename: "f", contentType: declared, size: 1,
            state: .clean, detectedType: detected, createdAt: Date())
    }

    @Test(
        "Served type: the verified type when known and inert, else application/octet-stream",
        arguments: [
            ("application/pdf", "application/pdf", "application/pdf"),
            ("image/jpg", "image/jpeg", "image/jpeg"),
            ("text/plain", nil, "text/plain"),
            ("TEXT/PLAIN; charset=utf-8", nil, "text/plain"),
            ("application/octet-stream", nil, "application/octet-stream"),
            ("text/html", nil, "application/octet-stream"),
            ("text/plain", "text/html", "application/octet-stream"),
            ("application/xhtml+xml", nil, "application/octet-stream"),
            ("image/svg+xml", "image/svg+xml", "application/octet-stream"),
            ("text/javascript", nil, "application/octet-stream"),
            ("application/x-made-up", nil, "application/octet-stream"),
            ("not a type", nil, "application/octet-stream"),
        ] as [(String, String?, String)])
    func served(declared: String, detected: String?, expected: String) {
        #expect(LinkContentType.served(Self.record(declared: declared, detected: detected)) == expected)
    }

    @Test("Previewable: PDF, images, audio, plain text; not archives or unknown types")
    func previewable() {
        #expect(LinkContentType.isPreviewable(Self.record(declared: "application/pdf", detected: "application/pdf")))
        #expect(LinkContentType.isPreviewable(Self.record(declared: "audio/ogg", detected: "audio/ogg")))
        #expect(LinkContentType.isPreviewable(Self.record(declared: "text/plain", detected: nil)))
        #expect(!LinkContentType.isPreviewable(Self.record(declared: "application/zip", detected: "application/zip")))
        #expect(!LinkContentType.isPreviewable(Self.record(declared: "text/html", detected: nil)))
    }
}
