import Hummingbird

/// Plain-HTTP answers on the guest endpoint (requests that did not upgrade to a WebSocket).
enum GuestRoutes {
    /// `GET /v1`: 403 for an unknown deployment (as on the upgrade), else 426 Upgrade Required.
    static func register(on router: Router<SandboxRequestContext>, state: SandboxState) {
        router.get(GuestSocketRoute.path) { request, _ -> Response in
            guard GuestSocketRoute.deployment(of: request, in: state) != nil else {
                throw HTTPError(.forbidden, message: "Access denied: unknown deployment")
            }
            throw HTTPError(.upgradeRequired, message: "Connect with a WebSocket upgrade")
        }
    }
}
