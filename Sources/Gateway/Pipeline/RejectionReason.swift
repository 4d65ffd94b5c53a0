/// Why the pipeline refused a file: a stable code plus a human detail.
///
/// The code is what the guest sees as the upload's `reason` prefix and what the quarantined
/// object is tagged with (`attache-reason`).
public struct RejectionReason: Sendable, Hashable, CustomStringConvertible {
    /// A stable code such as `infected` or `type_mismatch`.
    public var code: String
    /// A sentence for humans (no file contents).
    public var detail: String

    /// Creates a reason.
    public init(code: String, detail: String) {
        self.code = code
        self.detail = detail
    }

    /// A scanner signature matched.
    public static func infected(_ signature: String) -> RejectionReason {
        RejectionReason(code: "infected", detail: signature)
    }

    /// The object's size differs from the declared size.
    public static func sizeMismatch(declared: Int64, actual: Int64) -> RejectionReason {
        RejectionReason(code: "size_mismatch", detail: "declared \(declared) bytes, stored \(actual)")
    }

    /// The bytes' SHA-256 differs from the declared one.
    public static let sha256Mismatch = RejectionReason(
        code: "sha256_mismatch",
        detail: "the content's SHA-256 differs from the declared one"
    )

    /// The bytes are an executable or script.
    public static func executableContent(_ detected: String) -> RejectionReason {
        RejectionReason(code: "executable_content", detail: "the content is \(detected)")
    }

    /// The bytes are not what the declared type says.
    public static func typeMismatch(declared: String, detected: String?) -> RejectionReason {
        RejectionReason(
            code: "type_mismatch",
            detail: "declared \(declared), content is \(detected ?? "not recognisable as that type")"
        )
    }

    /// The content's type is not on the allow-list.
    public static func typeNotAllowed(_ type: String) -> RejectionReason {
        RejectionReason(code: "type_not_allowed", detail: "\(type) is not an allowed type")
    }

    /// `code: detail`, as stored in the upload's reason.
    public var description: String { "\(code): \(detail)" }
}
