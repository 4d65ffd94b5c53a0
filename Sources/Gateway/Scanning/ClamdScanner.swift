import Clamd
import NIOCore

/// The production scanner: ClamAV's clamd over `INSTREAM`.
///
/// A stream over clamd's `StreamMaxLength` is reported as ``ScanVerdict/infected(signature:)``
/// with ``streamTooLargeSignature`` (never clean); connection problems and timeouts throw
/// ``ScannerUnavailable``; an error thrown by the byte stream itself is rethrown unchanged.
public struct ClamdScanner: FileScanner {
    /// The signature name reported when clamd refuses a stream as too large.
    public static let streamTooLargeSignature = "Attache.Limits.StreamTooLarge"

    /// The client used for every request.
    public let client: ClamdClient

    /// `clamd`.
    public var name: String { "clamd" }

    /// `true`.
    public var isAntivirus: Bool { true }

    /// Creates a scanner over a clamd client.
    /// - Parameter client: The client (its address and timeouts).
    public init(client: ClamdClient) {
        self.client = client
    }

    /// clamd's `VERSION` line.
    /// - Throws: ``ScannerUnavailable`` when clamd cannot be reached.
    public func version() async throws -> String {
        do throws(ClamdError) {
            return try await client.version()
        } catch {
            throw Self.map(error)
        }
    }

    /// Streams the bytes to clamd with `INSTREAM`.
    /// - Parameter bytes: The object's bytes.
    /// - Returns: The verdict.
    /// - Throws: ``ScannerUnavailable``; the byte stream's own error, unchanged.
    public func scan(_ bytes: AnyAsyncSequence<ByteBuffer>) async throws -> ScanVerdict {
        do throws(ClamdError) {
            switch try await client.scan(bytes) {
            case .clean: return .clean(scanner: name)
            case .infected(let signature): return .infected(signature: signature)
            }
        } catch .streamTooLarge {
            return .infected(signature: Self.streamTooLargeSignature)
        } catch .sourceFailed(let underlying) {
            throw underlying
        } catch .cancelled {
            throw CancellationError()
        } catch {
            throw Self.map(error)
        }
    }

    private static func map(_ error: ClamdError) -> ScannerUnavailable {
        ScannerUnavailable(scanner: "clamd", reason: error.description)
    }
}
