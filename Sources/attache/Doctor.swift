import ArgumentParser
import Foundation
import Gateway
import Logging

/// `attache doctor`: checks the configuration against reality and says how to fix what fails.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Check credentials, buckets (privacy, encryption, lifecycle), bucket events, queue and dead-letter queue, clamd; exit 0 unless a check fails."
    )

    @OptionGroup var options: GatewayOptions

    func run() async throws {
        let configuration: GatewayConfiguration
        do {
            configuration = try options.resolve()
        } catch {
            print(
                Gateway.Doctor.format(
                    .init(name: "configuration", verdict: .fail("\(error)", fix: "correct the value"))))
            throw ExitCode.failure
        }
        LoggingSetup.bootstrap(format: configuration.logFormat, level: .error)
        let runtime = try GatewayRuntime(configuration: configuration, logger: Logger(label: "attache.doctor"))
        let lines = await Gateway.Doctor(checks: DoctorChecks.make(runtime: runtime)).run { line in
            Console.write(Gateway.Doctor.format(line))
        }
        try? await runtime.close()
        let failures = lines.filter(\.verdict.isFailure).count
        print(failures == 0 ? "\nAll checks passed." : "\n\(failures) check(s) failed.")
        if failures > 0 { throw ExitCode.failure }
    }
}
