/// Trimming without Foundation's `CharacterSet` (which costs several microseconds a call on
/// Linux, on paths every upload ticket takes), with the same notion of whitespace.
enum TextTrimming {
    /// Foundation's `CharacterSet.whitespaces`: tab and the space separators (Unicode `Zs`).
    static func isHorizontalSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == " " || (!scalar.isASCII && scalar.properties.generalCategory == .spaceSeparator)
    }

    /// `text` without the scalars matching `isTrimmed` at either end.
    static func trimming(_ text: Substring, where isTrimmed: (Unicode.Scalar) -> Bool) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return Substring(scalars[first...last])
    }

    /// `text` without horizontal whitespace at either end (`trimmingCharacters(in: .whitespaces)`).
    static func trimmingHorizontalSpace(_ text: some StringProtocol) -> Substring {
        trimming(Substring(text), where: isHorizontalSpace)
    }
}
