import Foundation

/// Reads one part of a file at a time (`FileHandle` seek + read), so memory holds at most one
/// part per upload worker, never the whole file.
final class PartReader {
    private let handle: FileHandle
    private let path: String

    init(url: URL) throws(GatewayUploadError) {
        path = url.path
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw GatewayUploadError(.file, "cannot open \(url.lastPathComponent): \(error.localizedDescription)")
        }
    }

    deinit {
        try? handle.close()
    }

    /// The `length` bytes at `offset`; fewer bytes on disk means the file changed.
    func read(offset: Int64, length: Int64) throws(GatewayUploadError) -> Data {
        do {
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: Int(length)) ?? Data()
            guard data.count == Int(length) else {
                throw GatewayUploadError(
                    .file, "\(URL(fileURLWithPath: path).lastPathComponent) is shorter than when the upload began")
            }
            return data
        } catch let error as GatewayUploadError {
            throw error
        } catch {
            throw GatewayUploadError(.file, "cannot read \(URL(fileURLWithPath: path).lastPathComponent): \(error)")
        }
    }

    /// The size of the file at `url`.
    static func size(of url: URL) throws(GatewayUploadError) -> Int64 {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            guard let size = (attributes[.size] as? NSNumber)?.int64Value else {
                throw GatewayUploadError(.file, "\(url.lastPathComponent) has no size")
            }
            return size
        } catch let error as GatewayUploadError {
            throw error
        } catch {
            throw GatewayUploadError(.file, "cannot read \(url.lastPathComponent): \(error.localizedDescription)")
        }
    }
}
