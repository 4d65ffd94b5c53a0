import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP helpers of the live stack: the gateway through its public URL (the proxy).
extension LiveStack {
    struct HTTPResult {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    /// Sends a request to an absolute URL or a gateway path.
    func send(
        _ method: HTTPMethod, _ pathOrURL: String, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: pathOrURL.hasPrefix("http") ? pathOrURL : proxyURL + pathOrURL)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return HTTPResult(
            status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    func get(_ url: String) async throws -> HTTPResult {
        try await send(.GET, url)
    }

    /// POSTs raw JSON to a gateway path, with the Data Action secret unless `secret` is `nil`.
    func post(
        _ path: String, body: Data, secret: String? = LiveStack.dataActionSecret, bearer: String? = nil
    )
        async throws -> HTTPResult
    {
        var headers = ["content-type": "application/json"]
        if let secret { headers["X-Attache-Data-Action-Secret"] = secret }
        if let bearer { headers["authorization"] = "Bearer " + bearer }
        return try await send(.POST, path, headers: headers, body: body)
    }

    /// POSTs a JSON object and decodes a JSON object.
    func postJSON(_ path: String, _ object: [String: Any], bearer: String? = nil) async throws -> [String: Any] {
        let result = try await post(
            path, body: try JSONSerialization.data(withJSONObject: object), secret: nil, bearer: bearer)
        guard (200..<300).contains(result.status) else {
            throw LiveStackError("\(path) answered \(result.status): \(String(decoding: result.body, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: result.body) as? [String: Any] ?? [:]
    }

    /// Calls a Data Action route as Genesys would (with the secret) and decodes the answer.
    func dataAction(_ route: String, _ object: [String: String]) async throws -> [String: Any] {
        try await dataAction(route, body: try JSONSerialization.data(withJSONObject: object))
    }

    func dataAction(_ route: String, body: Data) async throws -> [String: Any] {
        let result = try await post("/v1/data-actions/" + route, body: body)
        guard result.status == 200 else {
            throw LiveStackError("\(route) answered \(result.status): \(String(decoding: result.body, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: result.body) as? [String: Any] ?? [:]
    }

    /// Uploads `bytes` through the gateway's upload API (ticket, PUT to the signed URL, complete)
    /// and waits until the scan made it `clean`; returns the file id.
    func upload(
        _ bytes: Data, filename: String, contentType: String = "application/pdf", credential: String
    )
        async throws -> String
    {
        let ticket = try await postJSON(
            "/v1/uploads", ["filename": filename, "size": bytes.count, "contentType": contentType],
            bearer: credential)
        guard let fileId = ticket["fileId"] as? String, let upload = ticket["upload"] as? [String: Any],
            let url = upload["url"] as? String
        else { throw LiveStackError("the ticket has no fileId or upload URL") }
        let put = try await send(.PUT, url, headers: upload["headers"] as? [String: String] ?? [:], body: bytes)
        guard (200..<300).contains(put.status) else { throw LiveStackError("the upload PUT answered \(put.status)") }
        _ = try await postJSON("/v1/uploads/\(fileId)/complete", ["parts": [Any]()], bearer: credential)
        for _ in 0..<600 {
            let status = try await send(
                .GET, "/v1/uploads/\(fileId)", headers: ["authorization": "Bearer " + credential])
            let state = (try JSONSerialization.jsonObject(with: status.body) as? [String: Any])?["state"] as? String
            if state == "clean" { return fileId }
            if state == "rejected" || state == "expired" { throw LiveStackError("the upload ended \(state ?? "")") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LiveStackError("the upload never became clean")
    }
}
