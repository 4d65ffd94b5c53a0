/// `Content-Disposition` values for stored filenames (RFC 6266 with RFC 5987/8187 `filename*`).
public enum ContentDisposition {
    /// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`: the ASCII fallback
    /// replaces anything outside printable ASCII, quotes and backslashes with `_`.
    /// - Parameters:
    ///   - filename: the filename (sanitised again here).
    ///   - disposition: `attachment` (default) or `inline`.
    public static func header(filename: String, disposition: String = "attachment") -> String {
        let name = FilenameSanitizer.sanitize(filename)
        let fallback = String(
            String.UnicodeScalarView(
                name.unicodeScalars.map { scalar in
                    (0x20...0x7E).contains(scalar.value) && scalar != "\"" && scalar != "\\" && scalar != "%"
                        ? scalar : "_"
                }))
        return "\(disposition); filename=\"\(fallback)\"; filename*=UTF-8''\(percentEncoded(name))"
    }

    /// RFC 5987 `attr-char` percent-encoding of the UTF-8 bytes.
    static func percentEncoded(_ value: String) -> String {
        let attrChars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        var result = ""
        for byte in value.utf8 {
            if attrChars.contains(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
