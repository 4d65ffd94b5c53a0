import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// ``GenesysPlatform`` over HTTP: Genesys Cloud's Platform API (or the sandbox) with the gateway's
/// OAuth client credentials.
///
/// - Token: `POST {login}/oauth/token` with `grant_type=client_credentials` and the client id and
///   secret as HTTP Basic credentials, as Genesys documents for the client credentials grant. The
///   token is cached until shortly before `expires_in` runs out; concurrent callers share one
///   token request; a 401 from the API drops the token and the request is sent once more with a
///   fresh one.
/// - Conversations: `GET /api/v2/conversations/{id}`; messages:
///   `POST /api/v2/conversations/messages/{id}/communications/{communicationId}/messages`.
/// - Agents: `GET /api/v2/users/me` with the agent's own token.
///
/// Tokens, the client secret and message texts are never logged nor put in errors.
public struct GenesysPlatformClient: GenesysPlatform {
    /// Where and as whom to call.
    public let configuration: GenesysClientConfiguration
    let httpClient: HTTPClient
    let tokens: GenesysTokenCache
    let logger: Logger

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: base URLs and client credentials.
    ///   - httpClient: the HTTP client to send with (not shut down by this type).
    ///   - logger: for request failures (never tokens, secrets or message texts).
    ///   - now: the clock deciding token freshness.
    public init(
        configuration: GenesysClientConfiguration,
        httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "attache.genesys"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        let requester = GenesysTokenRequester(configuration: configuration, httpClient: httpClient, now: now)
        self.tokens = GenesysTokenCache(now: now) { () throws(GenesysPlatformError) in
            try await requester.requestToken()
        }
    }

    /// How many OAuth token requests this client has started (diagnostics and tests).
    public var tokenRequestCount: Int {
        get async { await tokens.fetchCount }
    }

    public func conversation(id: String) async throws -> GenesysConversation? {
        let path = "/api/v2/conversations/\(try Self.pathSegment(id, name: "conversation id"))"
        let response = try await sendAuthorized(.GET, path: path, body: nil)
        switch response.status {
        case 200..<300:
            do {
                let document = try JSONDecoder().decode(GenesysConversationDocument.self, from: response.body)
                return document.conversation(requestedId: id)
            } catch {
                throw GenesysPlatformError(
                    status: response.status, message: "the conversation is not the expected JSON")
            }
        case 404:
            return nil
        default:
            throw response.error(action: "reading the conversation")
        }
    }

    public func sendMessage(conversationId: String, text: String, metadata: [String: String]) async throws {
        guard let conversation = try await conversation(id: conversationId) else {
            throw GenesysPlatformError(status: 404, message: "the conversation to post into does not exist")
        }
        guard let communicationId = Self.communicationForNotices(in: conversation) else {
            throw GenesysPlatformError(
                status: nil, message: "the conversation has no message communication to post into")
        }
        let path =
            try "/api/v2/conversations/messages/\(Self.pathSegment(conversationId, name: "conversation id"))"
            + "/communications/\(Self.pathSegment(communicationId, name: "communication id"))/messages"
        let body = try JSONEncoder().encode(["textBody": Self.textBody(text, metadata: metadata)])
        let response = try await sendAuthorized(.POST, path: path, body: body)
        guard (200..<300).contains(response.status) else {
            throw response.error(action: "sending the message")
        }
    }

    public func userId(forUserToken token: String) async throws -> String? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        let response = try await send(.GET, path: "/api/v2/users/me", bearer: token, body: nil)
        switch response.status {
        case 200..<300:
            do {
                return try JSONDecoder().decode(GenesysUserDocument.self, from: response.body).id
            } catch {
                throw GenesysPlatformError(status: response.status, message: "users/me is not the expected JSON")
            }
        case 401:
            return nil
        default:
            throw response.error(action: "reading users/me")
        }
    }

    /// The communication a system notice goes on: the connected agent's message communication (so
    /// the notice lands in the transcript the agent is looking at), else the customer's (which
    /// the sandbox treats as a system message, named after no agent).
    static func communicationForNotices(in conversation: GenesysConversation) -> String? {
        func connected(_ participant: GenesysParticipant) -> String? {
            zip(participant.communicationIds, participant.communicationStates)
                .filter { !$0.0.isEmpty && $0.1 == "connected" }.last?.0
        }
        for participant in conversation.participants.reversed() where participant.purpose == "agent" {
            if let id = connected(participant) { return id }
        }
        for participant in conversation.participants where participant.purpose == "customer" {
            if let id = connected(participant) ?? participant.communicationIds.last(where: { !$0.isEmpty }) {
                return id
            }
        }
        return nil
    }

    /// The message text with the metadata appended as `key: value` lines: Genesys's
    /// `AdditionalMessage` has only `textBody`, `mediaIds` and `messagingTemplate` and no metadata
    /// field (platform-client-sdk `AdditionalMessage`), so the gateway sends only `textBody`.
    static func textBody(_ text: String, metadata: [String: String]) -> String {
        guard !metadata.isEmpty else { return text }
        let lines = metadata.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        return ([text] + lines).joined(separator: "\n")
    }

    /// Percent-encodes one path segment; only unreserved characters stay as they are.
    static func pathSegment(_ value: String, name: String) throws(GenesysPlatformError) -> String {
        guard !value.isEmpty, value.utf8.count <= 256 else {
            throw GenesysPlatformError(status: nil, message: "the \(name) is empty or longer than 256 bytes")
        }
        let unreserved = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// Sends with the cached client token; on 401, once more with a fresh token.
    func sendAuthorized(
        _ method: HTTPMethod, path: String, body: Data?
    ) async throws(GenesysPlatformError)
        -> GenesysHTTPResponse
    {
        let token = try await tokens.token()
        let first = try await send(method, path: path, bearer: token, body: body)
        guard first.status == 401 else { return first }
        logger.debug("Genesys answered 401 to the cached token; fetching a new one", metadata: ["path": "\(path)"])
        let fresh = try await tokens.token(replacing: token)
        return try await send(method, path: path, bearer: fresh, body: body)
    }

    func send(
        _ method: HTTPMethod, path: String, bearer: String, body: Data?
    ) async throws(GenesysPlatformError)
        -> GenesysHTTPResponse
    {
        var request = HTTPClientRequest(url: configuration.apiBaseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return try await GenesysHTTPResponse.execute(
            request, on: httpClient, timeout: configuration.requestTimeout,
            maxBytes: configuration.maxResponseBytes, action: "\(method.rawValue) \(path)")
    }
}

extension GenesysPlatformClient {
    /// The client the gateway configuration asks for: `nil` unless `ATTACHE_GENESYS_URL`,
    /// `ATTACHE_GENESYS_CLIENT_ID` and `ATTACHE_GENESYS_CLIENT_SECRET` are all set.
    /// - Parameters:
    ///   - configuration: the resolved gateway configuration.
    ///   - httpClient: the runtime's shared HTTP client, if it has one; else AsyncHTTPClient's
    ///     process-wide shared client.
    public static func fromConfiguration(
        _ configuration: GatewayConfiguration,
        httpClient: HTTPClient? = nil
    ) -> GenesysPlatformClient? {
        guard let url = configuration.genesysURL, let id = configuration.genesysClientID,
            let secret = configuration.genesysClientSecret, !id.isEmpty, !secret.isEmpty
        else { return nil }
        return GenesysPlatformClient(
            configuration: GenesysClientConfiguration(apiBaseURL: url, clientID: id, clientSecret: secret),
            httpClient: httpClient ?? .shared
        )
    }
}
