import Testing

@testable import Clamd

@Suite("ClamdError")
struct ClamdErrorTests {
    static let address = ClamdAddress.tcp(host: "127.0.0.1", port: 3310)

    struct Failure: Error {}

    @Test(
        "Every case has a stable code, and the description starts with it and names the address",
        arguments: [
            (ClamdError.connectionFailed(address, reason: "refused"), "clamd.connection_failed"),
            (.connectTimedOut(address, after: .seconds(5)), "clamd.connect_timeout"),
            (.writeTimedOut(address, after: .seconds(30)), "clamd.write_timeout"),
            (.readTimedOut(address, after: .seconds(60)), "clamd.read_timeout"),
            (.streamTooLarge(address), "clamd.stream_too_large"),
            (.scannerError(address, message: "oops"), "clamd.scanner_error"),
            (.unexpectedReply(address, reply: "HELLO"), "clamd.unexpected_reply"),
            (.connectionClosed(address, reason: "mid-stream"), "clamd.connection_closed"),
        ]
    )
    func codesAndDescriptions(error: ClamdError, code: String) {
        #expect(error.code == code)
        #expect(error.description.hasPrefix(code + ": "))
        #expect(error.description.contains("tcp://127.0.0.1:3310"))
    }

    @Test("Errors without an address still have codes")
    func otherCodes() {
        #expect(ClamdError.invalidAddress("x", reason: "r").code == "clamd.invalid_address")
        #expect(ClamdError.sourceFailed(underlying: Failure()).code == "clamd.source_failed")
        #expect(ClamdError.fileUnreadable(path: "/x", reason: "r").code == "clamd.file_unreadable")
        #expect(ClamdError.cancelled.code == "clamd.cancelled")
    }

    @Test("Only repeatable failures are not transient")
    func transience() {
        #expect(ClamdError.connectionFailed(Self.address, reason: "refused").isTransient)
        #expect(ClamdError.readTimedOut(Self.address, after: .seconds(1)).isTransient)
        #expect(!ClamdError.streamTooLarge(Self.address).isTransient)
        #expect(!ClamdError.invalidAddress("x", reason: "r").isTransient)
    }

    @Test("Replies echoed in messages cannot inject control characters or grow without bound")
    func printableReplies() {
        let error = ClamdError.unexpectedReply(
            Self.address, reply: "a\nb\u{1B}[31m" + String(repeating: "x", count: 500))
        #expect(!error.description.contains("\n"))
        #expect(!error.description.contains("\u{1B}"))
        #expect(error.description.count < 320)
    }
}
