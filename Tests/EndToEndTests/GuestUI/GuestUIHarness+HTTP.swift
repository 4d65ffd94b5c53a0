import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Plain HTTP to the gateway, for the harness's own checks and for setting up files the way a
/// client would (without the page).
extension GuestUIHarness {
    /// An answer: status, headers, body.
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        /// The body as a JSON object (empty when it is not one).
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    /// Sends a request to a gateway path or an absolute URL.
    func request(
        _ method: HTTPMethod, _ pathOrURL: String, json: [String: Any]? = nil, body: Data? = nil,
        headers: [String: String] = [:], credential: String? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: pathOrURL.hasPrefix("http") ? pathOrURL : gatewayURL + pathOrURL)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let credential { request.headers.add(name: "Authorization", value: "Bearer \(credential)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        } else if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    /// Registers a gateway guest for a fresh session token; returns its credential.
    func gatewayGuest() async throws -> String {
        let answer = try await request(
            .POST, "/v1/guests",
            json: ["sessionToken": UUID().uuidString.lowercased(), "deploymentId": sandbox.deploymentId])
        guard let credential = answer.json["credential"] as? String else {
            throw GuestUIHarnessError("no guest credential: \(answer.status)")
        }
        return credential
    }

    /// Uploads `data` as a client would (ticket, PUT or part PUTs with `Origin` set like a
    /// browser's, complete) and returns the file id once the scan has decided (`clean` or
    /// `rejected`), with that state.
    func uploadDirectly(
        _ data: Data, filename: String, contentType: String, credential: String
    ) async throws -> (fileId: String, state: String) {
        let ticket = try await request(
            .POST, "/v1/uploads", json: ["filename": filename, "size": data.count, "contentType": contentType],
            credential: credential)
        guard let fileId = ticket.json["fileId"] as? String, let upload = ticket.json["upload"] as? [String: Any] else {
            throw GuestUIHarnessError(
                "unexpected ticket \(ticket.status): \(String(decoding: ticket.body, as: UTF8.self))")
        }
        var completed: [[String: Any]] = []
        if let url = upload["url"] as? String {
            let put = try await request(
                .PUT, url, body: data,
                headers: (upload["headers"] as? [String: String] ?? [:]).merging(
                    ["Origin": gatewayURL]) { old, _ in old })
            guard put.status == 200 else { throw GuestUIHarnessError("PUT answered \(put.status)") }
        } else if let parts = upload["parts"] as? [[String: Any]], let partSize = upload["partSize"] as? Int {
            for part in parts {
                guard let number = part["partNumber"] as? Int, let url = part["url"] as? String else { continue }
                let start = (number - 1) * partSize
                let slice = data.subdata(in: start..<min(data.count, start + partSize))
                let put = try await request(.PUT, url, body: slice, headers: ["Origin": gatewayURL])
                guard put.status == 200, let etag = put.headers.first(name: "ETag") else {
                    throw GuestUIHarnessError("part \(number) answered \(put.status)")
                }
                completed.append(["partNumber": number, "etag": etag])
            }
        }
        let complete = try await request(
            .POST, "/v1/uploads/\(fileId)/complete", json: ["parts": completed], credential: credential)
        guard (200..<300).contains(complete.status) else {
            throw GuestUIHarnessError(
                "complete answered \(complete.status): \(String(decoding: complete.body, as: UTF8.self))")
        }
        for _ in 0..<600 {
            let status = try await request(.GET, "/v1/uploads/\(fileId)", credential: credential)
            if let state = status.json["state"] as? String, ["clean", "rejected", "expired"].contains(state) {
                return (fileId, state)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw GuestUIHarnessError("\(filename) was never decided")
    }
}
