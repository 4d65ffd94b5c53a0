import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the OpenAPI 3.1 document of the gateway's HTTP API at `GET /openapi.yaml`
/// (`Resources/openapi.yaml`, kept true by `Tests/GatewayTests/OpenAPI`).
public enum OpenAPIRoute {
    /// The path the document is served at.
    public static let path = "/openapi.yaml"

    /// The document's bytes from the module's resources, or `nil` if the bundle lacks it.
    public static let document: Data? = Bundle.module
        .url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources")
        .flatMap { try? Data(contentsOf: $0) }

    /// Adds `GET /openapi.yaml` to `router`.
    /// - Parameter router: The gateway's router.
    public static func add(to router: Router<BasicRequestContext>) {
        let body = document.map { ByteBuffer(bytes: $0) }
        router.get(RouterPath(stringLiteral: path)) { _, _ -> Response in
            guard let body else {
                return Problem.unavailable("The OpenAPI document is missing from this build.").makeResponse()
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/yaml", .cacheControl: "no-cache"],
                body: ResponseBody(byteBuffer: body)
            )
        }
    }
}
