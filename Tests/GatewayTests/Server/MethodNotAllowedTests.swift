import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

/// A known path asked with a method it does not serve answers 405 with `Allow`; unknown paths
/// stay 404, and served requests are untouched.
@Suite("405 Method Not Allowed")
struct MethodNotAllowedTests {
    /// A concrete request path for a route pattern: each capture or `*` becomes one segment,
    /// `**` two.
    static func concretePath(_ pattern: String) -> String {
        let segments = pattern.split(separator: "/").map { segment -> String in
            if segment == "**" { return "clean/uploads" }
            if segment == "*" || segment.hasPrefix("{") || segment.hasPrefix(":") { return "abc123" }
            return String(segment)
        }
        return "/" + segments.joined(separator: "/")
    }

    @Test("Every route of the full gateway: each method it does not serve there gets 405 naming the ones it does")
    func everyRoute() async throws {
        try await FullGatewayRouter.with { router in
            let served = router.routes.reduce(into: [String: Set<String>]()) { served, route in
                served[route.path.description, default: []].insert(route.method.rawValue)
                // HEAD is generated wherever GET is served.
                if route.method == .get { served[route.path.description, default: []].insert("HEAD") }
            }
            #expect(served.count > 10, "the full router has its routes")
            let app = Application(router: router)
            try await app.test(.router) { client in
                for (pattern, methods) in served {
                    let allow = methods.sorted().joined(separator: ", ")
                    let path = Self.concretePath(pattern)
                    for method in MethodNotAllowedMiddleware<BasicRequestContext>.methods
                    where !methods.contains(method.rawValue) {
                        try await client.execute(uri: path, method: method) { response in
                            #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                            #expect(response.headers[.allow] == allow, "\(method) \(path)")
                            if method != .head {
                                #expect(response.headers[.contentType] == "application/problem+json")
                                let body = try JSONDecoder().decode(
                                    Problem.Body.self, from: Data(response.body.readableBytesView))
                                #expect(body.status == 405)
                                #expect(body.type.hasSuffix("/method-not-allowed"))
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("Unknown paths stay 404, OPTIONS passes through, served requests are untouched")
    func unchanged() async throws {
        let app = Application(router: GatewayRouter.make(health: HealthMonitor(checks: [])))
        try await app.test(.router) { client in
            try await client.execute(uri: "/no-such-path", method: .delete) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.allow] == nil)
            }
            try await client.execute(uri: "/healthz/deeper", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/healthz", method: .options) { response in
                #expect(response.status != .methodNotAllowed)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.allow] == nil)
            }
            try await client.execute(uri: "/healthz", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/healthz", method: .head) { response in
                #expect(response.status == .ok, "HEAD served wherever GET is")
                #expect(response.body.readableBytes == 0)
            }
        }
    }
}
