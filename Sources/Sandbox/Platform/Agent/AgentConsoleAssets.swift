import Foundation
import HTTPTypes
import Hummingbird

/// Serves the agent console's static files (`Resources/agent/`, bundled with the module) at
/// `/agent` and `/agent/{file}`, with a strict Content-Security-Policy: no third-party requests,
/// no inline script.
enum AgentConsoleAssets {
    /// File name → MIME type of what the console ships.
    static let types: [String: String] = [
        "html": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "svg": "image/svg+xml",
    ]

    /// The Content-Security-Policy of the console page (frames may come from anywhere: the widget
    /// URL is configured).
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; frame-src *; object-src 'none'; "
        + "base-uri 'none'; form-action 'none'"

    /// The bytes and MIME type of a console file, if it exists.
    static func file(named name: String) -> (data: Data, mimeType: String)? {
        guard name.range(of: "^[a-z0-9-]+\\.(html|js|css|svg)$", options: .regularExpression) != nil,
            let dot = name.lastIndex(of: "."),
            let mimeType = types[String(name[name.index(after: dot)...])],
            let url = Bundle.module.url(
                forResource: String(name[..<dot]),
                withExtension: String(
                    name[name.index(after: dot)...]), subdirectory: "Resources/agent"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return (data, mimeType)
    }

    static func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/agent") { _, _ -> Response in serve("index.html") }
        router.get("/agent/:file") { _, context -> Response in serve(context.parameters.get("file") ?? "") }
    }

    static func serve(_ name: String) -> Response {
        guard let file = file(named: name) else {
            return PlatformJSON.error(.notFound("file"))
        }
        var response = PlatformJSON.raw(file.data, contentType: file.mimeType)
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        if let name = HTTPField.Name("Referrer-Policy") { response.headers[name] = "no-referrer" }
        return response
    }
}
