import Foundation

/// The JSON document that the container and instance metadata endpoints return:
/// `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}` (plus `Code` on EC2).
struct MetadataCredentials: Decodable {
    let accessKeyId: String?
    let secretAccessKey: String?
    let token: String?
    let expiration: String?
    let code: String?

    enum CodingKeys: String, CodingKey {
        case accessKeyId = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case token = "Token"
        case expiration = "Expiration"
        case code = "Code"
    }

    /// Decodes a body into credentials.
    ///
    /// - Parameters:
    ///   - body: the response body.
    ///   - source: the endpoint's description, for error messages.
    /// - Throws: ``CredentialsError`` `invalidResponse` when the body is not such a document.
    static func decode(_ body: Data, source: String) throws(CredentialsError) -> AWSCredentials {
        let document: MetadataCredentials
        do {
            document = try JSONDecoder().decode(MetadataCredentials.self, from: body)
        } catch {
            throw CredentialsError(
                code: .invalidResponse,
                message: "\(source) returned a body that is not credentials JSON"
            )
        }
        if let code = document.code, code != "Success" {
            throw CredentialsError(code: .invalidResponse, message: "\(source) reported Code '\(code)'")
        }
        guard let keyID = document.accessKeyId, !keyID.isEmpty,
            let secret = document.secretAccessKey, !secret.isEmpty
        else {
            throw CredentialsError(code: .invalidResponse, message: "\(source) returned no AccessKeyId/SecretAccessKey")
        }
        return AWSCredentials(
            accessKeyID: keyID,
            secretAccessKey: secret,
            sessionToken: document.token,
            expiration: document.expiration.flatMap(parseDate)
        )
    }

    /// Parses an ISO 8601 timestamp with or without fractional seconds.
    static func parseDate(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
