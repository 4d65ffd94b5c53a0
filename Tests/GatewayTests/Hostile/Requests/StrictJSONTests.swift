import Testing

@testable import Gateway

@Suite("StrictJSON: repeated keys and nesting depth")
struct StrictJSONTests {
    static func check(_ text: String) -> StrictJSON.Violation? {
        do {
            try StrictJSON.check(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("Bodies the gateway accepts pass")
    func accepted() {
        for text in [
            #"{"filename":"a.pdf","size":10,"contentType":"application/pdf"}"#,
            #"{"parts":[{"partNumber":1,"etag":"\"e\""},{"partNumber":2,"etag":"\"f\""}]}"#,
            #"{"a":"{\"a\":1,\"a\":2}","b":"x:y,z"}"#, #"{"a":{"a":{"a":1}}}"#, #"[{"a":1},{"a":2}]"#,
            #"{"a\\":1,"a":2}"#, "", "not json", #"{"unterminated"#,
        ] {
            #expect(Self.check(text) == nil, "\(text)")
        }
    }

    @Test("A key repeated in one object is refused, also when spelled with escapes")
    func duplicates() {
        #expect(Self.check(#"{"fileId":"a","fileId":"b"}"#) == .duplicateKey("fileId"))
        #expect(Self.check(#"{"fileId":"a","file\u0049d":"b"}"#) == .duplicateKey("fileId"))
        #expect(Self.check(#"{"x":{"k":1},"y":[{"k":1,"k":2}]}"#) == .duplicateKey("k"))
        #expect(Self.check(#"{"\ud83e\uddfe":1,"🧾":2}"#) == .duplicateKey("🧾"))
        #expect(Self.check(#"{"a\nb":1,"a\u000ab":2}"#) == .duplicateKey("a\nb"))
    }

    @Test("Invalid UTF-8 and escaped half surrogate pairs are refused anywhere; whole pairs pass")
    func text() {
        #expect(Self.check(#"{"a":"\ud83e\uddfe","b":"\u00e9\n\u0041"}"#) == nil)
        #expect(Self.check(#"{"ignored":"\ud800"}"#) == .invalidText)
        #expect(Self.check(#"{"ignored":"\udc00x"}"#) == .invalidText)
        #expect(Self.check(#"{"ignored":"\ud800\u0041"}"#) == .invalidText)
        #expect(Self.check(#"{"\ud800":1}"#) == .invalidText)
        #expect(throws: StrictJSON.Violation.invalidText) { try StrictJSON.check([0x7B, 0x22, 0xFF, 0x22, 0x7D]) }
    }

    @Test("Nesting deeper than the limit is refused; at the limit it passes")
    func depth() {
        let limit = StrictJSON.maxDepth
        #expect(Self.check(String(repeating: "[", count: limit) + String(repeating: "]", count: limit)) == nil)
        #expect(Self.check(String(repeating: "[", count: limit + 1)) == .tooDeep)
        #expect(Self.check(String(repeating: #"{"a":"#, count: 10_000)) == .tooDeep)
    }
}
