import HTTPTypes

/// The headers on every widget response: a strict Content-Security-Policy, no caching, no MIME
/// sniffing, no referrer.
public enum WidgetSecurityHeaders {
    /// The Content-Security-Policy: nothing by default; scripts, styles and API calls from the
    /// gateway only; previews (images, media, frames) from the gateway and the object store;
    /// framed only by the given ancestors.
    /// - Parameters:
    ///   - mediaOrigins: the object store's origins.
    ///   - frameAncestors: who may frame the widget (`'none'` when empty).
    public static func contentSecurityPolicy(mediaOrigins: [String], frameAncestors: [String]) -> String {
        let media = (["'self'"] + mediaOrigins.filter(isSource)).joined(separator: " ")
        let ancestors = frameAncestors.filter(isSource)
        return [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src \(media)",
            "media-src \(media)",
            "frame-src \(media)",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors \(ancestors.isEmpty ? "'none'" : ancestors.joined(separator: " "))",
        ].joined(separator: "; ")
    }

    /// The headers for a widget response.
    public static func fields(settings: WidgetSettings) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = contentSecurityPolicy(
            mediaOrigins: settings.mediaOrigins, frameAncestors: settings.frameAncestors)
        fields[.cacheControl] = "no-store"
        fields[.xContentTypeOptions] = "nosniff"
        fields[referrerPolicy] = "no-referrer"
        return fields
    }

    /// Adds the widget headers to `headers`, replacing any of the same name.
    public static func apply(to headers: inout HTTPFields, settings: WidgetSettings) {
        for field in fields(settings: settings) {
            headers[field.name] = field.value
        }
    }

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    /// Whether a value can be a CSP source without breaking the policy (no separators, quotes
    /// other than `'self'`, or whitespace).
    static func isSource(_ value: String) -> Bool {
        value == "'self'"
            || (!value.isEmpty && !value.contains { ";,'\"".contains($0) || $0.isWhitespace || $0.isNewline })
    }
}
