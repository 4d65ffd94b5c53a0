import Testing

@testable import AWSClients

@Suite("Form URL decoding of event keys")
struct FormURLDecodingTests {
    @Test(
        "`+` is a space and %XX are UTF-8 bytes",
        arguments: [
            ("a+b", "a b"), ("a%2Bb", "a+b"), ("dir%2Ffile", "dir/file"), ("dir/file", "dir/file"),
            ("%C3%A9t%C3%A9", "été"), ("~tilde", "~tilde"), ("100%", "100%"), ("%zz", "%zz"), ("%4", "%4"),
            ("", ""),
        ]
    )
    func decodes(encoded: String, plain: String) {
        #expect(FormURLDecoding.decode(encoded) == plain)
    }

    @Test("Bytes that are not UTF-8 give nil")
    func invalidUTF8() {
        #expect(FormURLDecoding.decode("%FF%FE") == nil)
    }
}
