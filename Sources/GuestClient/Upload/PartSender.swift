import Foundation

/// PUTs one part (or a single-PUT file) to a presigned URL, retrying with full-jitter backoff.
///
/// Unreachable store, 408, 429 and 5xx are retried with the same URL; 400 and 403 (an expired
/// or stale signature) are retried with a fresh one; other answers fail at once.
struct PartSender: Sendable {
    let transport: any UploadHTTPTransport
    let retry: ReconnectPolicy

    /// Sends `data` and returns the ETag the store answered with.
    func put(
        part: Int, data: Data, headers: [String: String],
        url: () async throws(GatewayUploadError) -> String,
        invalidate: () async -> Void
    ) async throws -> String {
        var attempt = 0
        while true {
            try Task.checkCancellation()
            let target = try await url()
            let outcome = try await send(part: part, data: data, headers: headers, url: target)
            let failure: GatewayUploadError
            switch outcome {
            case .sent(let etag):
                return etag
            case .retryWithFreshURL(let error):
                await invalidate()
                failure = error
            case .retry(let error):
                failure = error
            }
            attempt += 1
            guard retry.allows(attempt: attempt) else { throw failure }
            try await Task.sleep(for: retry.delay(attempt: attempt - 1, random: Double.random(in: 0..<1)))
        }
    }

    enum Outcome {
        case sent(String)
        case retry(GatewayUploadError)
        case retryWithFreshURL(GatewayUploadError)
    }

    /// One PUT; throws for failures not worth retrying.
    func send(part: Int, data: Data, headers: [String: String], url: String) async throws -> Outcome {
        let response: UploadHTTPResponse
        do {
            response = try await transport.execute(
                UploadHTTPRequest(method: "PUT", url: url, headers: headers, body: data))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .retry(GatewayUploadError(.transport, "part \(part): \(error)"))
        }
        if (200..<300).contains(response.status) {
            guard let etag = response.headers["etag"], !etag.isEmpty else {
                throw GatewayUploadError(.protocolViolation, "part \(part): the store sent no ETag")
            }
            return .sent(etag)
        }
        let failure = GatewayUploadError(
            .storage, "part \(part): the object store answered \(Self.code(response))", status: response.status)
        if response.status == 400 || response.status == 403 { return .retryWithFreshURL(failure) }
        if GatewayUploadAPIClient.isTransient(response.status) { return .retry(failure) }
        throw failure
    }

    /// The S3 error code of an answer (`<Code>AccessDenied</Code>`), else its status; never
    /// the URL or its signature.
    static func code(_ response: UploadHTTPResponse) -> String {
        let text = String(decoding: response.body.prefix(4096), as: UTF8.self)
        if let start = text.range(of: "<Code>"),
            let end = text.range(of: "</Code>", range: start.upperBound..<text.endIndex)
        {
            return "\(response.status) \(text[start.upperBound..<end.lowerBound])"
        }
        return "\(response.status)"
    }
}
