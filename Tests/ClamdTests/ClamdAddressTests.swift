import Testing

@testable import Clamd

@Suite("ClamdAddress parsing")
struct ClamdAddressTests {
    @Test(
        "Valid tcp:// and unix: addresses parse to host/port or path",
        arguments: [
            ("tcp://127.0.0.1:3310", ClamdAddress.tcp(host: "127.0.0.1", port: 3310)),
            ("tcp://clamd.internal:3310/", .tcp(host: "clamd.internal", port: 3310)),
            ("tcp://localhost:1", .tcp(host: "localhost", port: 1)),
            ("tcp://[::1]:65535", .tcp(host: "::1", port: 65_535)),
            ("unix:/run/clamav/clamd.ctl", .unix(path: "/run/clamav/clamd.ctl")),
            ("unix:///run/clamav/clamd.ctl", .unix(path: "/run/clamav/clamd.ctl")),
            ("unix:clamd.sock", .unix(path: "clamd.sock")),
        ]
    )
    func parsesValidAddresses(text: String, expected: ClamdAddress) throws {
        #expect(try ClamdAddress(parsing: text) == expected)
    }

    @Test(
        "Malformed addresses are rejected with a reason",
        arguments: [
            ("", "expected tcp://HOST:PORT or unix:PATH"),
            ("127.0.0.1:3310", "expected tcp://HOST:PORT or unix:PATH"),
            ("http://127.0.0.1:3310", "expected tcp://HOST:PORT or unix:PATH"),
            ("tcp://127.0.0.1", "a port is required"),
            ("tcp://:3310", "the host is empty"),
            ("tcp://host:0", "the port must be a number from 1 to 65535"),
            ("tcp://host:65536", "the port must be a number from 1 to 65535"),
            ("tcp://host:-1", "the port must be a number from 1 to 65535"),
            ("tcp://host:33a", "the port must be a number from 1 to 65535"),
            ("tcp://host:+3310", "the port must be a number from 1 to 65535"),
            ("tcp://user@host:3310", "characters a host name cannot have"),
            ("tcp://host/path:3310", "characters a host name cannot have"),
            ("tcp://::1:3310", "must be written in brackets"),
            ("tcp://[::1:3310", "needs a closing ]"),
            ("tcp://[::1]3310", "a port is required after the host"),
            ("unix:", "the socket path is empty"),
            ("unix://", "the socket path is empty"),
            ("unix:/tmp/a\u{0}b", "NUL byte"),
            ("unix:/" + String(repeating: "a", count: 200), "longer than 103 bytes"),
        ]
    )
    func rejectsMalformedAddresses(text: String, reasonFragment: String) {
        #expect {
            try ClamdAddress(parsing: text)
        } throws: { error in
            guard let error = error as? ClamdError, case .invalidAddress(let input, let reason) = error else {
                return false
            }
            return input == text && reason.contains(reasonFragment) && error.code == "clamd.invalid_address"
        }
    }

    @Test(
        "description round-trips through parsing",
        arguments: [
            ClamdAddress.tcp(host: "127.0.0.1", port: 3310),
            .tcp(host: "::1", port: 3310),
            .unix(path: "/run/clamav/clamd.ctl"),
        ]
    )
    func descriptionRoundTrips(address: ClamdAddress) throws {
        #expect(try ClamdAddress(parsing: address.description) == address)
    }
}
