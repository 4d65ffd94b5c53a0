import AWSClients
import Foundation

extension S3ObjectStore: MultipartUploadListing {
    /// Follows ListMultipartUploads pages of the quarantine bucket until `limit` old enough
    /// uploads are found or the listing ends.
    public func pendingMultipartUploads(
        prefix: String, startedBefore: Date, limit: Int
    ) async throws -> [PendingMultipartUpload] {
        var found: [PendingMultipartUpload] = []
        var keyMarker: String?
        var uploadIDMarker: String?
        while found.count < limit {
            let page = try await client.listMultipartUploads(
                bucket: quarantineBucket, prefix: prefix, keyMarker: keyMarker, uploadIDMarker: uploadIDMarker)
            for summary in page.uploads where found.count < limit {
                if let initiated = summary.initiated, initiated > startedBefore { continue }
                found.append(
                    PendingMultipartUpload(
                        key: summary.upload.key, uploadID: summary.upload.uploadID, initiated: summary.initiated))
            }
            guard page.isTruncated, let next = page.nextKeyMarker,
                next != keyMarker || page.nextUploadIDMarker != uploadIDMarker
            else { break }
            keyMarker = next
            uploadIDMarker = page.nextUploadIDMarker
        }
        return found
    }
}
