import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The guest-facing API: `POST /v1/guests`, the `/v1/uploads` routes and the erasure route
/// `DELETE /v1/files/{fileId}` (``FileErasureRoutes``).
///
/// Every error is `application/problem+json` (``Problem``). Upload routes need
/// `Authorization: Bearer <credential>`; another guest's file id is a 404 like an unknown one.
public enum UploadRoutes {
    /// Rate limits and streaming options.
    public struct Options: Sendable {
        /// Per-guest limit on upload routes (default burst 60, 5/s).
        public var guestLimiter: RateLimiter
        /// Per-client-address limit on every route here (default burst 120, 10/s).
        public var addressLimiter: RateLimiter
        /// The client's address for rate limiting; by default what ``ClientAddressHandler`` wrote
        /// (the peer address, or the forwarded one behind a trusted proxy), else `"unknown"`.
        public var clientAddress: @Sendable (Request) -> String
        /// How often an SSE stream re-reads the state when no signal arrived (other replicas).
        public var eventPollInterval: Duration
        /// How long one SSE response lasts before the client reconnects.
        public var eventStreamLifetime: Duration
        /// Largest JSON body accepted.
        public var maxBodyBytes: Int

        /// Creates options with safe defaults.
        public init(
            guestLimiter: RateLimiter = RateLimiter(capacity: 60, refillPerSecond: 5),
            addressLimiter: RateLimiter = RateLimiter(capacity: 120, refillPerSecond: 10),
            clientAddress: @escaping @Sendable (Request) -> String = UploadRoutes.clientAddress,
            eventPollInterval: Duration = .seconds(2),
            eventStreamLifetime: Duration = .seconds(300),
            maxBodyBytes: Int = 64 * 1024
        ) {
            self.guestLimiter = guestLimiter
            self.addressLimiter = addressLimiter
            self.clientAddress = clientAddress
            self.eventPollInterval = eventPollInterval
            self.eventStreamLifetime = eventStreamLifetime
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// Adds the routes to `router`.
    /// - Parameters:
    ///   - router: the gateway's router.
    ///   - service: the upload logic (object store, state store, policy, broadcaster).
    ///   - guests: guest registration and credentials.
    ///   - options: rate limits and streaming options.
    public static func add(
        to router: Router<BasicRequestContext>,
        service: UploadService,
        guests: GuestRegistry,
        options: Options = Options()
    ) {
        let handler = UploadHandlers(service: service, guests: guests, options: options)
        router.post("v1/guests") { request, _ in await handler.run { try await handler.registerGuest(request) } }
        let uploads = router.group("v1/uploads")
        uploads.post { request, _ in await handler.run { try await handler.createTicket(request) } }
        uploads.get(":fileId") { request, context in
            await handler.run { try await handler.status(request, context.parameters.require("fileId")) }
        }
        uploads.delete(":fileId") { request, context in
            await handler.run { try await handler.abort(request, context.parameters.require("fileId")) }
        }
        uploads.post(":fileId/parts") { request, context in
            await handler.run { try await handler.freshParts(request, context.parameters.require("fileId")) }
        }
        uploads.get(":fileId/parts") { request, context in
            await handler.run { try await handler.listParts(request, context.parameters.require("fileId")) }
        }
        uploads.post(":fileId/complete") { request, context in
            await handler.run { try await handler.complete(request, context.parameters.require("fileId")) }
        }
        uploads.get(":fileId/events") { request, context in
            await handler.run { try await handler.events(request, context.parameters.require("fileId")) }
        }
        FileErasureRoutes.add(to: router, handler: handler)
    }

    /// The client's address as ``ClientAddressHandler`` wrote it into the request, else `"unknown"`.
    ///
    /// `X-Forwarded-For` is never read here: the handler decides whether to believe it
    /// (`ATTACHE_TRUSTED_PROXIES`).
    @Sendable public static func clientAddress(_ request: Request) -> String {
        request.headers[ClientAddressHandler.header] ?? "unknown"
    }
}
