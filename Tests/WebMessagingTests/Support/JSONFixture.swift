import Foundation
import Testing

@testable import WebMessaging

/// Helpers to compare JSON as objects (key order and `null`-vs-absent do not matter).
enum JSONFixture {
    /// Parses JSON text into a ``JSONValue``.
    static func value(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Removes object members whose value is `null` (the protocol treats them as absent).
    static func strippingNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            for (key, member) in members where member != .null {
                kept[key] = strippingNulls(member)
            }
            return .object(kept)
        case .array(let items):
            return .array(items.map(strippingNulls))
        default:
            return value
        }
    }

    /// Encodes with the protocol encoder and parses the result back to a ``JSONValue``.
    static func encoded<T: Encodable>(_ value: T) throws -> JSONValue {
        let data = try WebMessagingJSON.makeEncoder().encode(value)
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Decodes `text` as `T`, re-encodes it, and checks the JSON objects match and that decoding
    /// the re-encoded JSON gives the same value. Returns the decoded value.
    @discardableResult
    static func roundTrip<T: Codable & Equatable>(
        _ type: T.Type,
        _ text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> T {
        let decoded = try WebMessagingJSON.makeDecoder().decode(T.self, from: Data(text.utf8))
        let original = strippingNulls(try value(text))
        let reencoded = try encoded(decoded)
        #expect(reencoded == original, "re-encoded JSON differs", sourceLocation: sourceLocation)
        let reencodedData = try WebMessagingJSON.makeEncoder().encode(decoded)
        let again = try WebMessagingJSON.makeDecoder().decode(T.self, from: reencodedData)
        #expect(again == decoded, "decode(encode(x)) != x", sourceLocation: sourceLocation)
        return decoded
    }
}
