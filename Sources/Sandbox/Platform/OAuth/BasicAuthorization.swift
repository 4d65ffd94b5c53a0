import Foundation

/// The client id and secret carried by an HTTP Basic `Authorization` header (RFC 7617).
///
/// `POST /oauth/token` with the client credentials grant sends the OAuth client's id and secret
/// this way: `Authorization: Basic base64(clientId:clientSecret)`.
public struct BasicAuthorization: Sendable, Equatable {
    /// The user (here: the OAuth client id).
    public var user: String
    /// The password (here: the OAuth client secret).
    public var password: String

    /// Creates a credential pair.
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Parses an `Authorization` header value; `nil` unless it is a well-formed Basic credential.
    ///
    /// The scheme is case-insensitive; the payload must be base64 of UTF-8 `user:password`,
    /// where the password may itself contain colons.
    public init?(headerValue: String) {
        let trimmed = headerValue.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return nil }
        guard trimmed[..<space].lowercased() == "basic" else { return nil }
        let encoded = trimmed[space...].trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: encoded),
            let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        self.user = String(decoded[..<colon])
        self.password = String(decoded[decoded.index(after: colon)...])
    }

    /// The header value for these credentials: `Basic <base64>`.
    public var headerValue: String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}
