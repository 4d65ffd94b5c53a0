import Testing
import WebMessaging

@testable import Gateway

@Suite("Content type check")
struct ContentTypeCheckTests {
    static let pdf = Array("%PDF-1.7\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 100)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 100)
    static let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 100)
    static let html = Array("<!DOCTYPE html><html><body>hi</body></html>".utf8)
    static let text = Array("hello, agent\nline two\n".utf8)

    @Test(
        "Declared type against the bytes",
        arguments: [
            ("application/pdf", pdf, nil),
            ("Application/PDF; charset=binary", pdf, nil),
            ("application/octet-stream", pdf, nil),
            ("image/png", png, nil),
            ("application/pdf", elf, "executable_content"),
            ("application/octet-stream", elf, "executable_content"),
            ("application/pdf", png, "type_mismatch"),
            ("application/pdf", text, "type_mismatch"),
            ("image/png", html, "type_mismatch"),
            ("text/plain", html, "type_mismatch"),
            ("text/plain", text, nil),
            ("text/csv", text, nil),
            ("application/x-msdownload", text, "executable_content"),
        ] as [(String, [UInt8], String?)])
    func declaredVersusBytes(declared: String, bytes: [UInt8], expected: String?) {
        let reason = ContentTypeCheck().evaluate(declared: declared, sniffed: FileSniffer.sniff(bytes))
        #expect(reason?.code == expected)
    }

    @Test("The allow-list is applied to the type the file is, aliases included")
    func allowList() {
        let check = ContentTypeCheck(allowedTypes: ["application/pdf", "image/png"])
        #expect(check.evaluate(declared: "application/pdf", sniffed: FileSniffer.sniff(Self.pdf)) == nil)
        #expect(check.evaluate(declared: "text/plain", sniffed: nil)?.code == "type_not_allowed")
        #expect(check.evaluate(declared: "application/octet-stream", sniffed: FileSniffer.sniff(Self.png)) == nil)
    }
}
