import Foundation

/// A Data Action request with its templates rendered, ready to send.
///
/// ``description`` shows the method, host and path only: query strings, header values and the body
/// may carry secrets or personal data.
public struct PreparedDataActionRequest: Sendable, Equatable, CustomStringConvertible {
    /// The HTTP method.
    public var method: String
    /// The absolute request URL.
    public var url: URL
    /// The request headers, in a stable order (sorted by name).
    public var headers: [(name: String, value: String)]
    /// The JSON body.
    public var body: Data

    /// Creates a prepared request.
    public init(method: String, url: URL, headers: [(name: String, value: String)], body: Data) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of a header (case-insensitive name), if present.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// `METHOD scheme://host:port/path`.
    public var description: String {
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(method) \(url.scheme ?? "?")://\(url.host ?? "?")\(port)\(url.path)"
    }

    /// Compares method, URL, headers and body.
    public static func == (lhs: PreparedDataActionRequest, rhs: PreparedDataActionRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

extension DataAction {
    /// Renders the URL, headers and body templates with these inputs and the action's credentials.
    ///
    /// Adds `Content-Type: application/json` unless a header sets it.
    /// - Parameter inputs: values for `${input.*}`.
    /// - Returns: the request to send.
    /// - Throws: ``DataActionError`` with ``DataActionError/Code/invalidURL`` or
    ///   ``DataActionError/Code/invalidBody``.
    public func prepare(inputs: [String: String]) throws(DataActionError) -> PreparedDataActionRequest {
        let rawURL = DataActionTemplate(requestUrlTemplate).render(inputs: inputs, credentials: credentials)
        guard let url = URL(string: rawURL), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else {
            throw DataActionError(
                code: .invalidURL,
                message: "action '\(name)': the request URL template does not render to an absolute http(s) URL"
            )
        }
        let bodyText = DataActionTemplate(requestTemplate).render(inputs: inputs, credentials: credentials)
        let body = Data(bodyText.utf8)
        guard (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil else {
            throw DataActionError(
                code: .invalidBody,
                message: "action '\(name)': the request template does not render to valid JSON"
            )
        }
        var headers = headers.map {
            (
                name: $0.key,
                value: DataActionTemplate($0.value).render(
                    inputs: inputs, credentials: credentials)
            )
        }
        if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headers.append((name: "Content-Type", value: "application/json"))
        }
        headers.sort { $0.name.lowercased() < $1.name.lowercased() }
        return PreparedDataActionRequest(method: requestType.uppercased(), url: url, headers: headers, body: body)
    }
}
