import Testing

@testable import Gateway

@Suite("Content-Disposition")
struct ContentDispositionTests {
    @Test(
        "ASCII fallback plus RFC 5987 filename*",
        arguments: [
            ("report.pdf", "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"),
            ("März 2026.pdf", "attachment; filename=\"M_rz 2026.pdf\"; filename*=UTF-8''M%C3%A4rz%202026.pdf"),
            ("a\"b.pdf", "attachment; filename=\"a_b.pdf\"; filename*=UTF-8''a_b.pdf"),
            ("100%.txt", "attachment; filename=\"100_.txt\"; filename*=UTF-8''100%25.txt"),
            ("../../x.html", "attachment; filename=\"x.html\"; filename*=UTF-8''x.html"),
            ("e\u{202E}vil.pdf", "attachment; filename=\"evil.pdf\"; filename*=UTF-8''evil.pdf"),
        ])
    func header(filename: String, expected: String) {
        #expect(ContentDisposition.header(filename: filename) == expected)
    }

    @Test("inline disposition")
    func inline() {
        #expect(ContentDisposition.header(filename: "a.png", disposition: "inline").hasPrefix("inline; "))
    }
}
