/// Everything that can go wrong when talking to clamd.
///
/// Each case has a stable ``code`` for logs, metrics and problem responses, and a human
/// ``description`` that names the address involved. None of them means "clean": a scan that ends
/// in an error must be treated as not scanned.
public enum ClamdError: Error, Sendable, CustomStringConvertible {
    /// The configured address could not be parsed.
    case invalidAddress(String, reason: String)
    /// The connection was refused or the host/socket is unreachable.
    case connectionFailed(ClamdAddress, reason: String)
    /// Connecting took longer than the configured connect timeout.
    case connectTimedOut(ClamdAddress, after: Duration)
    /// clamd stopped accepting data for longer than the configured write timeout.
    case writeTimedOut(ClamdAddress, after: Duration)
    /// clamd did not answer within the configured read timeout after the command was complete.
    case readTimedOut(ClamdAddress, after: Duration)
    /// The stream is longer than clamd's `StreamMaxLength` (`INSTREAM size limit exceeded`).
    /// The file was not scanned.
    case streamTooLarge(ClamdAddress)
    /// clamd answered with an error of its own (a reply ending in `ERROR`).
    case scannerError(ClamdAddress, message: String)
    /// clamd answered something this client does not understand.
    case unexpectedReply(ClamdAddress, reply: String)
    /// The connection ended before clamd gave a complete answer, for example mid-stream.
    case connectionClosed(ClamdAddress, reason: String)
    /// The sequence of chunks being scanned threw; the scan was abandoned.
    case sourceFailed(underlying: any Error)
    /// A file given to ``ClamdClient/scan(fileAt:)`` could not be opened or read.
    case fileUnreadable(path: String, reason: String)
    /// The task was cancelled before clamd answered.
    case cancelled

    /// A stable, machine-readable identifier of the case, such as `clamd.stream_too_large`.
    public var code: String {
        switch self {
        case .invalidAddress: "clamd.invalid_address"
        case .connectionFailed: "clamd.connection_failed"
        case .connectTimedOut: "clamd.connect_timeout"
        case .writeTimedOut: "clamd.write_timeout"
        case .readTimedOut: "clamd.read_timeout"
        case .streamTooLarge: "clamd.stream_too_large"
        case .scannerError: "clamd.scanner_error"
        case .unexpectedReply: "clamd.unexpected_reply"
        case .connectionClosed: "clamd.connection_closed"
        case .sourceFailed: "clamd.source_failed"
        case .fileUnreadable: "clamd.file_unreadable"
        case .cancelled: "clamd.cancelled"
        }
    }

    /// Whether trying the same scan again later may succeed (clamd down, slow or restarting).
    ///
    /// `false` for errors that will repeat: a bad address, a stream over clamd's size limit, an
    /// unreadable file, or a failing source.
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .connectTimedOut, .writeTimedOut, .readTimedOut, .scannerError,
            .unexpectedReply, .connectionClosed, .cancelled:
            true
        case .invalidAddress, .streamTooLarge, .sourceFailed, .fileUnreadable:
            false
        }
    }

    /// A sentence for logs and operators, starting with the ``code``.
    public var description: String {
        "\(code): \(message)"
    }

    private var message: String {
        switch self {
        case .invalidAddress(let text, let reason):
            "invalid clamd address \"\(Self.printable(text))\": \(reason)"
        case .connectionFailed(let address, let reason):
            "cannot connect to clamd at \(address): \(reason)"
        case .connectTimedOut(let address, let after):
            "connecting to clamd at \(address) timed out after \(after)"
        case .writeTimedOut(let address, let after):
            "clamd at \(address) accepted no data for \(after)"
        case .readTimedOut(let address, let after):
            "clamd at \(address) did not answer within \(after)"
        case .streamTooLarge(let address):
            "clamd at \(address) refused the stream: INSTREAM size limit exceeded (StreamMaxLength); not scanned"
        case .scannerError(let address, let message):
            "clamd at \(address) reported an error: \(Self.printable(message))"
        case .unexpectedReply(let address, let reply):
            "clamd at \(address) sent an unexpected reply: \"\(Self.printable(reply))\""
        case .connectionClosed(let address, let reason):
            "connection to clamd at \(address) closed \(reason)"
        case .sourceFailed(let underlying):
            "reading the data to scan failed: \(underlying)"
        case .fileUnreadable(let path, let reason):
            "cannot read \"\(Self.printable(path))\" to scan it: \(reason)"
        case .cancelled:
            "the clamd request was cancelled"
        }
    }

    /// `text` limited to 200 printable ASCII characters, so replies and input cannot forge log lines.
    static func printable(_ text: String) -> String {
        let limit = 200
        var result = String(
            text.unicodeScalars.prefix(limit).map { scalar in
                scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F ? Character(scalar) : "?"
            }
        )
        if text.unicodeScalars.count > limit { result += "…" }
        return result
    }
}
