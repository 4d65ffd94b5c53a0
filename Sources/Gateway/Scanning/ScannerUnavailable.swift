/// The scanner cannot give a verdict right now: unreachable, timed out, or answering nonsense.
///
/// The pipeline treats it as "not scanned": nothing is promoted and the event comes back later.
public struct ScannerUnavailable: Error, Sendable, CustomStringConvertible {
    /// A stable code: `scanner.unavailable`.
    public static let code = "scanner.unavailable"

    /// The scanner's ``FileScanner/name``.
    public var scanner: String
    /// What went wrong, for operators (never file contents).
    public var reason: String

    /// Creates the error.
    /// - Parameters:
    ///   - scanner: The scanner's name.
    ///   - reason: What went wrong.
    public init(scanner: String, reason: String) {
        self.scanner = scanner
        self.reason = reason
    }

    /// `scanner.unavailable: NAME cannot scan now: REASON`.
    public var description: String {
        "\(Self.code): \(scanner) cannot scan now: \(reason)"
    }
}
