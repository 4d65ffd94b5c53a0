/// A scanner's answer for one object.
///
/// There is no "unknown": a scanner that cannot decide throws ``ScannerUnavailable`` instead, so
/// only an explicit ``clean(scanner:)`` ever promotes a file.
public enum ScanVerdict: Sendable, Hashable, CustomStringConvertible {
    /// The scanner saw every byte and found nothing.
    case clean(scanner: String)
    /// A signature or rule matched (or the scanner refused the object, such as over its size
    /// limit); the name says which.
    case infected(signature: String)

    /// Whether the verdict is ``clean(scanner:)``.
    public var isClean: Bool {
        if case .clean = self { return true }
        return false
    }

    /// `clean(NAME)` or `infected(SIGNATURE)`.
    public var description: String {
        switch self {
        case .clean(let scanner): "clean(\(scanner))"
        case .infected(let signature): "infected(\(signature))"
        }
    }
}
