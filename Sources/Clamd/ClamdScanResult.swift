/// clamd's verdict on one stream.
///
/// There is deliberately no "unknown" case: anything that is not a definite `stream: OK` is either
/// ``infected(signature:)`` or a thrown ``ClamdError``, so a caller that promotes only `.clean`
/// fails closed.
public enum ClamdScanResult: Sendable, Hashable, CustomStringConvertible {
    /// clamd scanned the whole stream and found nothing (`stream: OK`).
    case clean
    /// clamd matched a signature (`stream: NAME FOUND`). Custom signatures carry the
    /// `.UNOFFICIAL` suffix clamd appends; limit alerts (`AlertExceedsMax`) arrive here as
    /// `Heuristics.Limits.Exceeded…`.
    case infected(signature: String)

    /// Whether the verdict is ``clean``.
    public var isClean: Bool { self == .clean }

    /// Whether clamd reported that the file exceeded a scan limit (`Heuristics.Limits.Exceeded…`)
    /// rather than matching a malware signature. Such a file was not fully scanned.
    public var isLimitExceeded: Bool {
        if case .infected(let signature) = self {
            return signature.hasPrefix("Heuristics.Limits.Exceeded")
        }
        return false
    }

    /// `clean` or `infected(NAME)`.
    public var description: String {
        switch self {
        case .clean: "clean"
        case .infected(let signature): "infected(\(signature))"
        }
    }
}
