import Foundation

/// The outcome of scanning one object, as recorded by the pipeline.
public struct ScanResultRecord: Sendable, Equatable, Codable {
    /// The file scanned.
    public var fileId: String
    /// `clean` or `rejected` (the upload's final state after this scan).
    public var verdict: UploadState
    /// The scanner that ran (`clamd`, `policy`).
    public var scanner: String
    /// The scanner's version string.
    public var scannerVersion: String?
    /// The signature or rule that matched, or the rejection reason.
    public var reason: String?
    /// The type detected from the bytes.
    public var detectedType: String?
    /// The size actually scanned.
    public var size: Int64?
    /// The SHA-256 of the bytes scanned, lowercase hex.
    public var sha256: String?
    /// When the scan finished.
    public var scannedAt: Date

    /// Creates a result.
    public init(
        fileId: String,
        verdict: UploadState,
        scanner: String,
        scannerVersion: String? = nil,
        reason: String? = nil,
        detectedType: String? = nil,
        size: Int64? = nil,
        sha256: String? = nil,
        scannedAt: Date
    ) {
        self.fileId = fileId
        self.verdict = verdict
        self.scanner = scanner
        self.scannerVersion = scannerVersion
        self.reason = reason
        self.detectedType = detectedType
        self.size = size
        self.sha256 = sha256
        self.scannedAt = scannedAt
    }
}
