import Foundation
import Testing

@testable import Gateway

/// The document's examples are what the Swift types read and write: each decodes with the real
/// type and encodes back to the same JSON, and a schema's `required` list is exactly the
/// type's non-optional fields.
@Suite("OpenAPI examples against the Swift types")
struct OpenAPIExampleDecodingTests {
    @Test(
        "Every JSON example decodes with its Swift type and encodes back unchanged",
        .enabled(if: OpenAPIPython.isAvailable(validator: false)))
    func examplesRoundTrip() throws {
        let document = try OpenAPIDocument.served().document
        let values = Self.typedValues(document)
        #expect(values.count > 20, "expected typed values in the examples, found \(values.count)")
        for typed in values {
            guard let roundTrip = OpenAPISwiftTypes.bySchema[typed.schema] else { continue }
            let json = try OpenAPISwiftTypes.canonical(typed.value)
            do {
                let back = try roundTrip(json)
                let same = try OpenAPISwiftTypes.canonical(
                    try JSONSerialization.jsonObject(with: back, options: .fragmentsAllowed))
                #expect(
                    same == json,
                    """
                    \(typed.place) (\(typed.schema)) changes through the Swift type:
                    example \(String(decoding: json, as: UTF8.self))
                    Swift   \(String(decoding: same, as: UTF8.self))
                    """)
            } catch {
                Issue.record("\(typed.place) does not decode as \(typed.schema): \(error)")
            }
        }
    }

    @Test(
        "A schema's required fields are exactly the Swift type's non-optional ones, and every field has an example",
        .enabled(if: OpenAPIPython.isAvailable(validator: false)))
    func requiredMatchesOptionality() throws {
        let document = try OpenAPIDocument.served().document
        var seen: [String: Set<String>] = [:]
        for typed in Self.typedValues(document) {
            guard let roundTrip = OpenAPISwiftTypes.bySchema[typed.schema],
                let object = typed.value as? [String: Any],
                let schema = document.schema(typed.schema), schema["properties"] != nil
            else { continue }
            let required = Set(schema["required"] as? [String] ?? [])
            seen[typed.schema, default: []].formUnion(object.keys)
            for key in object.keys {
                var without = object
                without[key] = nil
                let decodes = (try? roundTrip(try OpenAPISwiftTypes.canonical(without))) != nil
                #expect(
                    decodes != required.contains(key),
                    """
                    \(typed.schema).\(key) is \(required.contains(key) ? "required" : "optional") in openapi.yaml \
                    but \(decodes ? "optional" : "required") in Swift (\(typed.place))
                    """)
            }
        }
        for name in OpenAPISwiftTypes.bySchema.keys.sorted() {
            guard let properties = document.schema(name)?["properties"] as? [String: Any] else { continue }
            let missing = Set(properties.keys).subtracting(seen[name] ?? [])
            #expect(missing.isEmpty, "no example in openapi.yaml shows \(name).\(missing.sorted())")
        }
    }

    @Test(
        "Problem examples carry their response's status, and SSE examples carry StatusResponse data",
        .enabled(if: OpenAPIPython.isAvailable(validator: false)))
    func problemAndEventExamples() throws {
        let document = try OpenAPIDocument.served().document
        var events = 0
        for example in document.examples {
            if example.mediaType == "application/problem+json" {
                let status = (example.value as? [String: Any])?["status"] as? Int
                #expect(
                    status.map(String.init) == example.status, "\(example.place): status \(String(describing: status))")
            }
            if example.mediaType == "text/event-stream" {
                // One event object (`{"id", "event", "data"}`) or a whole stream as text.
                let stream = example.value as? String ?? ""
                let lines = stream.split(separator: "\n").filter { $0.hasPrefix("data: ") }
                    .map { String($0.dropFirst("data: ".count)) }
                let data = ((example.value as? [String: Any])?["data"] as? String).map { [$0] } ?? lines
                let roundTrip = try #require(OpenAPISwiftTypes.bySchema["StatusResponse"])
                for payload in data {
                    #expect(throws: Never.self, "\(example.place): \(payload)") { try roundTrip(Data(payload.utf8)) }
                    events += 1
                }
            }
        }
        #expect(events > 0)
    }

    static func typedValues(_ document: OpenAPIDocument) -> [OpenAPISwiftTypes.TypedValue] {
        document.examples
            .filter { $0.mediaType.hasSuffix("json") }
            .flatMap {
                OpenAPISwiftTypes.typedValues(in: $0.value, schema: $0.schema, document: document, place: $0.place)
            }
    }
}
