/// Strict UTF-8 decoding that works on every platform the package declares.
///
/// The standard library's `String(validating:as:)` needs macOS 15 / iOS 18; the package supports
/// macOS 14 / iOS 17, where this falls back to a validating transcode. On Linux and newer Apple
/// systems it is the standard library's validator.
public enum ValidUTF8 {
    /// The text `bytes` encode, or `nil` when they are not well-formed UTF-8 (overlong forms,
    /// surrogates, truncated sequences and bytes that never occur in UTF-8 are all rejected;
    /// nothing is repaired with U+FFFD).
    @inlinable
    public static func string(_ bytes: some Collection<UInt8>) -> String? {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            return String(validating: bytes, as: UTF8.self)
        }
        return transcodedString(bytes)
    }

    /// The fallback of ``string(_:)`` for older systems: a transcode that stops at the first
    /// ill-formed sequence, then the decode (which then has nothing to repair).
    @inlinable
    static func transcodedString(_ bytes: some Collection<UInt8>) -> String? {
        let failed = transcode(bytes.makeIterator(), from: UTF8.self, to: UTF8.self, stoppingOnError: true) { _ in }
        return failed ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `bytes` are well-formed UTF-8 (as ``string(_:)`` returning non-`nil`).
    @inlinable
    public static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        string(bytes) != nil
    }
}
