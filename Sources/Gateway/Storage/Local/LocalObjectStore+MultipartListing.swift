import Foundation

extension LocalObjectStore: MultipartUploadListing {
    /// Reads the `multipart/<uploadId>/upload.json` descriptions; folders without a readable
    /// one (a crash while starting) are skipped.
    public func pendingMultipartUploads(
        prefix: String, startedBefore: Date, limit: Int
    ) async throws -> [PendingMultipartUpload] {
        let directory = layout.multipartDirectory.path
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        var found: [PendingMultipartUpload] = []
        for uploadID in names.sorted() where found.count < limit {
            guard let upload = try? multipartUpload(uploadID), upload.key.hasPrefix(prefix),
                upload.initiated <= startedBefore
            else { continue }
            found.append(PendingMultipartUpload(key: upload.key, uploadID: uploadID, initiated: upload.initiated))
        }
        return found
    }
}
