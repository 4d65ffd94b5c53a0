import Hummingbird

/// The Genesys Data Action endpoints (all `POST`, JSON in and out):
///
/// - `/v1/data-actions/register-conversation` `{"conversationId","guestId"}`: binds the guest to
///   the conversation;
/// - `/v1/data-actions/file-link` `{"conversationId","userId","fileId"}`: a just-in-time link,
///   or why not (``FileLinkDecision``);
/// - `/v1/data-actions/list-files` `{"conversationId"}`: the conversation's clean files.
///
/// Each call must carry `X-Attache-Data-Action-Secret` (``DataActionAuthenticator``); otherwise,
/// and for malformed input (ids that are not UUIDs, file ids the gateway never makes), the answer
/// is `application/problem+json` and the refusal is audited (`data-action.refused`,
/// `data-action.invalid`). Refused calls are rate limited per client address.
public enum DataActionRoutes {
    /// Limits and body size.
    public struct Options: Sendable {
        /// Per-client-address limit on refused calls (bad secret or input): bounds guessing and
        /// audit-log growth without ever slowing an authenticated Genesys caller (default burst
        /// 30, 1/s).
        public var refusedLimiter: RateLimiter
        /// The client's address for rate limiting.
        public var clientAddress: @Sendable (Request) -> String
        /// Largest JSON body accepted.
        public var maxBodyBytes: Int

        /// Creates options with safe defaults.
        public init(
            refusedLimiter: RateLimiter = RateLimiter(capacity: 30, refillPerSecond: 1),
            clientAddress: @escaping @Sendable (Request) -> String = UploadRoutes.clientAddress,
            maxBodyBytes: Int = 16 * 1024
        ) {
            self.refusedLimiter = refusedLimiter
            self.clientAddress = clientAddress
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// The paths, for documentation checks.
    public static let paths = [
        "/v1/data-actions/register-conversation", "/v1/data-actions/file-link", "/v1/data-actions/list-files",
    ]

    /// Adds the routes to `router`.
    /// - Parameters:
    ///   - router: the gateway's router.
    ///   - access: the access service.
    ///   - authenticator: checks the shared secret.
    ///   - options: limits.
    public static func add(
        to router: Router<BasicRequestContext>,
        access: FileAccessService,
        authenticator: DataActionAuthenticator,
        options: Options = Options()
    ) {
        let handler = DataActionHandlers(access: access, authenticator: authenticator, options: options)
        let group = router.group("v1/data-actions")
        group.post("register-conversation") { request, _ in
            await handler.run(.registerConversation, request) { try await handler.register($0) }
        }
        group.post("file-link") { request, _ in
            await handler.run(.fileLink, request) { try await handler.fileLink($0) }
        }
        group.post("list-files") { request, _ in
            await handler.run(.listFiles, request) { try await handler.listFiles($0) }
        }
    }
}
