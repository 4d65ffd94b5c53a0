import HTTPTypes

/// The gateway's problem types. Slugs are part of the API: never rename one.
extension Problem {
    /// 400: the body is not the JSON the route expects.
    public static func invalidRequest(_ detail: String) -> Problem {
        Problem(slug: "invalid-request", title: "The request is malformed", status: .badRequest, detail: detail)
    }

    /// 401: missing, malformed or expired credential.
    public static func unauthorized(_ detail: String) -> Problem {
        Problem(
            slug: "unauthorized", title: "A valid guest credential is required", status: .unauthorized,
            detail: detail)
    }

    /// 404: no such upload for this guest (also for other guests' ids: existence never leaks).
    public static func uploadNotFound() -> Problem {
        Problem(
            slug: "upload-not-found", title: "No such upload", status: .notFound,
            detail: "There is no upload with this id for this guest.")
    }

    /// 400: the filename cannot be accepted.
    public static func invalidFilename(_ detail: String) -> Problem {
        Problem(
            slug: "invalid-filename", title: "The filename is not acceptable", status: .badRequest,
            detail: detail)
    }

    /// 400: the size is negative, zero or not a number of bytes.
    public static func invalidSize(_ detail: String) -> Problem {
        Problem(slug: "invalid-size", title: "The size is not valid", status: .badRequest, detail: detail)
    }

    /// 413: larger than the policy allows.
    public static func fileTooLarge(_ detail: String) -> Problem {
        Problem(slug: "file-too-large", title: "The file is too large", status: .contentTooLarge, detail: detail)
    }

    /// 415: the declared type is not on the allow-list.
    public static func typeNotAllowed(_ detail: String) -> Problem {
        Problem(
            slug: "type-not-allowed", title: "This type of file is not accepted", status: .unsupportedMediaType,
            detail: detail)
    }

    /// 415: the extension is blocked.
    public static func extensionBlocked(_ detail: String) -> Problem {
        Problem(
            slug: "extension-blocked", title: "This file extension is not accepted",
            status: .unsupportedMediaType, detail: detail)
    }

    /// 403: the guest's quota would be exceeded.
    public static func quotaExceeded(_ detail: String) -> Problem {
        Problem(slug: "quota-exceeded", title: "Upload quota exceeded", status: .forbidden, detail: detail)
    }

    /// 429: too many requests; retry after the given seconds.
    public static func rateLimited(retryAfter: Int) -> Problem {
        Problem(
            slug: "rate-limited", title: "Too many requests", status: .tooManyRequests,
            detail: "Slow down: retry after \(retryAfter) s.", retryAfter: retryAfter)
    }

    /// 409: the upload is not in a state that allows this operation.
    public static func invalidState(_ detail: String) -> Problem {
        Problem(
            slug: "invalid-state", title: "The upload is not in a state that allows this", status: .conflict,
            detail: detail)
    }

    /// 400: the parts sent to complete do not match what the store holds.
    public static func partsMismatch(_ detail: String) -> Problem {
        Problem(
            slug: "parts-mismatch", title: "The parts do not match the uploaded parts", status: .badRequest,
            detail: detail)
    }

    /// 409: the object is not (or not entirely) in the store yet.
    public static func uploadIncomplete(_ detail: String) -> Problem {
        Problem(slug: "upload-incomplete", title: "The upload is not complete", status: .conflict, detail: detail)
    }

    /// 400: the stored object is not what the ticket declared (a PUT larger than declared).
    public static func sizeMismatch(_ detail: String) -> Problem {
        Problem(
            slug: "size-mismatch", title: "The uploaded size differs from the declared size",
            status: .badRequest, detail: detail)
    }

    /// 405: a known path asked with a method it does not serve (the response also carries
    /// `Allow`, ``MethodNotAllowedMiddleware``).
    public static func methodNotAllowed(allow: String) -> Problem {
        Problem(
            slug: "method-not-allowed", title: "The path does not accept this method", status: .methodNotAllowed,
            detail: "This path accepts \(allow).")
    }

    /// 503: the object store or the state store is unavailable.
    public static func unavailable(_ detail: String) -> Problem {
        Problem(
            slug: "service-unavailable", title: "A dependency is unavailable", status: .serviceUnavailable,
            detail: detail)
    }
}
