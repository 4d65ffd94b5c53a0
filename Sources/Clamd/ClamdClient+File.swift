import NIOCore
import NIOFileSystem

extension ClamdClient {
    /// Scans a file, streaming it from disk in chunks of ``Configuration/chunkSize`` bytes.
    ///
    /// The file is opened before clamd is contacted, so a missing file is reported as such.
    ///
    /// - Parameter path: the file to scan.
    /// - Returns: the verdict.
    /// - Throws: ``ClamdError/fileUnreadable(path:reason:)`` when the file cannot be opened or
    ///   read, otherwise as for `scan(_:)`.
    public func scan(fileAt path: String) async throws(ClamdError) -> ClamdScanResult {
        let chunkLength = ByteCount.bytes(Int64(configuration.chunkSize))
        let outcome: Result<ClamdScanResult, ClamdError>
        do {
            outcome = try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                do throws(ClamdError) {
                    return .success(try await self.scan(handle.readChunks(chunkLength: chunkLength)))
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            throw .fileUnreadable(path: path, reason: Self.reason(error))
        }
        switch outcome {
        case .success(let result):
            return result
        case .failure(.sourceFailed(let underlying)):
            throw .fileUnreadable(path: path, reason: Self.reason(underlying))
        case .failure(let error):
            throw error
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? FileSystemError {
            return "\(error.code)"
        }
        return "\(error)"
    }
}
