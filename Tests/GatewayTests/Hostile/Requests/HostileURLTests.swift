import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// Hostile URLs: traversal in paths, unsigned or re-signed object URLs (another file under a
/// valid signature, a later expiry, a changed disposition), writes to the clean area.
@Suite("Hostile URLs through the assembled gateway")
struct HostileURLTests {
    /// `url`'s path and query with `change` applied to its query items.
    static func edited(
        _ url: String, path: String? = nil, _ change: (inout [URLQueryItem]) -> Void = { _ in }
    )
        -> String
    {
        guard var components = URLComponents(string: url) else { return url }
        var items = components.queryItems ?? []
        change(&items)
        components.queryItems = items
        if let path { components.path = path }
        return HostileGateway.relative(components.string ?? url)
    }

    @Test("Traversal in paths and tampered object URLs: 4xx, nothing served, nothing changed")
    func paths() async throws {
        try await HostileRequestCorpusTests.corpus { world, _ in
            let expires = LocalURLSigner.expiresParameter
            let signature = LocalURLSigner.signatureParameter
            let ownerPath = URLComponents(string: world.ownerLink)?.path ?? ""
            let intruderPath = ownerPath.replacingOccurrences(of: world.ownerFile, with: world.intruderFile)
            let pdf = ByteBuffer(bytes: HostileWorld.pdf)
            func object(
                _ name: String, _ uri: String, method: HTTPRequest.Method = .get, body: ByteBuffer? = nil,
                status: HTTPResponse.Status = .forbidden
            ) -> HostileRequest {
                var headers: HTTPFields = [:]
                if body != nil {
                    headers[.contentType] = "application/pdf"
                    headers[.contentLength] = String(HostileWorld.pdf.count)
                }
                return HostileRequest(name, method, uri, headers: headers, body: body, status: status, slug: nil)
            }
            return [
                object("clean object without a signature", "/v1/objects/clean/uploads/\(world.ownerFile)"),
                object(
                    "another file under the owner's signature", Self.edited(world.ownerLink, path: intruderPath)),
                object(
                    "expiry pushed out under the same signature",
                    Self.edited(world.ownerLink) { items in
                        items = items.map { $0.name == expires ? URLQueryItem(name: expires, value: "9999999999") : $0 }
                    }),
                object(
                    "signature removed",
                    Self.edited(world.ownerLink) { items in items.removeAll { $0.name == signature } }),
                object(
                    "an extra response-content-type",
                    Self.edited(world.ownerLink) { $0.append(.init(name: "response-content-type", value: "text/html")) }
                ),
                object(
                    "the owner's GET signature used to PUT", Self.relative(world.ownerLink), method: .put, body: pdf),
                object(
                    "unsigned PUT to the clean area", "/v1/objects/clean/uploads/\(RandomID.make())", method: .put,
                    body: pdf),
                object(
                    "unsigned PUT to quarantine", "/v1/objects/quarantine/uploads/\(RandomID.make())", method: .put,
                    body: pdf),
                object(
                    "encoded traversal out of the store", "/v1/objects/clean/..%2F..%2Fstate.sqlite",
                    status: .badRequest),
                object(
                    "encoded traversal within the store",
                    "/v1/objects/clean/uploads%2F..%2F..%2Fquarantine%2Fuploads%2F\(world.ownerFile)",
                    status: .badRequest),
                object("dot segments", "/v1/objects/clean/uploads/../../state.sqlite", status: .badRequest),
                object("unknown area", "/v1/objects/multipart/uploads/\(world.ownerFile)", status: .notFound),
                HostileRequest(
                    "widget file traversal", .get, "/widget/..%2F..%2FPackage.swift", status: .notFound,
                    slug: "not-found"),
                HostileRequest("widget file dot-dot", .get, "/widget/..", status: .notFound, slug: "not-found"),
                HostileRequest(
                    "upload id traversal", .get, "/v1/uploads/..%2F..%2Fetc%2Fpasswd", headers: world.ownerHeaders,
                    status: .notFound, slug: "upload-not-found"),
            ]
        }
    }

    static func relative(_ url: String) -> String { HostileGateway.relative(url) }
}
