import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport

/// Where the guest UI stack keeps objects.
enum GuestUIStore: Sendable, CustomStringConvertible {
    /// moto's S3 behind a ``CountingS3Proxy``, SQS notifications and the real clamd: the
    /// gateway's production mode (`ATTACHE_STORE=s3`).
    case moto
    /// The gateway's embedded store and built-in policy scanner (`attache dev`'s default).
    case embedded

    var description: String { self == .moto ? "moto S3 + clamd" : "embedded store" }

    /// Whether the services this store needs are configured (always true under `CI=true`, where
    /// a missing one then fails the test).
    var servicesAvailable: Bool {
        self == .embedded || LiveStack.productionServicesAvailable
    }
}

/// The quarantine bucket's CORS rule, which lets the guest page PUT parts straight to the bucket
/// and read each part's `ETag`.
///
/// moto (5.x) answers preflights and adds CORS headers to S3 answers from the bucket's rule,
/// as S3 does. Without a rule its server-wide CORS still answers preflights but exposes no
/// `ETag`, so a browser multipart upload could not complete; hence the rule, as in production.
enum GuestUIBucketCORS {
    /// The CORS document allowing `origin` to PUT, GET and HEAD with any header, exposing `ETag`.
    static func document(origin: String) -> String {
        """
        <CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
        <CORSRule><AllowedOrigin>\(origin)</AllowedOrigin>\
        <AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>\
        <AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds>\
        </CORSRule></CORSConfiguration>
        """
    }

    /// Puts the rule on `bucket` in moto (`PUT /{bucket}?cors`; moto does not check request
    /// signatures, so the test sends the document as is).
    static func apply(origin: String, bucket: String, motoEndpoint: String) async throws {
        var request = HTTPClientRequest(url: "\(motoEndpoint)/\(bucket)?cors")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/xml")
        request.body = .bytes(ByteBuffer(string: document(origin: origin)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 * 1_024)
        guard response.status == .ok else {
            throw GuestUIHarnessError("PUT bucket CORS answered \(response.status): \(String(buffer: body))")
        }
    }
}
