import Foundation

/// An access token from Genesys's OAuth token endpoint (client credentials grant) and when the
/// gateway stops using it.
///
/// The token value is a secret: ``description`` never shows it.
struct GenesysOAuthToken: Sendable, Equatable, CustomStringConvertible {
    /// The bearer token.
    var value: String
    /// When Genesys says it expires.
    var expiresAt: Date
    /// When the gateway replaces it (shortly before ``expiresAt``).
    var refreshAt: Date

    /// The token endpoint's JSON answer: `{"access_token", "token_type", "expires_in"}`.
    struct Answer: Decodable {
        var accessToken: String
        var tokenType: String?
        var expiresIn: Double?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case tokenType = "token_type"
            case expiresIn = "expires_in"
        }
    }

    /// Reads the token endpoint's answer received at `now`.
    /// - Parameters:
    ///   - data: the response body.
    ///   - now: when the answer arrived.
    ///   - refreshMargin: how early to replace the token, capped at half its lifetime.
    /// - Throws: ``GenesysPlatformError`` when the body is not a bearer token answer.
    init(decoding data: Data, now: Date, refreshMargin: Duration) throws(GenesysPlatformError) {
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw GenesysPlatformError(status: 200, message: "the OAuth token answer is not the expected JSON")
        }
        guard !answer.accessToken.isEmpty else {
            throw GenesysPlatformError(status: 200, message: "the OAuth token answer has an empty access_token")
        }
        if let type = answer.tokenType, type.lowercased() != "bearer" {
            throw GenesysPlatformError(status: 200, message: "the OAuth token type is '\(type.prefix(32))', not bearer")
        }
        // Genesys documents expires_in in seconds (86 400 by default for client credentials).
        let lifetime = max(0, answer.expiresIn ?? 86_400)
        let margin = min(Self.seconds(refreshMargin), lifetime / 2)
        value = answer.accessToken
        expiresAt = now.addingTimeInterval(lifetime)
        refreshAt = now.addingTimeInterval(lifetime - margin)
    }

    init(value: String, expiresAt: Date, refreshAt: Date) {
        self.value = value
        self.expiresAt = expiresAt
        self.refreshAt = refreshAt
    }

    /// Whether the token may still be used at `now`.
    func isFresh(at now: Date) -> Bool {
        now < refreshAt
    }

    var description: String {
        "GenesysOAuthToken(expiresAt: \(expiresAt), value: <redacted>)"
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
