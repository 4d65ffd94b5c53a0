import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The login pages of `/oauth/authorize`: the sign-in form (by name, no password) and the error
/// page for a bad client or redirect URI. Plain HTML, no script, every value escaped.
enum AuthorizePage {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"

    static func signIn(_ parameters: AuthorizeRoutes.Parameters, problem: String?) -> Response {
        let hidden = [
            ("response_type", parameters.responseType), ("client_id", parameters.clientId),
            ("redirect_uri", parameters.redirectURI), ("state", parameters.state),
        ].map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\(escape($0.1))\">" }.joined(separator: "\n")
        let body = """
            <h1>Sign in to the Genesys sandbox</h1>
            <p><strong>\(escape(parameters.clientId))</strong> asks for your agent token.
            The sandbox has no passwords: any name signs in as an agent.</p>
            \(problem.map { "<p class=\"problem\" role=\"alert\">\(escape($0))</p>" } ?? "")
            <form method="post" action="/oauth/authorize">
            \(hidden)
            <label for="name">Your name</label>
            <input id="name" name="name" maxlength="80" required autofocus>
            <button type="submit" id="authorize-sign-in">Sign in</button>
            </form>
            """
        return page(title: "Sign in", body: body, status: .ok)
    }

    static func error(_ message: String) -> Response {
        page(
            title: "Sign-in error",
            body: "<h1>Sign-in error</h1><p class=\"problem\" role=\"alert\">\(escape(message))</p>",
            status: .badRequest)
    }

    static func page(title: String, body: String, status: HTTPResponse.Status) -> Response {
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>body{font:14px system-ui,sans-serif;margin:16px}.problem{color:#a3231a}
            input,button{font:inherit;margin:4px 0;display:block}</style></head>
            <body>\(body)</body></html>
            """
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: contentSecurityPolicy, .xContentTypeOptions: "nosniff",
        ]
        if let referrer = HTTPField.Name("Referrer-Policy") { headers[referrer] = "no-referrer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// HTML text and attribute escaping.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}
