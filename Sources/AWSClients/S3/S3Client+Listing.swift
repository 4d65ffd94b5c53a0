import NIOCore
import NIOHTTP1

extension S3Client {
    /// Lists one page of a bucket's objects (ListObjectsV2). Keys are requested URL-encoded and
    /// decoded here, so any key survives the XML round trip.
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - prefix: only keys with this prefix.
    ///   - delimiter: group keys by this delimiter into ``S3ListObjectsPage/commonPrefixes``.
    ///   - continuationToken: the previous page's ``S3ListObjectsPage/nextContinuationToken``.
    ///   - maxKeys: at most this many keys (S3's default and maximum is 1,000).
    /// - Returns: the page.
    /// - Throws: ``S3Error`` (`NoSuchBucket`), ``AWSClientError``.
    public func listObjectsV2(
        bucket: String,
        prefix: String? = nil,
        delimiter: String? = nil,
        continuationToken: String? = nil,
        maxKeys: Int? = nil
    ) async throws -> S3ListObjectsPage {
        var query: [(String, String?)] = [("list-type", "2"), ("encoding-type", "url")]
        if let prefix { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, query: query))
        return try await collect(request, operation: "S3.ListObjectsV2", resource: Self.resource(bucket)) {
            try S3ResponseParsing.listObjectsV2($0.body.readableBytesView)
        }
    }

    /// All pages of ListObjectsV2 as an async sequence; each page is fetched when asked for.
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - prefix: only keys with this prefix.
    ///   - pageSize: keys per request.
    /// - Returns: a sequence of pages that throws ``S3Error`` or ``AWSClientError``.
    public func listObjectsV2Pages(bucket: String, prefix: String? = nil, pageSize: Int? = nil) -> S3ListObjectsPages {
        S3ListObjectsPages(client: self, bucket: bucket, prefix: prefix, pageSize: pageSize)
    }
}

/// The pages of a ListObjectsV2 listing, fetched lazily.
public struct S3ListObjectsPages: AsyncSequence, Sendable {
    /// A page.
    public typealias Element = S3ListObjectsPage

    let client: S3Client
    let bucket: String
    let prefix: String?
    let pageSize: Int?

    /// Starts the listing.
    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: self)
    }

    /// Fetches the next page when asked.
    public struct Iterator: AsyncIteratorProtocol {
        let pages: S3ListObjectsPages
        var token: String?
        var finished = false

        init(pages: S3ListObjectsPages) {
            self.pages = pages
        }

        /// The next page, or `nil` after the last.
        public mutating func next() async throws -> S3ListObjectsPage? {
            guard !finished else { return nil }
            let page = try await pages.client.listObjectsV2(
                bucket: pages.bucket,
                prefix: pages.prefix,
                continuationToken: token,
                maxKeys: pages.pageSize
            )
            if page.isTruncated, let next = page.nextContinuationToken, next != token {
                token = next
            } else {
                finished = true
            }
            return page
        }
    }
}
