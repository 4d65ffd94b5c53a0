import Foundation
import Hummingbird
import WebMessaging

/// JSON responses in Genesys' REST shape (`{"message","code","status"}` for errors).
enum GenesysErrorResponse {
    /// An error body the way the Genesys platform API answers.
    static func make(status: HTTPResponse.Status, message: String) -> Response {
        let code =
            switch status {
            case .unauthorized: "authentication.required"
            case .forbidden: "forbidden"
            case .notFound: "not.found"
            case .badRequest: "bad.request"
            default: "error"
            }
        let body = #"{"message":\#(jsonString(message)),"code":"\#(code)","status":\#(status.code)}"#
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }

    /// A 200 JSON response.
    static func json(_ value: some Encodable) throws -> Response {
        let data = try WebMessagingJSON.encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    private static func jsonString(_ text: String) -> String {
        (try? WebMessagingJSON.encodeString(text)) ?? "\"\""
    }
}
