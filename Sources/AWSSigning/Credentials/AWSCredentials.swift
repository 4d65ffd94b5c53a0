import Foundation

/// A set of AWS credentials: an access key pair and, for temporary credentials, a session token.
///
/// Printing, dumping or debug-describing a value never shows the secret access key or the
/// session token; only the last four characters of the access key ID are shown.
public struct AWSCredentials: Sendable, Equatable {
    /// The access key ID (`AKIA…` for long-term keys, `ASIA…` for temporary ones).
    public var accessKeyID: String
    /// The secret access key. Never logged.
    public var secretAccessKey: String
    /// The session token of temporary credentials, or `nil` for long-term keys. Never logged.
    public var sessionToken: String?
    /// When temporary credentials stop working, or `nil` when they do not expire.
    public var expiration: Date?

    /// Creates credentials.
    ///
    /// - Parameters:
    ///   - accessKeyID: the access key ID.
    ///   - secretAccessKey: the secret access key.
    ///   - sessionToken: the session token of temporary credentials; an empty string counts as `nil`.
    ///   - expiration: when temporary credentials expire.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken?.isEmpty == true ? nil : sessionToken
        self.expiration = expiration
    }

    /// Whether the credentials expire within `margin` seconds of `now` (never, without an expiration).
    ///
    /// - Parameters:
    ///   - margin: how long before the expiration the credentials count as expiring.
    ///   - now: the current time.
    public func isExpiring(within margin: TimeInterval, now: Date = Date()) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= margin
    }

    /// The access key ID with all but its last four characters masked.
    var maskedAccessKeyID: String {
        let suffix = accessKeyID.suffix(4)
        return String(repeating: "*", count: max(0, min(accessKeyID.count - 4, 16))) + suffix
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A description that never contains the secret access key or the session token.
    public var description: String {
        var text = "AWSCredentials(accessKeyID: \(maskedAccessKeyID), secretAccessKey: <redacted>"
        text += sessionToken == nil ? ", sessionToken: nil" : ", sessionToken: <redacted>"
        if let expiration {
            text += ", expiration: \(expiration)"
        }
        return text + ")"
    }

    /// The same redacted text as ``description``.
    public var debugDescription: String { description }

    /// A mirror without the secrets, so `dump` and reflection-based printing stay safe.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": maskedAccessKeyID,
                "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
                "expiration": expiration as Any,
            ],
            displayStyle: .struct
        )
    }
}
