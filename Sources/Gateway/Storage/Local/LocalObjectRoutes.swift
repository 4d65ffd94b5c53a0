import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the embedded store's signed URLs, like S3 serves presigned ones:
///
/// - `PUT /v1/objects/quarantine/<key>?…` stores a single upload; the signed `Content-Type` and
///   `Content-Length` must be sent, and the body must have exactly that length (checked while
///   streaming; nothing is kept on failure).
/// - `PUT /v1/objects/quarantine/<key>?partNumber=N&uploadId=U&…` stores one multipart part and
///   answers its `ETag`.
/// - `GET /v1/objects/clean/<key>?…` streams a clean object with the `Content-Type` and
///   `Content-Disposition` from the signed query and `X-Content-Type-Options: nosniff`.
///
/// A missing, tampered or expired signature gets 403 with an S3-style XML `<Error>`; a body of
/// the wrong length 400; an unknown object or upload 404; a full disk 507 `InsufficientStorage`
/// (the bytes received so far are deleted, nothing is published).
public enum LocalObjectRoutes {
    /// Adds the routes to `router`.
    /// - Parameters:
    ///   - router: The gateway's router.
    ///   - store: The store whose URLs to serve (any instance with the same root and secret).
    public static func add(to router: Router<BasicRequestContext>, store: LocalObjectStore) {
        router.put("v1/objects/**") { request, _ in
            await respond { try await put(request, store: store) }
        }
        router.get("v1/objects/**") { request, _ in
            await respond { try await get(request, store: store) }
        }
    }

    static func put(_ request: Request, store: LocalObjectStore) async throws -> Response {
        let (area, key, parameters) = try verify(request, method: "PUT", store: store)
        guard area == .quarantine else {
            throw LocalRouteError(.forbidden, code: "AccessDenied", "uploads go to quarantine only")
        }
        let declaredLength = try request.headers[.contentLength].map { value in
            guard let length = Int64(value), length >= 0 else {
                throw LocalRouteError(.badRequest, code: "InvalidArgument", "Content-Length is not a number")
            }
            return length
        }
        if let partNumber = parameters["partNumber"], let uploadID = parameters["uploadId"] {
            guard let number = Int(partNumber) else {
                throw LocalRouteError(.badRequest, code: "InvalidArgument", "partNumber is not a number")
            }
            let part = try await store.receivePart(
                key: key, uploadID: uploadID, partNumber: number, contentLength: declaredLength, body: request.body)
            return Response(status: .ok, headers: [.eTag: part.etag])
        }
        // The signature covers Content-Length, so a verified request carries the signed value.
        let signedHeaders = parameters[LocalURLSigner.signedHeadersParameter]?.split(separator: ";") ?? []
        guard signedHeaders.contains("content-length"), let signedLength = declaredLength else {
            throw LocalRouteError(
                .lengthRequired, code: "MissingContentLength", "the signed Content-Length is required")
        }
        let metadata = try await store.receiveObject(
            key: key, contentType: request.headers[.contentType], contentLength: signedLength, body: request.body)
        return Response(status: .ok, headers: [.eTag: metadata.etag])
    }

    static func get(_ request: Request, store: LocalObjectStore) async throws -> Response {
        let (area, key, parameters) = try verify(request, method: "GET", store: store)
        guard let metadata = try store.metadata(area, key: key) else {
            throw LocalRouteError(.notFound, code: "NoSuchKey", "The specified key does not exist.")
        }
        let body = try await store.read(area, key: key)
        var headers: HTTPFields = [
            .contentType: parameters["response-content-type"] ?? metadata.contentType ?? "application/octet-stream",
            .contentLength: String(metadata.size),
            .eTag: metadata.etag,
            .cacheControl: "private, no-store",
        ]
        if let disposition = parameters["response-content-disposition"] {
            headers[.contentDisposition] = disposition
        }
        headers[Self.noSniff] = "nosniff"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: body))
    }

    static let noSniff = HTTPField.Name("X-Content-Type-Options")!

    /// Checks the signature and splits the path into area and key.
    static func verify(
        _ request: Request,
        method: String,
        store: LocalObjectStore
    ) throws -> (ObjectArea, String, [String: String]) {
        let path = request.uri.path
        guard path.hasPrefix(LocalObjectStore.routePrefix) else {
            throw LocalRouteError(.notFound, code: "NoSuchKey", "The specified key does not exist.")
        }
        let rest = path.dropFirst(LocalObjectStore.routePrefix.count)
        let parts = rest.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let area = ObjectArea(rawValue: String(parts[0])) else {
            throw LocalRouteError(.notFound, code: "NoSuchKey", "The specified key does not exist.")
        }
        let key = String(parts[1])
        do {
            try LocalObjectLayout.validate(key: key)
        } catch {
            throw LocalRouteError(.badRequest, code: "InvalidArgument", "the key is not acceptable")
        }
        let parameters = try store.signer.verify(method: method, path: path, rawQuery: request.uri.query) { name in
            guard let field = HTTPField.Name(name) else { return nil }
            return request.headers[field]
        }
        return (area, key, parameters)
    }

    /// Runs a handler and turns failures into S3-style XML errors.
    static func respond(_ handler: () async throws -> Response) async -> Response {
        do {
            return try await handler()
        } catch let error as LocalRouteError {
            return error.response
        } catch let error as LocalSignatureError {
            return LocalRouteError(.forbidden, code: error.code.rawValue, error.message).response
        } catch let error as ObjectStoreError {
            return LocalRouteError(error).response
        } catch {
            return LocalRouteError(.internalServerError, code: "InternalError", "the store failed").response
        }
    }
}
