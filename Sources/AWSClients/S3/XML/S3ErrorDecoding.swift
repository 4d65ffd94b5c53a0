import NIOCore
import NIOHTTP1

/// Turns S3 error responses into ``S3Error`` (or ``AWSClientError`` when the body is unreadable).
enum S3ErrorDecoding {
    /// Decodes an error response.
    ///
    /// A body with an `<Error>` document becomes an ``S3Error`` with its fields. A bodiless answer
    /// (HEAD, or a proxy that dropped the body) becomes an ``S3Error`` whose code is derived from
    /// the status (`NotFound`, `Forbidden`, …). A body that is not S3 error XML (an HTML page from
    /// a proxy, a truncated document, non-UTF-8 bytes) becomes an ``AWSClientError`` that keeps
    /// the status, so 5xx answers are still retried.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - headers: the response headers (`x-amz-request-id`).
    ///   - body: the response body.
    ///   - operation: the operation, e.g. `S3.GetObject`.
    ///   - resource: the bucket/key the request addressed.
    static func decode(
        status: Int,
        headers: HTTPHeaders,
        body: ByteBuffer,
        operation: String,
        resource: String?
    ) -> any Error {
        let headerRequestID = headers.first(name: "x-amz-request-id")
        let bytes = body.readableBytesView
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return S3Error(
                status: status,
                code: bodilessCode(status),
                message: "S3 answered HTTP \(status) without an error document",
                requestID: headerRequestID,
                resource: resource,
                operation: operation
            )
        }
        do {
            let tree = try XMLTree.parse(bytes)
            guard let error = errorElement(tree) else {
                return AWSClientError(
                    .unexpectedResponse,
                    "S3 answered HTTP \(status) with a <\(tree.name)> document instead of <Error>",
                    operation: operation,
                    status: status,
                    requestID: headerRequestID
                )
            }
            return s3Error(
                from: error, status: status, headerRequestID: headerRequestID,
                operation: operation, resource: resource)
        } catch let error as AWSClientError {
            return error.withContext(operation: operation, status: status, requestID: headerRequestID)
        } catch {
            return AWSClientError(.malformedResponse, "\(error)", operation: operation, status: status)
        }
    }

    /// The `<Error>` element: the root, or the child of an `<ErrorResponse>` wrapper.
    static func errorElement(_ tree: XMLTree) -> XMLTree? {
        if tree.name == "Error" { return tree }
        return tree.child("Error")
    }

    /// Builds an ``S3Error`` from an `<Error>` element.
    static func s3Error(
        from element: XMLTree,
        status: Int,
        headerRequestID: String?,
        operation: String,
        resource: String?
    ) -> S3Error {
        let code = element.text("Code").flatMap { $0.isEmpty ? nil : $0 } ?? bodilessCode(status).rawValue
        let requestID = element.text("RequestId") ?? element.text("RequestID") ?? headerRequestID
        var detail = element.text("Resource") ?? resource
        if detail == nil, let key = element.text("Key") { detail = key }
        if detail == nil, let bucket = element.text("BucketName") { detail = bucket }
        return S3Error(
            status: status,
            code: S3Error.Code(rawValue: code),
            message: element.text("Message") ?? "S3 reported \(code) without a message",
            requestID: requestID,
            resource: detail,
            operation: operation
        )
    }

    /// The conventional code for a bodiless error status.
    static func bodilessCode(_ status: Int) -> S3Error.Code {
        switch status {
        case 304: .notModified
        case 400: .badRequest
        case 403: .forbidden
        case 404: .notFound
        case 412: .preconditionFailed
        case 416: .invalidRange
        case 500: .internalError
        case 503: .serviceUnavailable
        default: S3Error.Code(rawValue: "HTTP\(status)")
        }
    }
}
