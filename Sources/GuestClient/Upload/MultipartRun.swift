import Foundation

/// The shared state of one multipart upload's workers: which parts are left, the part URLs in
/// hand (fresh ones fetched in batches), and the acknowledged ETags, saved to the resume store
/// after every part.
actor MultipartRun {
    private var state: UploadResumeState
    private var pending: [Int]
    private var urls: [Int: GatewayUploadAPI.PartURL] = [:]
    private let api: GatewayUploadAPIClient
    private let store: any UploadResumeStore
    private let emit: @Sendable (GatewayUploadProgress) -> Void
    private(set) var partsSent = 0
    /// A URL this close to expiry is replaced before use.
    private let expiryMargin: TimeInterval = 30
    /// Part URLs asked for at once.
    private let batch = 10

    init(
        state: UploadResumeState, urls: [GatewayUploadAPI.PartURL], api: GatewayUploadAPIClient,
        store: any UploadResumeStore, emit: @escaping @Sendable (GatewayUploadProgress) -> Void
    ) {
        self.state = state
        self.pending = (1...max(1, state.partCount)).filter { state.etags[$0] == nil }
        self.api = api
        self.store = store
        self.emit = emit
        for url in urls where state.etags[url.partNumber] == nil { self.urls[url.partNumber] = url }
    }

    /// The next part to send, if any is left.
    func next() -> Int? {
        pending.isEmpty ? nil : pending.removeFirst()
    }

    /// A usable URL for `part`; fetches fresh URLs for it and the next parts when needed.
    func url(for part: Int) async throws(GatewayUploadError) -> String {
        if let url = urls[part], url.expiresAt.timeIntervalSinceNow > expiryMargin { return url.url }
        let wanted = [part] + pending.filter { number in urls[number] == nil }.prefix(batch - 1)
        for url in try await api.freshParts(fileId: state.fileId, partNumbers: wanted) {
            urls[url.partNumber] = url
        }
        guard let url = urls[part] else {
            throw GatewayUploadError(.protocolViolation, "the gateway sent no URL for part \(part)")
        }
        return url.url
    }

    /// Forgets `part`'s URL (the store refused it: expired or stale).
    func invalidate(_ part: Int) {
        urls[part] = nil
    }

    /// Records `part`'s ETag, saves the resume state and reports progress.
    func acknowledge(_ part: Int, etag: String) async throws(GatewayUploadError) {
        state.etags[part] = etag
        urls[part] = nil
        partsSent += 1
        do {
            try await store.save(state)
        } catch {
            throw GatewayUploadError(.resumeStore, error.description)
        }
        emit(progress(part: part))
    }

    /// The progress so far.
    func progress(part: Int?) -> GatewayUploadProgress {
        GatewayUploadProgress(
            fileId: state.fileId, filename: state.filename, bytesSent: state.acknowledgedBytes,
            totalBytes: state.size, partsSent: state.etags.count, partCount: state.partCount, part: part)
    }

    /// The parts for `complete`, in order.
    func completedParts() -> [GatewayUploadAPI.CompletedPart] {
        state.etags.sorted { $0.key < $1.key }.map {
            GatewayUploadAPI.CompletedPart(partNumber: $0.key, etag: $0.value)
        }
    }
}
