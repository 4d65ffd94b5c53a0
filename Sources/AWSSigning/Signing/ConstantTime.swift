/// Comparisons of secrets (MACs, digests) whose time depends only on the lengths compared, not on
/// where the first difference is.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes; every byte is looked at when the lengths match.
    ///
    /// Inlinable so that callers in other modules get it specialized for their collection types:
    /// unspecialized, each call instantiated `Zip2Sequence` metadata at run time, several times
    /// the cost of the comparison itself on the gateway's per-request credential check.
    @inlinable
    public static func equal(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        var right = rhs.makeIterator()
        for left in lhs {
            guard let byte = right.next() else { return false }
            difference |= left ^ byte
        }
        return difference == 0
    }
}
