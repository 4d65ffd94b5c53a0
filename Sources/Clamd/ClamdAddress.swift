/// Where clamd listens: a TCP host and port, or a Unix domain socket.
///
/// The textual forms are the ones `ATTACHE_CLAMD` / `--clamd` accept: `tcp://HOST:PORT`
/// (an IPv6 host in brackets: `tcp://[::1]:3310`) and `unix:PATH` (`unix:///run/clamd.ctl` also works).
public enum ClamdAddress: Sendable, Hashable, CustomStringConvertible {
    /// A TCP endpoint; `host` is a name or an IP address (IPv6 without brackets).
    case tcp(host: String, port: Int)
    /// A Unix domain socket at `path`.
    case unix(path: String)

    /// The longest Unix socket path the platforms we run on accept (`sun_path` minus its NUL).
    static let maximumUnixPathLength = 103

    /// Parses `tcp://HOST:PORT` or `unix:PATH`.
    ///
    /// - Parameter text: the address as written in configuration.
    /// - Throws: ``ClamdError/invalidAddress(_:reason:)`` naming what is wrong with `text`.
    public init(parsing text: String) throws(ClamdError) {
        if text.hasPrefix("tcp://") {
            self = try Self.parseTCP(text, rest: text.dropFirst("tcp://".count))
        } else if text.hasPrefix("unix:") {
            self = try Self.parseUnix(text, rest: text.dropFirst("unix:".count))
        } else {
            throw .invalidAddress(text, reason: "expected tcp://HOST:PORT or unix:PATH")
        }
    }

    /// The address in the form ``init(parsing:)`` reads.
    public var description: String {
        switch self {
        case .tcp(let host, let port):
            host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        case .unix(let path):
            "unix:\(path)"
        }
    }

    private static func parseTCP(_ text: String, rest: Substring) throws(ClamdError) -> ClamdAddress {
        var rest = rest
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        let host: Substring
        let portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw .invalidAddress(text, reason: "an IPv6 host needs a closing ]")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let afterHost = rest[rest.index(after: close)...]
            guard afterHost.hasPrefix(":") else {
                throw .invalidAddress(text, reason: "a port is required after the host")
            }
            portText = afterHost.dropFirst()
        } else {
            guard let colon = rest.lastIndex(of: ":") else {
                throw .invalidAddress(text, reason: "a port is required: tcp://HOST:PORT")
            }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty else { throw .invalidAddress(text, reason: "the host is empty") }
        let forbidden: Set<Character> = ["/", "@", "?", "#", " ", "[", "]"]
        guard !host.contains(where: { forbidden.contains($0) || $0.isNewline }) else {
            throw .invalidAddress(text, reason: "the host contains characters a host name cannot have")
        }
        guard !host.contains(":") || rest.hasPrefix("[") else {
            throw .invalidAddress(text, reason: "an IPv6 host must be written in brackets: tcp://[::1]:3310")
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCIIDigit), portText.count <= 5,
            let port = Int(portText), (1...65_535).contains(port)
        else {
            throw .invalidAddress(text, reason: "the port must be a number from 1 to 65535")
        }
        return .tcp(host: String(host), port: port)
    }

    private static func parseUnix(_ text: String, rest: Substring) throws(ClamdError) -> ClamdAddress {
        // `unix:///run/x.sock` (URL style) and `unix:/run/x.sock` name the same socket.
        let path = rest.hasPrefix("//") ? rest.dropFirst(2) : rest
        guard !path.isEmpty else { throw .invalidAddress(text, reason: "the socket path is empty") }
        guard !path.contains("\0") else {
            throw .invalidAddress(text, reason: "the socket path contains a NUL byte")
        }
        guard path.utf8.count <= maximumUnixPathLength else {
            throw .invalidAddress(
                text,
                reason: "the socket path is longer than \(maximumUnixPathLength) bytes, the Unix socket limit"
            )
        }
        return .unix(path: String(path))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
