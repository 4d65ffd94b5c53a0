import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// The document describes exactly the routes the gateway serves, and is served itself.
@Suite("OpenAPI document against the router")
struct OpenAPIRouteCoverageTests {
    @Test("GET /openapi.yaml serves the bundled document as application/yaml")
    func servesTheDocument() async throws {
        let document = try #require(OpenAPIRoute.document)
        try await FullGatewayRouter.with { router in
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/yaml")
                    #expect(Data(response.body.readableBytesView) == document)
                    #expect(String(buffer: response.body).hasPrefix("openapi: 3.1"))
                }
            }
        }
    }

    @Test(
        "Every route the router registers is documented, and every documented operation has a route",
        .enabled(if: OpenAPIPython.isAvailable(validator: false)))
    func routesAndDocumentAgree() async throws {
        let document = try OpenAPIDocument.served().document
        let documented = document.operations
        let routes = try await FullGatewayRouter.with { router in router.routes.map(RouteKey.init) }
        #expect(routes.count > 10, "the router should register every route: \(routes)")
        let undocumented = routes.filter { route in !documented.contains { route.serves($0) } }
        let unrouted = documented.filter { operation in !routes.contains { $0.serves(operation) } }
        #expect(
            undocumented.isEmpty,
            """
            GatewayRouter registers routes that Sources/Gateway/Resources/openapi.yaml does not describe \
            (add them under `paths`): \(undocumented.map(\.description).joined(separator: ", "))
            """)
        #expect(
            unrouted.isEmpty,
            """
            openapi.yaml documents operations that GatewayRouter does not register \
            (remove them, or register the route): \(unrouted.map(\.description).joined(separator: ", "))
            """)
    }

    @Test(
        "A router pattern serves a documented operation",
        arguments: [
            ("GET", "/healthz", "GET", "/healthz", true),
            ("GET", "/v1/uploads/{fileId}", "GET", "/v1/uploads/{fileId}", true),
            ("DELETE", "/v1/uploads/{fileId}", "GET", "/v1/uploads/{fileId}", false),
            ("GET", "/v1/uploads/{id}", "GET", "/v1/uploads/{fileId}", false),
            ("GET", "/v1/uploads/{fileId}", "GET", "/v1/uploads/{fileId}/parts", false),
            ("GET", "/v1/uploads/*", "GET", "/v1/uploads/{fileId}", true),
            ("PUT", "/v1/objects/**", "PUT", "/v1/objects/quarantine/uploads/{fileId}", true),
            ("PUT", "/v1/objects/**", "PUT", "/v1/objects", false),
            ("GET", "/v1/objects/**", "GET", "/v1/other/clean", false),
        ])
    func patternMatching(
        routeMethod: String, routePath: String, method: String, path: String, expected: Bool
    ) {
        let route = RouteKey(method: routeMethod, path: routePath)
        #expect(route.serves(RouteKey(method: method, path: path)) == expected)
    }
}
