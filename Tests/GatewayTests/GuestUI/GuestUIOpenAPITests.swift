import Foundation
import Testing

@testable import Gateway

/// openapi.yaml's guest UI schemas are the Swift types' (the shared example round-trip table
/// lives in Tests/GatewayTests/OpenAPI; this suite covers the guest UI's own schemas).
@Suite("Guest UI in the OpenAPI document")
struct GuestUIOpenAPITests {
    static let types: [String: OpenAPISwiftTypes.RoundTrip] = [
        "GuestConfig": OpenAPISwiftTypes.roundTrip(GuestUIAPI.Config.self),
        "GuestPolicy": OpenAPISwiftTypes.roundTrip(GuestUIAPI.Policy.self),
    ]

    @Test(
        "The GuestConfig example decodes with GuestUIAPI.Config and encodes back unchanged",
        .enabled(if: OpenAPIPython.isAvailable(validator: false)))
    func exampleRoundTrips() throws {
        let document = try OpenAPIDocument.served().document
        let values = OpenAPIExampleDecodingTests.typedValues(document).filter { Self.types[$0.schema] != nil }
        #expect(values.contains { $0.schema == "GuestConfig" })
        for typed in values {
            let roundTrip = try #require(Self.types[typed.schema])
            let json = try OpenAPISwiftTypes.canonical(typed.value)
            let back = try OpenAPISwiftTypes.canonical(try JSONSerialization.jsonObject(with: try roundTrip(json)))
            #expect(back == json, "\(typed.place)")
        }
    }

    @Test(
        "The schemas require exactly the Swift types' fields",
        .enabled(if: OpenAPIPython.isAvailable(validator: false)))
    func requiredFields() throws {
        let document = try OpenAPIDocument.served().document
        let config = try #require(document.schema("GuestConfig"))
        #expect(
            Set(config["required"] as? [String] ?? []) == [
                "deploymentId", "webSocketURL", "apiBaseURL", "keyword", "fileIdMetadataKey", "guestIdAttribute",
                "policy",
            ])
        let policy = try #require(document.schema("GuestPolicy"))
        #expect(
            Set(policy["required"] as? [String] ?? []) == [
                "maxFileSize", "partSize", "allowedTypes", "blockedExtensions", "quotaBytes",
            ])
    }
}
