import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

@testable import Gateway

/// An upload API over the in-memory object store and a temp-file GRDB store, with helpers.
struct UploadRoutesHarness {
    let objects = InMemoryObjectStore()
    let state: GRDBUploadStateStore
    let broadcaster = UploadStateBroadcaster()
    let signer = GuestCredentialSigner(secret: Data(repeating: 1, count: 32))
    let policy: UploadPolicy
    let options: UploadRoutes.Options

    init(
        policy: UploadPolicy = UploadPolicy(),
        options: UploadRoutes.Options = UploadRoutes.Options(eventPollInterval: .milliseconds(50))
    ) throws {
        state = try makeTemporaryStateStore()
        self.policy = policy
        self.options = options
    }

    var service: UploadService {
        UploadService(
            objects: objects, state: ObservedUploadStateStore(base: state, observers: [broadcaster]),
            policy: policy, broadcaster: broadcaster)
    }

    func app() -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        UploadRoutes.add(
            to: router, service: service, guests: GuestRegistry(store: state, signer: signer),
            options: options)
        return Application(router: router)
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }
}

extension TestResponse {
    /// The body decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try UploadRoutesHarness.decoder.decode(type, from: Data(body.readableBytesView))
    }

    /// The problem body (and a check that the content type is problem+json).
    func problem() throws -> Problem.Body? {
        guard headers[.contentType] == "application/problem+json" else { return nil }
        return try decode(Problem.Body.self)
    }

    /// The problem type's slug, or `nil` when the response is not a problem.
    var problemSlug: String? {
        guard let body = try? problem() else { return nil }
        return body.type.hasPrefix(Problem.typeBase) ? String(body.type.dropFirst(Problem.typeBase.count)) : nil
    }
}

extension TestClientProtocol {
    /// Registers a guest and returns the bearer header value.
    func guest(
        token: String = "session-token-\(UUID().uuidString)", deployment: String = "dep-1"
    ) async throws
        -> String
    {
        try await execute(
            uri: "/v1/guests", method: .post,
            body: UploadRoutesHarness.json(["sessionToken": token, "deploymentId": deployment])
        ) { response in
            let body = try response.decode(UploadAPI.GuestResponse.self)
            return "Bearer " + body.credential
        }
    }

    /// `execute` with a bearer credential.
    func call<T>(
        _ uri: String,
        _ method: HTTPRequest.Method,
        auth: String,
        body: [String: Any]? = nil,
        _ check: @escaping (TestResponse) async throws -> T
    ) async throws -> T {
        try await execute(
            uri: uri, method: method, headers: [.authorization: auth],
            body: body.map(UploadRoutesHarness.json), testCallback: check
        )
    }

    /// Asks for a ticket and returns it.
    func ticket(
        auth: String, filename: String = "invoice.pdf", size: Int64, type: String = "application/pdf"
    )
        async throws -> UploadAPI.TicketResponse
    {
        try await call(
            "/v1/uploads", .post, auth: auth,
            body: ["filename": filename, "size": size, "contentType": type]
        ) { response in
            try response.decode(UploadAPI.TicketResponse.self)
        }
    }
}
