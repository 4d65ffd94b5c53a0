/// Why a guest credential was refused.
public enum GuestCredentialError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Missing or not in the credential format.
    case malformed
    /// The signature does not verify (forged or signed with another key).
    case invalidSignature
    /// Past its expiry: call `POST /v1/guests` again.
    case expired

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .malformed: "credential.malformed"
        case .invalidSignature: "credential.invalid-signature"
        case .expired: "credential.expired"
        }
    }

    public var description: String {
        switch self {
        case .malformed: "The guest credential is missing or malformed."
        case .invalidSignature: "The guest credential is not valid."
        case .expired: "The guest credential has expired; obtain a new one from POST /v1/guests."
        }
    }
}
