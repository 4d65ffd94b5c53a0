import Logging

/// Installs the process-wide swift-log backend once, at start-up.
public enum LoggingSetup {
    /// Bootstraps swift-log with the configured format and level.
    ///
    /// Call once, before the first `Logger` is made; the CLI does this after resolving the
    /// configuration.
    public static func bootstrap(format: LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                return JSONLogHandler(label: label, level: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
