/// Interpretation of clamd's replies to the z-commands (`zPING`, `zVERSION`, `zINSTREAM`).
///
/// Pure functions over the reply text, so every rule is unit-tested without a socket.
enum ClamdReply {
    /// The reply text: bytes up to the terminating NUL (z-commands) with any trailing newline removed.
    static func text(_ bytes: some Collection<UInt8>) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        var text = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
        while let last = text.unicodeScalars.last, last == "\n" || last == "\r" {
            text.unicodeScalars.removeLast()
        }
        return text
    }

    /// Checks the answer to `zPING`.
    static func pong(_ reply: String, from address: ClamdAddress) throws(ClamdError) {
        guard reply == "PONG" else { throw unexpected(reply, from: address) }
    }

    /// The answer to `zVERSION`, such as `ClamAV 1.4.3/27829/Tue Nov 25 09:32:01 2026`.
    static func version(_ reply: String, from address: ClamdAddress) throws(ClamdError) -> String {
        guard reply.hasPrefix("ClamAV ") else { throw unexpected(reply, from: address) }
        return reply
    }

    /// The verdict in the answer to `zINSTREAM`.
    ///
    /// Only the exact reply `stream: OK` is clean. `stream: NAME FOUND` is infected (including
    /// `Heuristics.Limits.Exceeded…` alerts). The size-limit error is ``ClamdError/streamTooLarge(_:)``,
    /// any other `… ERROR` is ``ClamdError/scannerError(_:message:)``, and everything else is
    /// ``ClamdError/unexpectedReply(_:reply:)``.
    static func scanResult(_ reply: String, from address: ClamdAddress) throws(ClamdError) -> ClamdScanResult {
        if reply.lowercased().contains("size limit exceeded") {
            throw .streamTooLarge(address)
        }
        if reply.hasSuffix(" ERROR") {
            throw .scannerError(address, message: String(reply.dropLast(" ERROR".count)))
        }
        let prefix = "stream: "
        guard reply.hasPrefix(prefix) else { throw unexpected(reply, from: address) }
        let verdict = reply.dropFirst(prefix.count)
        if verdict.hasSuffix(" FOUND") {
            let signature = verdict.dropLast(" FOUND".count).trimmingSpaces()
            guard !signature.isEmpty else { throw unexpected(reply, from: address) }
            return .infected(signature: String(signature))
        }
        guard verdict == "OK" else { throw unexpected(reply, from: address) }
        return .clean
    }

    private static func unexpected(_ reply: String, from address: ClamdAddress) -> ClamdError {
        .unexpectedReply(address, reply: reply)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " { result.removeFirst() }
        while result.last == " " { result.removeLast() }
        return result
    }
}
