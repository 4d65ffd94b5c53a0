import Foundation
import Testing

@testable import WebMessaging

@Suite("JSONValue")
struct JSONValueTests {
    @Test("decodes every JSON kind and re-encodes it unchanged")
    func roundTripsEveryKind() throws {
        let text = #"{"a":null,"b":true,"c":-1.5,"d":"x","e":[1,"two",false,{"f":[]}],"g":{}}"#
        let value = try JSONFixture.value(text)
        #expect(value["b"] == .bool(true))
        #expect(value["c"] == .number(-1.5))
        #expect(value["d"]?.stringValue == "x")
        #expect(value["a"] == .null)
        #expect(try JSONFixture.encoded(value) == value)
    }

    @Test("keeps integers exactly up to 2^53")
    func keepsLargeIntegers() throws {
        let value = try JSONFixture.value(#"{"exp":9007199254740992}"#)
        #expect(value["exp"] == .number(9_007_199_254_740_992))
    }

    @Test("distinguishes booleans from numbers", arguments: [("true", JSONValue.bool(true)), ("1", .number(1))])
    func booleansAreNotNumbers(text: String, expected: JSONValue) throws {
        #expect(try JSONFixture.value("[\(text)]") == .array([expected]))
    }

    @Test("subscript and stringValue are nil on the wrong kind")
    func accessorsOnWrongKind() {
        #expect(JSONValue.array([])["x"] == nil)
        #expect(JSONValue.number(1).stringValue == nil)
    }
}
