import HTTPTypes

/// The headers on every guest UI response: a Content-Security-Policy that allows only the
/// gateway, the configured Genesys (or sandbox) endpoints and the object store; no MIME sniffing;
/// no referrer; never framed.
///
/// Built on ``WidgetSecurityHeaders`` (its source check and `Referrer-Policy`); the guest page
/// differs in what it connects to and in loading `blob:`/`data:` previews of the guest's own files.
public enum GuestUISecurityHeaders {
    /// The Content-Security-Policy of the guest page.
    /// - Parameters:
    ///   - connectOrigins: WebSocket, API and object store origins (`connect-src`, after `'self'`).
    ///   - mediaOrigins: where agent attachments are downloaded from (`img-src`, `media-src`).
    public static func contentSecurityPolicy(connectOrigins: [String], mediaOrigins: [String]) -> String {
        let connect = (["'self'"] + connectOrigins.filter(WidgetSecurityHeaders.isSource)).joined(separator: " ")
        let media = (["'self'", "blob:", "data:"] + mediaOrigins.filter(WidgetSecurityHeaders.isSource))
            .joined(separator: " ")
        return [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src \(media)",
            "media-src \(media)",
            "connect-src \(connect)",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// The headers for a guest UI response.
    public static func fields(settings: GuestUISettings) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = contentSecurityPolicy(
            connectOrigins: settings.connectOrigins, mediaOrigins: settings.attachmentOrigins)
        fields[.xContentTypeOptions] = "nosniff"
        fields[WidgetSecurityHeaders.referrerPolicy] = "no-referrer"
        fields[crossOriginOpenerPolicy] = "same-origin"
        return fields
    }

    /// Adds the guest UI headers to `headers`, replacing any of the same name.
    public static func apply(to headers: inout HTTPFields, settings: GuestUISettings) {
        for field in fields(settings: settings) {
            headers[field.name] = field.value
        }
    }

    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
}
