import Foundation

/// How the uploader authenticates to the gateway.
public enum GatewayCredentials: Sendable {
    /// Exchange the guest's Genesys session token (``GuestSession/token()``) for a gateway
    /// credential with `POST /v1/guests`; renewed before it expires and after a 401.
    case guestSession(token: String, deploymentId: String)
    /// A credential obtained elsewhere, used as it is.
    case bearer(String)
}

/// The current gateway credential, registered on first use and renewed when it nears expiry
/// or the gateway refuses it.
actor GatewayCredentialCache {
    private let credentials: GatewayCredentials
    private var current: GatewayUploadAPI.GuestCredential?
    /// A credential this close to expiry is renewed before use.
    private let renewalMargin: TimeInterval = 60

    init(_ credentials: GatewayCredentials) {
        self.credentials = credentials
    }

    /// The bearer value, registering with `register` when none is held or it is about to expire.
    func bearer(
        register: @Sendable (String, String) async throws(GatewayUploadError) -> GatewayUploadAPI.GuestCredential
    ) async throws(GatewayUploadError) -> String {
        switch credentials {
        case .bearer(let value):
            return value
        case .guestSession(let token, let deploymentId):
            if let current, current.expiresAt.timeIntervalSinceNow > renewalMargin {
                return current.credential
            }
            let fresh = try await register(token, deploymentId)
            current = fresh
            return fresh.credential
        }
    }

    /// Forgets the held credential (the gateway answered 401).
    func invalidate() {
        current = nil
    }
}
