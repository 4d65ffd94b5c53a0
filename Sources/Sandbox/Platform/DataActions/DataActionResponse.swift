import Foundation

/// A Data Action endpoint's successful (2xx) answer.
public struct DataActionResponse: Sendable, Equatable {
    /// The HTTP status.
    public var status: Int
    /// The body (capped; see ``DataActionCaller``); not logged, it may hold links or personal data.
    public var body: Data
    /// How long the call took.
    public var duration: Duration

    /// Creates a response.
    public init(status: Int, body: Data, duration: Duration) {
        self.status = status
        self.body = body
        self.duration = duration
    }

    /// The names of the body's top-level members when it is a JSON object (safe to show: names,
    /// not values), sorted; empty otherwise.
    public var topLevelKeys: [String] {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return [] }
        return object.keys.sorted()
    }
}
