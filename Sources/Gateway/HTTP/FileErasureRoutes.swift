import Foundation
import HTTPTypes
import Hummingbird

/// `DELETE /v1/files/{fileId}`: a guest erases one of their files (GDPR erasure) with
/// `Authorization: Bearer <credential>`.
///
/// 204 when the file is erased now or was already deleted (idempotent); 404 for an unknown id
/// or another guest's file, without touching it. Afterwards the upload's status says `deleted`
/// (reason `erased`), links and listings no longer know it, and the audit log holds
/// `file.erased` with the guest and the time.
enum FileErasureRoutes {
    /// Adds the route, sharing the upload routes' authentication and rate limits.
    static func add(to router: Router<BasicRequestContext>, handler: UploadHandlers) {
        router.delete("v1/files/:fileId") { request, context in
            await handler.run {
                let guestId = try handler.authenticate(request)
                let fileId = try context.parameters.require("fileId")
                guard let store = handler.service.state as? any RetentionStore else {
                    throw Problem.unavailable("Erasure is not available; try again later.")
                }
                let eraser = FileEraser(store: store, objects: handler.service.objects)
                switch try await eraser.erase(fileId: fileId, guestId: guestId) {
                case .notFound:
                    throw Problem.uploadNotFound()
                case .erased, .alreadyDeleted:
                    return Response(status: .noContent, headers: [.cacheControl: "no-store"])
                }
            }
        }
    }
}
