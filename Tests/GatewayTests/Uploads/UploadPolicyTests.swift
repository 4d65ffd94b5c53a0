import Testing

@testable import Gateway

@Suite("Upload policy")
struct UploadPolicyTests {
    let policy = UploadPolicy()

    @Test("Safe defaults: 100 MiB, 8 MiB single-PUT threshold and parts, 1 GiB quota")
    func defaults() {
        #expect(policy.maxFileSize == 100 << 20)
        #expect(policy.singlePutThreshold == 8 << 20)
        #expect(policy.partSize == 8 << 20)
        #expect(policy.perGuestQuota == 1 << 30)
        #expect(UploadPolicy(partSize: 1).partSize == UploadPolicy.minimumPartSize)
        #expect(policy.isMultipart(size: 8 << 20) == false)
        #expect(policy.isMultipart(size: (8 << 20) + 1))
        #expect(policy.partCount(size: 64 << 20) == 8)
        #expect(policy.partCount(size: (64 << 20) + 1) == 9)
    }

    @Test(
        "Accepted requests",
        arguments: [
            ("invoice.pdf", Int64(1), "application/pdf"),
            ("photo.JPG", 5 << 20, "image/jpeg"),
            ("voice.m4a", 1_000, "audio/mp4"),
            ("clip.mp4", 100 << 20, "video/mp4"),
            ("notes.txt", 10, "Text/Plain; charset=utf-8"),
            ("archive.zip", 10, "application/zip"),
            ("sheet.xlsx", 10, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ])
    func accepted(filename: String, size: Int64, type: String) throws {
        try policy.check(filename: filename, size: size, contentType: type, usedBytes: 0)
    }

    @Test(
        "Refused requests name the rule",
        arguments: [
            ("a.pdf", Int64(0), "application/pdf", "invalid-size"),
            ("a.pdf", -5, "application/pdf", "invalid-size"),
            ("a.pdf", (100 << 20) + 1, "application/pdf", "file-too-large"),
            ("a.pdf", .max, "application/pdf", "file-too-large"),
            ("a.html", 10, "text/html", "type-not-allowed"),
            ("a.svg", 10, "image/svg+xml", "type-not-allowed"),
            ("a.bin", 10, "application/octet-stream", "type-not-allowed"),
            ("a", 10, "audio/", "type-not-allowed"),
            ("a", 10, "", "type-not-allowed"),
            ("setup.exe", 10, "application/pdf", "extension-blocked"),
            ("invoice.pdf.exe", 10, "application/pdf", "extension-blocked"),
            ("run.SH", 10, "text/plain", "extension-blocked"),
            ("page.htm", 10, "text/plain", "extension-blocked"),
        ])
    func refused(filename: String, size: Int64, type: String, code: String) {
        #expect {
            try policy.check(filename: filename, size: size, contentType: type, usedBytes: 0)
        } throws: { error in
            (error as? UploadPolicyError)?.code == code
        }
    }

    @Test(
        "Content types are normalised the same whether or not they need it: lowercased, parameters and edge spaces cut",
        arguments: [
            ("application/pdf", "application/pdf"),
            ("Application/PDF", "application/pdf"),
            ("text/plain;charset=utf-8", "text/plain"),
            (" text/plain ", "text/plain"),
            ("text/plain\u{2009}", "text/plain"),
            ("text/ plain", "text/ plain"),
            ("image/svg+xml", "image/svg+xml"),
            ("", ""),
            (";", ""),
            ("tëxt/plain", "tëxt/plain"),
            ("TËXT/Plain", "tëxt/plain"),
        ])
    func normalizedContentTypes(type: String, normalized: String) {
        #expect(UploadPolicy.normalizedContentType(type) == normalized)
        #expect(UploadPolicy.normalizedContentType(normalized) == normalized)
    }

    @Test("The per-guest quota counts what the guest already holds")
    func quota() throws {
        let small = UploadPolicy(perGuestQuota: 100)
        try small.check(filename: "a.pdf", size: 40, contentType: "application/pdf", usedBytes: 60)
        #expect(throws: UploadPolicyError.quotaExceeded(used: 61, requested: 40, quota: 100)) {
            try small.check(filename: "a.pdf", size: 40, contentType: "application/pdf", usedBytes: 61)
        }
    }
}
