import Foundation

/// What the gateway accepts as an upload, with safe defaults.
///
/// Checked on every ticket request, before anything is stored. Content types are compared
/// without parameters and case-insensitively; extensions are compared lowercased.
public struct UploadPolicy: Sendable, Equatable {
    /// The largest file accepted, in bytes (default 100 MiB).
    public var maxFileSize: Int64
    /// Files up to this size get one presigned PUT; larger ones a multipart upload (default 8 MiB).
    public var singlePutThreshold: Int64
    /// The part size of multipart uploads, at least 5 MiB (default 8 MiB).
    public var partSize: Int64
    /// How many part URLs the ticket carries; more come from `POST /v1/uploads/{id}/parts`.
    public var initialPartURLs: Int
    /// How long upload URLs stay valid (default 15 minutes).
    public var urlExpiry: Duration
    /// Exact content types accepted.
    public var allowedContentTypes: Set<String>
    /// Content-type prefixes accepted (`audio/`, `video/`).
    public var allowedContentTypePrefixes: [String]
    /// Extensions refused whatever the declared type (lowercase, without the dot).
    public var blockedExtensions: Set<String>
    /// Total declared bytes a guest may hold in live uploads (default 1 GiB).
    public var perGuestQuota: Int64

    /// S3's minimum part size (except the last part).
    public static let minimumPartSize: Int64 = 5 << 20

    /// Creates a policy; every value has a safe default.
    public init(
        maxFileSize: Int64 = 100 << 20,
        singlePutThreshold: Int64 = 8 << 20,
        partSize: Int64 = 8 << 20,
        initialPartURLs: Int = 10,
        urlExpiry: Duration = .seconds(15 * 60),
        allowedContentTypes: Set<String> = UploadPolicy.defaultAllowedContentTypes,
        allowedContentTypePrefixes: [String] = ["audio/", "video/"],
        blockedExtensions: Set<String> = UploadPolicy.defaultBlockedExtensions,
        perGuestQuota: Int64 = 1 << 30
    ) {
        self.maxFileSize = maxFileSize
        self.singlePutThreshold = singlePutThreshold
        self.partSize = max(partSize, Self.minimumPartSize)
        self.initialPartURLs = max(1, initialPartURLs)
        self.urlExpiry = urlExpiry
        self.allowedContentTypes = allowedContentTypes
        self.allowedContentTypePrefixes = allowedContentTypePrefixes
        self.blockedExtensions = blockedExtensions
        self.perGuestQuota = perGuestQuota
    }

    /// Images (not SVG: it is a script container), PDF, office documents, plain text, CSV, ZIP.
    public static let defaultAllowedContentTypes: Set<String> = [
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/heic", "image/heif", "image/bmp",
        "image/tiff", "application/pdf", "text/plain", "text/csv", "application/zip",
        "application/x-zip-compressed", "application/msword", "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint", "application/rtf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    ]

    /// Executables, scripts, installers and active content.
    public static let defaultBlockedExtensions: Set<String> = [
        "exe", "dll", "js", "mjs", "jse", "bat", "cmd", "sh", "bash", "zsh", "ps1", "psm1", "msi", "msp", "scr",
        "com", "cpl", "jar", "vbs", "vbe", "wsf", "wsh", "hta", "html", "htm", "xhtml", "svg", "php", "py", "pl",
        "rb", "apk", "app", "dmg", "pkg", "deb", "rpm", "lnk", "reg", "iso", "docm", "xlsm", "pptm",
    ]

    /// The lowercased content type without parameters (`Text/Plain; charset=x` → `text/plain`).
    ///
    /// A type that is already normalised (printable ASCII without uppercase letters, spaces or
    /// `;`, as every ticket's is by the time the policy checks it) comes back as it is, uncopied.
    public static func normalizedContentType(_ contentType: String) -> String {
        if isNormalized(contentType) { return contentType }
        let base = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(TextTrimming.trimmingHorizontalSpace(base)).lowercased()
    }

    /// Whether `normalizedContentType` would return `contentType` unchanged because it has
    /// nothing to trim, cut or lowercase.
    private static func isNormalized(_ contentType: String) -> Bool {
        !contentType.isEmpty
            && contentType.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: ";")
                    && !(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            }
    }

    /// Whether the (normalised) content type is on the allow-list.
    public func allows(contentType: String) -> Bool {
        allowsNormalized(Self.normalizedContentType(contentType))
    }

    private func allowsNormalized(_ type: String) -> Bool {
        if allowedContentTypes.contains(type) { return true }
        return allowedContentTypePrefixes.contains { type.hasPrefix($0) && type.utf8.count > $0.utf8.count }
    }

    /// Checks a ticket request against the policy.
    /// - Parameters:
    ///   - filename: the sanitised filename.
    ///   - size: the declared size in bytes.
    ///   - contentType: the declared content type.
    ///   - usedBytes: the declared bytes of the guest's live uploads.
    /// - Throws: ``UploadPolicyError`` naming the first rule broken.
    public func check(
        filename: String, size: Int64, contentType: String, usedBytes: Int64
    )
        throws(UploadPolicyError)
    {
        guard size > 0 else { throw .invalidSize(size) }
        guard size <= maxFileSize else { throw .tooLarge(size: size, limit: maxFileSize) }
        let type = Self.normalizedContentType(contentType)
        guard Self.isWellFormedContentType(type), allowsNormalized(type) else {
            throw .typeNotAllowed(type)
        }
        if let blocked = FilenameSanitizer.extensions(of: filename).first(where: blockedExtensions.contains) {
            throw .extensionBlocked(blocked)
        }
        let (total, overflow) = usedBytes.addingReportingOverflow(size)
        guard !overflow, total <= perGuestQuota else {
            throw .quotaExceeded(used: usedBytes, requested: size, quota: perGuestQuota)
        }
    }

    /// Whether the upload is multipart under this policy.
    public func isMultipart(size: Int64) -> Bool {
        size > singlePutThreshold
    }

    /// The number of parts of a multipart upload of `size` bytes.
    public func partCount(size: Int64) -> Int {
        Int((size + partSize - 1) / partSize)
    }

    /// `type/subtype` made of ASCII letters, digits and `+ - .`, both halves non-empty.
    static func isWellFormedContentType(_ type: String) -> Bool {
        let pieces = type.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy({ !$0.isEmpty }) else { return false }
        return type.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "-"),
                UInt8(ascii: "."):
                true
            default:
                false
            }
        }
    }
}
