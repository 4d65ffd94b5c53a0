import Foundation
import HTTPTypes
import NIOCore

@testable import Gateway

/// Malformed JSON bodies for every JSON route: oversized, deeply nested, duplicate keys, not an
/// object, every field with every wrong type, every required field missing.
enum HostileBodies {
    /// A JSON route: where it is, who may call it, a valid body, and how a refusal looks.
    struct Route {
        var name: String
        var uri: String
        var headers: HTTPFields
        var valid: [String: Any]
        /// Fields a body may leave out or set to null.
        var optional: Set<String> = []
        /// Audit actions a refused body adds (Data Actions audit their refusals).
        var audit: [String] = []
        /// Extra acceptable slugs for a wrong-typed field.
        var fieldSlugs: [String: Set<String>] = [:]
    }

    /// Values of every JSON type but the field's own.
    static func wrongValues(for value: Any) -> [Any] {
        let all: [Any] = [
            "text", 123, -1.5, true, NSNull(), [Any](), ["x"], [String: Any](), ["k": "v"],
        ]
        return all.filter { candidate in
            switch (value, candidate) {
            case (is String, is String), (is NSNull, is NSNull): false
            case (is Int, is Int), (is Int, is Double): false
            case (is [Any], is [Any]), (is [String: Any], is [String: Any]): false
            default: true
            }
        }
    }

    static func requests(for route: Route) -> [HostileRequest] {
        func refused(_ name: String, _ body: ByteBuffer, also: Set<String> = []) -> HostileRequest {
            HostileRequest(
                "\(route.name): \(name)", .post, route.uri, headers: route.headers, body: body,
                status: .badRequest, slug: "invalid-request", also: also, audit: route.audit)
        }
        var requests = [
            refused("2 MiB body", HostileRequest.oversized()),
            refused("10,000 nested arrays", HostileRequest.deepArrays()),
            refused("10,000 nested objects", HostileRequest.deepObjects()),
            refused("not JSON", ByteBuffer(string: "filename=a.pdf&size=1")),
            refused("truncated", ByteBuffer(string: #"{"a":"#)),
            refused("an array", HostileRequest.json([route.valid])),
            refused("a string", ByteBuffer(string: #""x""#)),
            refused("null", ByteBuffer(string: "null")),
            refused("invalid UTF-8", ByteBuffer(bytes: Array("{\"x\":\"".utf8) + [0xFF, 0xFE] + Array("\"}".utf8))),
            refused("unpaired surrogate", ByteBuffer(string: #"{"x":"\uD800"}"#)),
        ]
        for (field, value) in route.valid.sorted(by: { $0.key < $1.key }) {
            for wrong in wrongValues(for: value) where !(wrong is NSNull && route.optional.contains(field)) {
                var body = route.valid
                body[field] = wrong
                refused("\(field) = \(wrong)", HostileRequest.json(body), also: route.fieldSlugs[field] ?? [])
                    .appended(to: &requests)
            }
            if !route.optional.contains(field) {
                var body = route.valid
                body[field] = nil
                refused("\(field) missing", HostileRequest.json(body)).appended(to: &requests)
            }
            // The same key twice, the second value valid-looking too: refuse rather than pick one.
            if let text = value as? String, let data = try? JSONSerialization.data(withJSONObject: route.valid),
                var json = String(data: data, encoding: .utf8), json.hasSuffix("}")
            {
                json.removeLast()
                json += #","\#(field)":"\#(text)x"}"#
                refused("\(field) twice", ByteBuffer(string: json)).appended(to: &requests)
            }
        }
        return requests
    }

    /// Every JSON route of the gateway, with callers that get past authentication.
    static func routes(_ world: HostileWorld, caller: String) -> [Route] {
        let dataAction = HostileGateway.dataActionHeaders()
        let invalid = ["data-action.invalid"]
        var callerHeaders: HTTPFields = [.authorization: caller, .contentType: "application/json"]
        callerHeaders[.contentType] = "application/json"
        return [
            Route(
                name: "POST /v1/guests", uri: "/v1/guests", headers: [.contentType: "application/json"],
                valid: ["sessionToken": "hostile-session-token", "deploymentId": "dep-1"]),
            Route(
                name: "POST /v1/uploads", uri: "/v1/uploads", headers: callerHeaders,
                valid: [
                    "filename": "a.pdf", "size": 10, "contentType": "application/pdf",
                    "sha256": String(repeating: "ab", count: 32),
                ],
                optional: ["sha256"], fieldSlugs: ["size": ["invalid-size"]]),
            Route(
                name: "POST parts", uri: "/v1/uploads/\(world.ownerFile)/parts", headers: world.ownerHeaders,
                valid: ["partNumbers": [1]]),
            Route(
                name: "POST complete", uri: "/v1/uploads/\(world.ownerFile)/complete", headers: world.ownerHeaders,
                valid: ["parts": [["partNumber": 1, "etag": "\"e\""]]], optional: ["parts"]),
            Route(
                name: "register-conversation", uri: "/v1/data-actions/register-conversation", headers: dataAction,
                valid: ["conversationId": world.ownerConversation, "guestId": world.ownerId], audit: invalid),
            Route(
                name: "file-link", uri: "/v1/data-actions/file-link", headers: dataAction,
                valid: [
                    "conversationId": world.ownerConversation, "userId": world.ownerAgent, "fileId": world.ownerFile,
                ],
                audit: invalid),
            Route(
                name: "list-files", uri: "/v1/data-actions/list-files", headers: dataAction,
                valid: ["conversationId": world.ownerConversation], audit: invalid),
        ]
    }

    /// Wrong types inside nested values: part numbers and completed parts.
    static func nested(_ world: HostileWorld) -> [HostileRequest] {
        var requests: [HostileRequest] = []
        for wrong in ["1", 1.5, true, NSNull(), [1], ["n": 1]] as [Any] {
            requests.append(
                HostileRequest(
                    "partNumbers[0] = \(wrong)", .post, "/v1/uploads/\(world.ownerFile)/parts",
                    headers: world.ownerHeaders, body: HostileRequest.json(["partNumbers": [wrong]]),
                    status: .badRequest, slug: "invalid-request"))
            for field in ["partNumber", "etag"] {
                var part: [String: Any] = ["partNumber": 1, "etag": "\"e\""]
                if field == "etag", wrong is String { continue }
                part[field] = wrong
                requests.append(
                    HostileRequest(
                        "parts[0].\(field) = \(wrong)", .post, "/v1/uploads/\(world.ownerFile)/complete",
                        headers: world.ownerHeaders, body: HostileRequest.json(["parts": [part]]),
                        status: .badRequest, slug: "invalid-request"))
            }
        }
        return requests
    }
}

extension HostileRequest {
    fileprivate func appended(to list: inout [HostileRequest]) { list.append(self) }
}
