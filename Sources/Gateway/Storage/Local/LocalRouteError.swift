import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answered by ``LocalObjectRoutes`` as S3 answers: a status and an XML `<Error>`
/// document with a code and a message (never the URL or its signature).
struct LocalRouteError: Error, CustomStringConvertible, Sendable {
    /// The HTTP status.
    let status: HTTPResponse.Status
    /// S3's error code, e.g. `SignatureDoesNotMatch`.
    let code: String
    /// A message for people.
    let message: String

    init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// Maps a store error to the status S3 would answer.
    init(_ error: ObjectStoreError) {
        let status: HTTPResponse.Status =
            switch error.code {
            case .noSuchKey, .noSuchUpload: .notFound
            case .storageFailure: .internalServerError
            case .insufficientStorage: .init(code: 507, reasonPhrase: "Insufficient Storage")
            default: .badRequest
            }
        self.init(status, code: error.code.rawValue, error.message)
    }

    var description: String { "[\(code)] HTTP \(status.code): \(message)" }

    /// The XML response.
    var response: Response {
        let xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(Self.escape(code))</Code>"
            + "<Message>\(Self.escape(message))</Message></Error>"
        return Response(
            status: status,
            headers: [.contentType: "application/xml", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: xml))
        )
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
