import Foundation

@testable import Gateway

/// The Swift `Codable` type behind each component schema of the document, and the coders the
/// gateway uses for them.
enum OpenAPISwiftTypes {
    /// Decodes JSON as the schema's Swift type and encodes it back as the gateway does.
    typealias RoundTrip = @Sendable (Data) throws -> Data

    /// Schema name → round trip through its Swift type.
    static let bySchema: [String: RoundTrip] = [
        "HealthReport": roundTrip(HealthReport.self),
        "HealthEntry": roundTrip(HealthReport.Entry.self),
        "HealthStatus": roundTrip(HealthReport.Status.self),
        "GuestRequest": roundTrip(UploadAPI.GuestRequest.self),
        "GuestResponse": roundTrip(UploadAPI.GuestResponse.self),
        "UploadState": roundTrip(UploadState.self),
        "TicketRequest": roundTrip(UploadAPI.TicketRequest.self),
        "TicketResponse": roundTrip(UploadAPI.TicketResponse.self),
        "UploadInstructions": roundTrip(UploadAPI.UploadInstructions.self),
        "SinglePut": roundTrip(UploadAPI.SinglePut.self),
        "Multipart": roundTrip(UploadAPI.Multipart.self),
        "PartURL": roundTrip(UploadAPI.PartURL.self),
        "PartsRequest": roundTrip(UploadAPI.PartsRequest.self),
        "PartsResponse": roundTrip(UploadAPI.PartsResponse.self),
        "StoredPartInfo": roundTrip(UploadAPI.StoredPartInfo.self),
        "ListPartsResponse": roundTrip(UploadAPI.ListPartsResponse.self),
        "CompletedPart": roundTrip(UploadAPI.CompletedPart.self),
        "CompleteRequest": roundTrip(UploadAPI.CompleteRequest.self),
        "StatusResponse": roundTrip(UploadAPI.StatusResponse.self),
        "Problem": roundTrip(Problem.Body.self),
        "DataActionRegisterRequest": roundTrip(DataActionAPI.RegisterRequest.self),
        "DataActionRegisterResponse": roundTrip(DataActionAPI.RegisterResponse.self),
        "FileLinkRequest": roundTrip(DataActionAPI.FileLinkRequest.self),
        "FileLinkResponse": roundTrip(DataActionAPI.FileLinkResponse.self),
        "ListFilesRequest": roundTrip(DataActionAPI.ListFilesRequest.self),
        "ListFilesResponse": roundTrip(DataActionAPI.ListFilesResponse.self),
        "WidgetConfig": roundTrip(WidgetAPI.Config.self),
        "WidgetFile": roundTrip(WidgetAPI.File.self),
        "WidgetFileList": roundTrip(WidgetAPI.FileList.self),
        "WidgetLinkRequest": roundTrip(WidgetAPI.LinkRequest.self),
        "WidgetLink": roundTrip(WidgetAPI.Link.self),
        "WidgetEntries": roundTrip(WidgetAPI.Entries.self),
        "ZipListing": roundTrip(ZipListing.self),
        "ZipEntry": roundTrip(ZipEntry.self),
    ]

    static func roundTrip<T: Codable & Sendable>(_ type: T.Type) -> RoundTrip {
        { data in
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try UploadHandlers.encoder.encode(try decoder.decode(T.self, from: data))
        }
    }

    /// JSON text of a JSON object, with sorted keys, for comparing two values.
    static func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    }

    /// A value of a named schema found inside an example.
    struct TypedValue {
        var schema: String
        var value: Any
        var place: String
    }

    /// Every value of a named schema inside `value`, following the schema through `$ref`,
    /// properties, array items and the `oneOf` alternatives whose required fields are present.
    static func typedValues(
        in value: Any, schema: Any?, document: OpenAPIDocument, place: String
    ) -> [TypedValue] {
        guard let schema else { return [] }
        if let name = OpenAPIDocument.schemaName(schema) {
            let inner = typedValues(in: value, schema: document.schema(name), document: document, place: place)
            return [TypedValue(schema: name, value: value, place: place)] + inner
        }
        guard let schema = schema as? [String: Any] else { return [] }
        var found: [TypedValue] = []
        for alternative in schema["oneOf"] as? [Any] ?? [] {
            let required = (document.resolve(alternative) as? [String: Any])?["required"] as? [String] ?? []
            if let object = value as? [String: Any], required.allSatisfy({ object[$0] != nil }) {
                found += typedValues(in: value, schema: alternative, document: document, place: place)
            }
        }
        if let object = value as? [String: Any], let properties = schema["properties"] as? [String: Any] {
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                found += typedValues(
                    in: member, schema: properties[key], document: document, place: "\(place).\(key)")
            }
        }
        if let array = value as? [Any] {
            for (index, member) in array.enumerated() {
                found += typedValues(
                    in: member, schema: schema["items"], document: document, place: "\(place)[\(index)]")
            }
        }
        return found
    }
}
