import Foundation

/// A failure of a sandbox Platform API call, rendered as Genesys's ``GenesysErrorBody``.
///
/// The codes are Genesys's own dotted codes, so a client written against the real API handles
/// the sandbox's refusals the same way.
public struct PlatformAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// The stable dotted code, e.g. `bad.credentials`.
    public var code: String
    /// A human explanation (never contains tokens or message text).
    public var message: String

    /// Creates an error.
    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// `status code: message`.
    public var description: String { "\(status) \(code): \(message)" }

    /// The JSON body for this error, with a fresh context id.
    public func body(contextId: String = UUID().uuidString.lowercased()) -> GenesysErrorBody {
        GenesysErrorBody(message: message, code: code, status: status, contextId: contextId)
    }

    /// No bearer token, an unknown one, or an expired one (HTTP 401).
    public static let badCredentials = PlatformAPIError(
        status: 401,
        code: "bad.credentials",
        message: "Invalid login credentials."
    )

    /// The named resource does not exist (HTTP 404).
    public static func notFound(_ what: String) -> PlatformAPIError {
        PlatformAPIError(status: 404, code: "not.found", message: "\(what) not found")
    }

    /// The request body or a parameter is invalid (HTTP 400).
    public static func badRequest(_ message: String) -> PlatformAPIError {
        PlatformAPIError(status: 400, code: "bad.request", message: message)
    }

    /// The operation does not fit the resource's current state (HTTP 409).
    public static func conflict(_ message: String) -> PlatformAPIError {
        PlatformAPIError(status: 409, code: "conflict", message: message)
    }
}
