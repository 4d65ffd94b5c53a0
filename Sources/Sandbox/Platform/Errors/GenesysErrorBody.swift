/// The error body every Genesys Cloud Platform API answers with (the SDKs' `ErrorBody`).
///
/// `{"message": "…", "code": "bad.credentials", "status": 401, "contextId": "…",
/// "details": [], "errors": []}`.
public struct GenesysErrorBody: Sendable, Equatable, Codable {
    /// A human explanation.
    public var message: String
    /// A stable, dotted machine code, e.g. `bad.credentials` or `not.found`.
    public var code: String
    /// The HTTP status, repeated in the body.
    public var status: Int
    /// A correlation id for the failed request.
    public var contextId: String
    /// Extra detail objects (always empty in the sandbox).
    public var details: [String]
    /// Nested errors (always empty in the sandbox).
    public var errors: [String]

    /// Creates an error body.
    public init(message: String, code: String, status: Int, contextId: String) {
        self.message = message
        self.code = code
        self.status = status
        self.contextId = contextId
        self.details = []
        self.errors = []
    }
}
