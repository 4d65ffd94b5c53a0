import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reverse proxies and load balancers whose `X-Forwarded-For` the gateway believes
/// (`ATTACHE_TRUSTED_PROXIES`: IP addresses and CIDR blocks, IPv4 or IPv6).
///
/// With none configured (the default) the client's address is the connection's peer address and
/// `X-Forwarded-For` is ignored: any client can write that header, so trusting it by default
/// would let a client pick a fresh rate-limit bucket per request. When the peer is a trusted
/// proxy, the client is the right-most `X-Forwarded-For` hop that is not itself a trusted proxy.
public struct TrustedProxies: Sendable, Equatable, CustomStringConvertible {
    struct Block: Sendable, Equatable {
        let bytes: [UInt8]
        let prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for (own, other) in zip(bytes, address) where remaining > 0 {
                let bits = min(remaining, 8)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if own & mask != other & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let blocks: [Block]
    /// The list as configured.
    public let description: String

    /// Trust nobody: always the peer address (the default).
    public static let none = TrustedProxies(blocks: [], description: "")

    private init(blocks: [Block], description: String) {
        self.blocks = blocks
        self.description = description
    }

    /// Parses a list of addresses and CIDR blocks separated by commas or spaces
    /// (`10.0.0.0/8, 192.0.2.7, fd00::/8`).
    /// - Throws: ``TrustedProxiesError`` naming the first entry that is not an address or block.
    public init(parsing text: String) throws(TrustedProxiesError) {
        var blocks: [Block] = []
        for entry in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            let pieces = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let bytes = Self.addressBytes(String(pieces[0])) else {
                throw TrustedProxiesError(entry: String(entry))
            }
            var prefix = bytes.count * 8
            if pieces.count == 2 {
                guard let length = Int(pieces[1]), (0...bytes.count * 8).contains(length) else {
                    throw TrustedProxiesError(entry: String(entry))
                }
                prefix = length
            }
            blocks.append(Block(bytes: bytes, prefixLength: prefix))
        }
        self.init(blocks: blocks, description: text)
    }

    /// Whether `address` (textual IPv4 or IPv6) belongs to a trusted proxy.
    public func contains(_ address: String) -> Bool {
        guard !blocks.isEmpty, let bytes = Self.addressBytes(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client's address: `peer` unless it is a trusted proxy; then the right-most hop of
    /// `forwardedFor` (every `X-Forwarded-For` value, in order) that is not a trusted proxy.
    /// - Parameters:
    ///   - peer: The connection's peer address, if known.
    ///   - forwardedFor: The `X-Forwarded-For` header values.
    public func clientAddress(peer: String?, forwardedFor: [String]) -> String {
        guard let peer else { return "unknown" }
        guard contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return hops.last { !contains($0) } ?? hops.first ?? peer
    }

    /// The address's bytes (4 for IPv4, 16 for IPv6; IPv4-mapped IPv6 becomes IPv4), or `nil`.
    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] { return Array(bytes.suffix(4)) }
        return bytes
    }
}

/// An `ATTACHE_TRUSTED_PROXIES` entry that is neither an IP address nor a CIDR block.
public struct TrustedProxiesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The entry.
    public let entry: String

    /// What is wrong.
    public var description: String { "'\(entry)' is not an IP address or CIDR block" }
}
