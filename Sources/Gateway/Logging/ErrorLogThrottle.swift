import Logging
import NIOConcurrencyHelpers

/// Keeps an outage from flooding the log: the first failure of a kind is logged, the same kind
/// again within ``window`` only counted, and the next line logged after the window says how many
/// were left out. While PostgreSQL is down every upload request fails the same way; the log then
/// gets one line per window instead of one per request (each request still gets its 503).
final class ErrorLogThrottle: Sendable {
    /// How long a kind of failure stays quiet after it was logged.
    let window: Duration
    private let clock: @Sendable () -> ContinuousClock.Instant
    private let kinds = NIOLockedValueBox<[String: Kind]>([:])

    private struct Kind {
        var loggedAt: ContinuousClock.Instant
        var suppressed: Int
    }

    /// - Parameters:
    ///   - window: how long a kind stays quiet after a line (default 10 s).
    ///   - clock: the time source (tests move it).
    init(window: Duration = .seconds(10), clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.window = window
        self.clock = clock
    }

    /// Whether to log a failure of `kind` now, and how many of that kind were left out since
    /// the last line (`nil` when it is to be left out, counted).
    func admit(_ kind: String) -> Int? {
        let now = clock()
        return kinds.withLockedValue { kinds -> Int? in
            if var entry = kinds[kind], now < entry.loggedAt.advanced(by: window) {
                entry.suppressed += 1
                kinds[kind] = entry
                return nil
            }
            let suppressed = kinds[kind]?.suppressed ?? 0
            kinds[kind] = Kind(loggedAt: now, suppressed: 0)
            return suppressed
        }
    }

    /// Logs `message` at error level for `error` unless a failure of the same kind (its type
    /// and, for a state store error, its code) was logged within the window; the line carries
    /// `suppressed` when earlier ones were left out.
    func error(_ message: Logger.Message, error: any Error, metadata: Logger.Metadata = [:], to logger: Logger) {
        guard let suppressed = admit(Self.kind(of: error)) else { return }
        var metadata = metadata
        metadata["error"] = "\(error)"
        if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
        logger.error(message, metadata: metadata)
    }

    /// The kind a failure is counted under.
    static func kind(of error: any Error) -> String {
        if let error = error as? UploadStateStoreError { return error.code }
        return String(reflecting: type(of: error))
    }
}
