import HTTPTypes

/// The Data Action routes' own problem types. Slugs are part of the API: never rename one.
extension Problem {
    /// 401: the Data Action shared secret is missing or wrong (or none is configured).
    public static func dataActionUnauthorized(_ detail: String) -> Problem {
        Problem(
            slug: "data-action-unauthorized", title: "The Data Action shared secret is required",
            status: .unauthorized, detail: detail)
    }
}
