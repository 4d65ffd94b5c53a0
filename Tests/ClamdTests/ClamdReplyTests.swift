import Testing

@testable import Clamd

@Suite("clamd reply parsing")
struct ClamdReplyTests {
    let address = ClamdAddress.tcp(host: "127.0.0.1", port: 3310)

    @Test(
        "INSTREAM verdicts parse to clean or infected with the signature name kept",
        arguments: [
            ("stream: OK", ClamdScanResult.clean),
            ("stream: Eicar-Test-Signature FOUND", .infected(signature: "Eicar-Test-Signature")),
            (
                "stream: Attache.Test.EICAR.UNOFFICIAL FOUND",
                .infected(signature: "Attache.Test.EICAR.UNOFFICIAL")
            ),
            (
                "stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND",
                .infected(signature: "Heuristics.Limits.Exceeded.MaxFileSize")
            ),
            ("stream: OK FOUND", .infected(signature: "OK")),
        ]
    )
    func parsesVerdicts(reply: String, expected: ClamdScanResult) throws {
        #expect(try ClamdReply.scanResult(reply, from: address) == expected)
    }

    @Test("The size-limit error is streamTooLarge, never clean")
    func sizeLimitIsItsOwnError() {
        #expect {
            try ClamdReply.scanResult("INSTREAM size limit exceeded. ERROR", from: address)
        } throws: { error in
            guard let error = error as? ClamdError, case .streamTooLarge(let reported) = error else { return false }
            return reported == address && error.code == "clamd.stream_too_large" && !error.isTransient
        }
    }

    @Test(
        "Other ERROR replies are scanner errors",
        arguments: ["stream: Can't allocate memory ERROR", "Error processing command. ERROR"]
    )
    func errorRepliesAreScannerErrors(reply: String) {
        #expect {
            try ClamdReply.scanResult(reply, from: address)
        } throws: { error in
            guard case .scannerError(_, let message) = error as? ClamdError else { return false }
            return !message.hasSuffix("ERROR")
        }
    }

    @Test(
        "Anything else is an unexpected reply, never clean",
        arguments: [
            "", "OK", "stream: ok", "stream: OK ", "stream:  FOUND", "stream: OKAY", "PONG",
            "COMMAND READ TIMED OUT", "UNKNOWN COMMAND", "/tmp/file: OK",
        ]
    )
    func unknownRepliesAreUnexpected(reply: String) {
        #expect {
            try ClamdReply.scanResult(reply, from: address)
        } throws: { error in
            guard case .unexpectedReply(_, let echoed) = error as? ClamdError else { return false }
            return echoed == reply
        }
    }

    @Test("Reply text stops at the NUL terminator and drops trailing newlines")
    func replyText() {
        #expect(ClamdReply.text(Array("PONG\0".utf8)) == "PONG")
        #expect(ClamdReply.text(Array("PONG\n".utf8)) == "PONG")
        #expect(ClamdReply.text(Array("stream: OK\r\n\0garbage".utf8)) == "stream: OK")
        #expect(ClamdReply.text([UInt8]()) == "")
    }

    @Test("PING wants PONG; VERSION wants a ClamAV line")
    func pingAndVersion() throws {
        try ClamdReply.pong("PONG", from: address)
        #expect(throws: ClamdError.self) { try ClamdReply.pong("PANG", from: address) }
        let line = "ClamAV 1.4.3/27829/Tue Nov 25 09:32:01 2026"
        #expect(try ClamdReply.version(line, from: address) == line)
        #expect(throws: ClamdError.self) { try ClamdReply.version("stream: OK", from: address) }
    }
}
