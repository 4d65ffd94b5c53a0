import Foundation

@testable import Gateway

/// The gateway's OpenAPI document as JSON objects, with the few lookups the tests need.
struct OpenAPIDocument {
    /// The whole document.
    let root: [String: Any]

    /// The HTTP methods an OpenAPI path item can hold.
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The document the gateway serves (from its bundle), converted by Python.
    static func served(validate: Bool = false) throws -> (document: OpenAPIDocument, problems: [String]?) {
        guard let yaml = OpenAPIRoute.document else {
            throw OpenAPIPython.Unavailable(description: "Resources/openapi.yaml is missing from the Gateway bundle")
        }
        let output = try OpenAPIPython.load(yaml, validate: validate)
        return (OpenAPIDocument(root: output.document), output.problems)
    }

    /// Every documented operation, as `METHOD /path/{param}`.
    var operations: [RouteKey] {
        let paths = root["paths"] as? [String: Any] ?? [:]
        return paths.flatMap { path, item in
            let item = item as? [String: Any] ?? [:]
            return Self.methods.filter { item[$0] != nil }.map { RouteKey(method: $0.uppercased(), path: path) }
        }
        .sorted { $0.description < $1.description }
    }

    /// The component schema named `name`.
    func schema(_ name: String) -> [String: Any]? {
        ((root["components"] as? [String: Any])?["schemas"] as? [String: Any])?[name] as? [String: Any]
    }

    /// The schema name of a `#/components/schemas/<name>` reference.
    static func schemaName(_ node: Any) -> String? {
        guard let ref = (node as? [String: Any])?["$ref"] as? String else { return nil }
        let prefix = "#/components/schemas/"
        return ref.hasPrefix(prefix) ? String(ref.dropFirst(prefix.count)) : nil
    }

    /// Follows `$ref`s inside the document.
    func resolve(_ node: Any) -> Any {
        var node = node
        for _ in 0..<32 {
            guard let ref = (node as? [String: Any])?["$ref"] as? String, ref.hasPrefix("#/") else { return node }
            var target: Any = root
            for part in ref.dropFirst(2).split(separator: "/") {
                let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                guard let next = (target as? [String: Any])?[key] else { return node }
                target = next
            }
            node = target
        }
        return node
    }

    /// The stable problem type URIs (`ProblemType`'s `oneOf` constants).
    var problemTypes: [String] {
        let alternatives = schema("ProblemType")?["oneOf"] as? [Any] ?? []
        return alternatives.compactMap { ($0 as? [String: Any])?["const"] as? String }
    }

    /// One example of a request or response body.
    struct Example {
        /// Where it is, for failure messages: `POST /v1/uploads 201 application/json 'singlePut'`.
        var place: String
        /// The response status (`"201"`), or `"request"`.
        var status: String
        /// The media type.
        var mediaType: String
        /// The body's schema.
        var schema: Any?
        /// The example's value.
        var value: Any
    }

    /// Every example of every request and response body.
    var examples: [Example] {
        var found: [Example] = []
        for operation in operations {
            let item = ((root["paths"] as? [String: Any])?[operation.path] as? [String: Any]) ?? [:]
            let body = item[operation.method.lowercased()] as? [String: Any] ?? [:]
            var bodies: [(String, Any)] = body["requestBody"].map { [("request", $0)] } ?? []
            bodies += (body["responses"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            for (status, node) in bodies {
                let content = (resolve(node) as? [String: Any])?["content"] as? [String: Any] ?? [:]
                for (mediaType, media) in content {
                    let media = media as? [String: Any] ?? [:]
                    var named = (media["examples"] as? [String: Any] ?? [:]).compactMapValues {
                        (resolve($0) as? [String: Any])?["value"]
                    }
                    named["example"] = media["example"]
                    for (name, value) in named {
                        found.append(
                            Example(
                                place: "\(operation) \(status) \(mediaType) '\(name)'", status: status,
                                mediaType: mediaType, schema: media["schema"], value: value))
                    }
                }
            }
        }
        return found
    }
}
