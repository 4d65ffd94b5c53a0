import NIOCore

/// Something that looks at an object's bytes and says whether they may reach an agent.
///
/// ``ClamdScanner`` (ClamAV) in production; the built-in ``PolicyScanner`` in development only.
/// A scanner never answers "clean" for bytes it did not see to the end: when it cannot scan
/// (unreachable, timed out), it throws ``ScannerUnavailable`` and the pipeline fails closed.
public protocol FileScanner: Sendable {
    /// A short stable name for logs, tags and scan results: `clamd`, `policy`.
    var name: String { get }

    /// Whether this scanner is a real antivirus (`false` for the built-in policy scanner).
    var isAntivirus: Bool { get }

    /// The scanner's version string (clamd's `VERSION` line, say), recorded with every verdict.
    /// - Throws: ``ScannerUnavailable`` when the scanner cannot be reached.
    func version() async throws -> String

    /// Scans a stream of bytes, consuming it to the end unless a signature matches earlier.
    /// - Parameter bytes: The object's bytes, in order.
    /// - Returns: The verdict.
    /// - Throws: ``ScannerUnavailable`` when the scanner cannot give a verdict right now; any error
    ///   thrown by `bytes` itself (a storage failure), unchanged.
    func scan(_ bytes: AnyAsyncSequence<ByteBuffer>) async throws -> ScanVerdict
}
