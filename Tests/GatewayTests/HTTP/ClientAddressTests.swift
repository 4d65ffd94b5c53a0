import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// The client address rate limits use: the peer address unless the peer is a configured
/// trusted proxy (`ATTACHE_TRUSTED_PROXIES`); `X-Forwarded-For` is ignored by default, and a
/// client cannot set the internal header itself.
@Suite("Client address and trusted proxies")
struct ClientAddressTests {
    @Test("Parsing addresses and CIDR blocks; membership")
    func parsing() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 192.0.2.7 fd00::/8")
        #expect(proxies.contains("10.200.3.4"))
        #expect(proxies.contains("192.0.2.7"))
        #expect(!proxies.contains("192.0.2.8"))
        #expect(proxies.contains("fd12::1"))
        #expect(proxies.contains("::ffff:10.1.2.3"))
        #expect(!proxies.contains("11.0.0.1"))
        #expect(!proxies.contains("not-an-ip"))
        #expect(!TrustedProxies.none.contains("127.0.0.1"))
        for bad in ["10.0.0.0/33", "example.com", "10.0.0.1/x", "::1/129"] {
            #expect(throws: TrustedProxiesError.self, "\(bad)") { try TrustedProxies(parsing: bad) }
        }
    }

    @Test("The client is the peer unless the peer is trusted; then the right-most untrusted hop")
    func resolution() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8")
        #expect(TrustedProxies.none.clientAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.9"]) == "10.0.0.5")
        #expect(proxies.clientAddress(peer: "198.51.100.4", forwardedFor: ["203.0.113.9"]) == "198.51.100.4")
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.9"]) == "203.0.113.9")
        // A client-written first hop does not win over the hop the trusted proxy appended.
        #expect(
            proxies.clientAddress(peer: "10.0.0.5", forwardedFor: ["1.2.3.4, 203.0.113.9", "10.0.0.9"])
                == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: []) == "10.0.0.5")
        #expect(proxies.clientAddress(peer: nil, forwardedFor: ["203.0.113.9"]) == "unknown")
    }

    @Test("ATTACHE_TRUSTED_PROXIES is read, and a bad entry is a configuration error")
    func configuration() throws {
        func configuration(_ value: String?) throws(ConfigurationError) -> GatewayConfiguration {
            var values: [String: String] = [:]
            values["ATTACHE_TRUSTED_PROXIES"] = value
            return try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: "test", values: values)]))
        }
        #expect(try configuration(nil).trustedProxies == .none)
        #expect(try configuration("127.0.0.1, 10.0.0.0/8").trustedProxies.contains("10.1.1.1"))
        #expect(throws: ConfigurationError.self) { try configuration("10.0.0.0/99") }
    }

    /// A live server with the handler, answering the address the upload routes would use.
    static func app(_ proxies: TrustedProxies) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.get("address") { request, _ in UploadRoutes.clientAddress(request) }
        return Application(
            router: router,
            server: .http1(
                configuration: .init(additionalChannelHandlers: [ClientAddressHandler(trustedProxies: proxies)])),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }

    static let spoofed: HTTPFields = [
        HTTPField.Name("X-Forwarded-For")!: "203.0.113.9",
        ClientAddressHandler.header: "198.51.100.1",
    ]

    @Test("Over a real connection: the peer address by default, whatever the client claims")
    func liveDefault() async throws {
        try await Self.app(.none).test(.live) { client in
            try await client.execute(uri: "/address", method: .get, headers: Self.spoofed) { response in
                #expect(String(buffer: response.body) == "127.0.0.1")
            }
        }
    }

    @Test("Over a real connection behind a trusted proxy: the forwarded client address")
    func liveTrusted() async throws {
        try await Self.app(try TrustedProxies(parsing: "127.0.0.1")).test(.live) { client in
            try await client.execute(uri: "/address", method: .get, headers: Self.spoofed) { response in
                #expect(String(buffer: response.body) == "203.0.113.9")
            }
        }
    }
}
