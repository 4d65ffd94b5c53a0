import AWSSigning
import Foundation
import NIOCore
import NIOHTTP1

/// Turns SQS JSON error responses into ``SQSError``.
enum SQSErrorDecoding {
    /// Decodes `{"__type": "…#Code", "message": "…"}`; a body that is not such JSON becomes an
    /// ``AWSClientError`` that keeps the status (so 5xx are still retried).
    static func decode(status: Int, headers: HTTPHeaders, body: ByteBuffer, operation: String) -> any Error {
        let requestID = headers.first(name: "x-amzn-requestid") ?? headers.first(name: "x-amz-request-id")
        let bytes = Data(body.readableBytesView)
        guard !bytes.isEmpty else {
            return SQSError(
                status: status,
                code: SQSError.Code(rawValue: status >= 500 ? "InternalError" : "HTTP\(status)"),
                message: "SQS answered HTTP \(status) without an error body",
                requestID: requestID,
                operation: operation
            )
        }
        guard ValidUTF8.isValid(bytes) else {
            return AWSClientError(
                .nonUTF8Response, "the error body is not valid UTF-8 (\(bytes.count) bytes)",
                operation: operation, status: status, requestID: requestID
            )
        }
        guard let object = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any],
            let type = object["__type"] as? String ?? object["code"] as? String
        else {
            let snippet = String(decoding: bytes.prefix(120), as: UTF8.self)
            return AWSClientError(
                .malformedResponse,
                "SQS answered HTTP \(status) with a body that is not a JSON error: \"\(snippet)\"",
                operation: operation, status: status, requestID: requestID
            )
        }
        let code = type.split(separator: "#").last.map(String.init) ?? type
        let message = object["message"] as? String ?? object["Message"] as? String ?? "SQS reported \(code)"
        return SQSError(
            status: status,
            code: SQSError.Code(rawValue: code),
            message: message,
            requestID: requestID,
            operation: operation
        )
    }
}
