import Foundation
import HTTPTypes
import Hummingbird

/// The URLs the sandbox hands out for native attachments: `PUT /sandbox/uploads/{id}?sig=` (what a
/// presigned S3 URL would be) and `GET /sandbox/attachments/{id}?sig=` (the download URL).
enum AttachmentRoutes {
    static func register(on router: Router<SandboxRequestContext>, state: SandboxState) {
        router.put("/sandbox/uploads/:id") { request, context -> Response in
            guard let id = context.parameters.get("id"),
                let signature = request.uri.queryParameters["sig"].map(String.init)
            else { return GenesysErrorResponse.make(status: .forbidden, message: "Missing signature") }
            let limit = state.configuration.deployments.map(\.maxFileSizeKB).max().map { $0 * 1_024 + 1 } ?? 1
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: limit)
            } catch {
                return GenesysErrorResponse.make(status: .contentTooLarge, message: "File is too large")
            }
            do {
                let accepted = try await state.completeUpload(
                    attachmentId: id, signature: signature, data: Data(body.readableBytesView)
                )
                return accepted
                    ? Response(status: .ok)
                    : GenesysErrorResponse.make(status: .badRequest, message: "Upload rejected")
            } catch {
                return GenesysErrorResponse.make(status: .forbidden, message: "Unknown or used upload URL")
            }
        }
        router.get("/sandbox/attachments/:id") { request, context -> Response in
            guard let id = context.parameters.get("id"),
                let signature = request.uri.queryParameters["sig"].map(String.init),
                let (record, data) = await state.download(attachmentId: id, signature: signature)
            else { return GenesysErrorResponse.make(status: .notFound, message: "Attachment not found") }
            let disposition = "attachment; filename=\"\(record.fileName.filter { $0.isASCII && $0 != "\"" })\""
            var headers: HTTPFields = [.contentType: record.mimeType, .contentDisposition: disposition]
            if let name = HTTPField.Name("X-Content-Type-Options") { headers[name] = "nosniff" }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
