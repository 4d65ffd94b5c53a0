import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// One hostile request and the only answer that is acceptable: its status, its problem type
/// (`nil` when the answer is not `application/problem+json`), the audit actions it may add
/// (refusals that are audited by design), and nothing else changed.
struct HostileRequest: Sendable, CustomStringConvertible {
    var name: String
    var method: HTTPRequest.Method
    var uri: String
    var headers: HTTPFields = [:]
    var body: ByteBuffer? = nil
    var status: HTTPResponse.Status
    /// Acceptable problem slugs; empty when the answer is not a problem.
    var slugs: Set<String>
    /// Audit actions this request must add, in order.
    var audit: [String] = []
    /// Extra checks on a non-problem answer (e.g. a Data Action denial's decision and reason).
    var check: (@Sendable (TestResponse) throws -> Void)? = nil

    var description: String { "\(name) (\(method) \(uri.prefix(80)))" }

    init(
        _ name: String, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        status: HTTPResponse.Status, slug: String?, also: Set<String> = [], audit: [String] = [],
        check: (@Sendable (TestResponse) throws -> Void)? = nil
    ) {
        self.name = name
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.status = status
        self.slugs = slug.map { Set([$0]).union(also) } ?? []
        self.audit = audit
        self.check = check
    }

    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])) ?? Data())
    }

    /// A JSON body over `limit`: an object whose one string field is `bytes` long.
    static func oversized(_ bytes: Int = 2 << 20) -> ByteBuffer {
        ByteBuffer(string: #"{"filename":""# + String(repeating: "a", count: bytes) + #""}"#)
    }

    /// `depth` nested arrays, and `depth` nested objects.
    static func deepArrays(_ depth: Int = 10_000) -> ByteBuffer {
        ByteBuffer(string: String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
    }

    static func deepObjects(_ depth: Int = 10_000) -> ByteBuffer {
        ByteBuffer(string: String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth))
    }
}

extension HostileGateway {
    /// Sends each request (from a fresh client address, so refusals do not rate-limit each
    /// other) and checks its answer, that no CORS grant leaks, and that nothing changed but the
    /// expected audit entries.
    func expect(_ requests: [HostileRequest], client: any TestClientProtocol) async throws {
        for (index, hostile) in requests.enumerated() {
            let before = try await snapshot()
            var headers = hostile.headers
            headers[ClientAddressHandler.header] = "198.51.100.\(index % 250)-\(UUID().uuidString.prefix(8))"
            try await client.execute(uri: hostile.uri, method: hostile.method, headers: headers, body: hostile.body) {
                response in
                #expect(response.status == hostile.status, "\(hostile)")
                if hostile.slugs.isEmpty {
                    #expect(response.headers[.contentType] != "application/problem+json", "\(hostile)")
                } else {
                    let slug = response.problemSlug
                    #expect(slug.map(hostile.slugs.contains) == true, "\(hostile): \(slug ?? "not a problem")")
                }
                #expect(response.headers[.accessControlAllowOrigin] == nil, "\(hostile)")
                #expect(response.headers[.accessControlAllowCredentials] == nil, "\(hostile)")
                try hostile.check?(response)
            }
            let after = try await snapshot()
            #expect(after.rows == before.rows, "\(hostile): state rows changed")
            #expect(after.files == before.files, "\(hostile): objects changed")
            #expect(
                Array(after.audit.dropFirst(before.audit.count)) == hostile.audit
                    && after.audit.starts(with: before.audit),
                "\(hostile): audit \(after.audit.dropFirst(before.audit.count))")
        }
    }
}
