import Foundation

/// The real services a test run provides, read from the environment that `scripts/test` sets.
///
/// Integration tests ask for a service through this type. When a service is missing, a local
/// run skips the test (`isAvailable == false`), but under `CI=true` a missing service is a
/// failure: ``require(_:)`` throws so the test fails instead of passing silently.
public enum TestEnvironment {
    /// A service that integration tests depend on.
    public struct Service: Sendable, CustomStringConvertible {
        /// The environment variable that carries the service's address.
        public let variable: String
        /// A human name for log and failure messages.
        public let name: String

        public var description: String { "\(name) (\(variable))" }

        /// moto's server, speaking S3 and SQS: `http://127.0.0.1:PORT`.
        public static let moto = Service(variable: "ATTACHE_TEST_MOTO_ENDPOINT", name: "moto S3/SQS server")
        /// clamd with the EICAR-only database: `tcp://127.0.0.1:PORT`.
        public static let clamd = Service(variable: "ATTACHE_TEST_CLAMD", name: "clamd")
        /// A PostgreSQL database the store tests may create schemas in:
        /// `postgres://USER@127.0.0.1:PORT/DB?sslmode=disable`.
        public static let postgres = Service(variable: "ATTACHE_TEST_POSTGRES_URL", name: "PostgreSQL server")
        /// The Python interpreter that has botocore installed (the SigV4 oracle).
        public static let python = Service(variable: "ATTACHE_TEST_PYTHON", name: "Python with botocore")
        /// The clamd binary, for tests that start and stop their own instance.
        public static let clamdBinary = Service(variable: "ATTACHE_TEST_CLAMD_BIN", name: "clamd binary")
        /// The directory with the test signature database, for tests that start their own clamd.
        public static let clamdDatabase = Service(variable: "ATTACHE_TEST_CLAMD_DB", name: "clamd test database")
    }

    /// The error thrown when a required service is missing under `CI=true`.
    public struct MissingService: Error, CustomStringConvertible {
        public let service: Service
        public var description: String {
            "\(service) is not configured; run the tests through scripts/test, which starts it"
        }
    }

    /// Whether this run is in CI, where a missing service is a failure.
    public static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased()
        return value == "true" || value == "1"
    }

    /// The configured value of a service, if any.
    public static func value(_ service: Service) -> String? {
        guard let value = ProcessInfo.processInfo.environment[service.variable], !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Whether an integration test that needs `service` should run.
    ///
    /// True when the service is configured, and always true under `CI=true`, so that the test
    /// runs and fails through ``require(_:)`` rather than being skipped.
    public static func isAvailable(_ service: Service) -> Bool {
        isCI || value(service) != nil
    }

    /// The service's value, or a thrown ``MissingService``.
    public static func require(_ service: Service) throws -> String {
        guard let value = value(service) else { throw MissingService(service: service) }
        return value
    }

    /// moto's endpoint as a URL.
    public static func motoEndpoint() throws -> URL {
        let raw = try require(.moto)
        guard let url = URL(string: raw) else { throw MissingService(service: .moto) }
        return url
    }

    /// A name unique to this process and call, for buckets and queues that tests create.
    ///
    /// S3 bucket names allow lowercase letters, digits and hyphens, 3 to 63 characters.
    public static func uniqueName(_ prefix: String) -> String {
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        return "\(prefix)-\(suffix)"
    }
}
