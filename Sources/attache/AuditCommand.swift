import ArgumentParser
import Foundation
import Gateway
import Logging

/// `attache audit`: the tamper-evident audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log's hash chain.",
        subcommands: [AuditVerify.self]
    )
}

/// `attache audit verify`: walks the audit chain of the configured database and names the first
/// broken link. Exit status 0 intact, 1 broken, 2 when the database cannot be read.
struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the audit log's hash chain; exit 0 intact, 1 broken (naming the entry), 2 unreadable."
    )

    @OptionGroup var options: GatewayOptions

    @Option(help: "Minutes an audit entry may stay unsealed before it counts as a break (default 15).")
    var unsealedMinutes: Int = 15

    @Option(help: "SEQ:HASH from an 'audit chain sealed' log line: the chain must still hold it.")
    var anchor: String?

    func validate() throws {
        guard unsealedMinutes >= 1 else { throw ValidationError("--unsealed-minutes must be at least 1") }
        if let anchor, AuditChainHead(parsing: anchor) == nil {
            throw ValidationError("--anchor must be SEQ:HASH (a position and 64 hex digits), got \(anchor)")
        }
    }

    func run() async throws {
        let configuration = try options.resolve()
        LoggingSetup.bootstrap(format: configuration.logFormat, level: .error)
        let verification: AuditChainVerification
        let database: StateDatabase
        do {
            database = try StateDatabase(
                location: configuration.database, logger: Logger(label: "attache.audit"), checkpointsInBackground: false
            )
        } catch {
            Console.write("Cannot open the state database: \(error)")
            throw ExitCode(2)
        }
        do {
            let store: any AuditChainStore =
                if let postgres = database.postgres {
                    PostgresUploadStateStore(database: postgres)
                } else {
                    try GRDBUploadStateStore(database: database)
                }
            verification = try await AuditChainVerifier(store: store).verify(
                unsealedGrace: .seconds(unsealedMinutes * 60), anchor: anchor.flatMap(AuditChainHead.init(parsing:)))
        } catch {
            try? await database.close()
            Console.write("Cannot read the audit log of \(configuration.database): \(error)")
            throw ExitCode(2)
        }
        try? await database.close()
        switch verification {
        case .intact(let summary):
            let head = summary.head.map { "head \($0)" } ?? "empty chain"
            Console.write(
                "Audit chain intact: \(summary.links) entries sealed, \(head); "
                    + "\(summary.unsealed) newer entries not sealed yet.")
        case .broken(let broken):
            Console.write("Audit chain BROKEN: \(broken)")
            throw ExitCode.failure
        }
    }
}
