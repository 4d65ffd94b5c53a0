import Hummingbird

/// A method and a path pattern: a route the router registers (`/v1/uploads/{fileId}`,
/// `/v1/objects/**`) or an operation the OpenAPI document describes (`/v1/uploads/{fileId}`).
///
/// Hummingbird writes a capture `:fileId` as `{fileId}`, OpenAPI's own spelling, so a capture
/// matches a documented parameter of the same name; `*` matches one segment and a trailing `**`
/// one or more (the embedded store's `/v1/objects/**` serves `/v1/objects/clean/uploads/{fileId}`).
struct RouteKey: Hashable, Sendable, CustomStringConvertible {
    /// `GET`, `POST`, …
    var method: String
    /// The path pattern, starting with `/`.
    var path: String

    var description: String { "\(method) \(path)" }

    /// A route the router registers.
    init(_ route: Router<BasicRequestContext>.RouteDescription) {
        self.init(method: route.method.rawValue, path: route.path.description)
    }

    init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// Whether this route (a router pattern) serves the documented operation `documented`.
    func serves(_ documented: RouteKey) -> Bool {
        guard method == documented.method else { return false }
        let pattern = path.split(separator: "/")
        let target = documented.path.split(separator: "/")
        for (index, segment) in pattern.enumerated() {
            if segment == "**" { return index == pattern.count - 1 && target.count > index }
            guard index < target.count, segment == "*" || segment == target[index] else { return false }
        }
        return pattern.count == target.count
    }
}
