/// Comparisons of secrets (MACs, digests) whose time depends only on the lengths compared, not on
/// where the first difference is.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes; every byte is looked at when the lengths match.
    public static func equal(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
