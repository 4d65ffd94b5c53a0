import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A GetObject response: the object's metadata and its body, still streaming from S3.
///
/// Read ``body`` once, to the end (or drop the value to cancel): the connection stays busy
/// until then.
public struct S3ObjectContent: Sendable {
    /// What the response headers say about the object.
    public let metadata: S3ObjectMetadata
    /// 200 for a whole object, 206 for a range.
    public let status: Int
    /// The bytes as they arrive.
    public let body: HTTPClientResponse.Body

    /// Creates content from a response.
    init(response: HTTPClientResponse) {
        self.metadata = S3ObjectMetadata(headers: response.headers)
        self.status = Int(response.status.code)
        self.body = response.body
    }

    /// Collects the whole body into memory; for small objects only.
    /// - Parameter maxBytes: the most bytes to accept.
    /// - Throws: ``AWSClientError`` (`responseTooLarge`) past `maxBytes`, (`connectionFailed`) when
    ///   the body is cut short.
    public func collect(upTo maxBytes: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw AWSClientError(
                .responseTooLarge, "the object is larger than \(maxBytes) bytes", operation: "S3.GetObject")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw AWSClientError(
                .connectionFailed, "the object body was cut short: \(error)", operation: "S3.GetObject")
        }
    }
}
