import Foundation

/// Runs ``DoctorCheck``s in order and prints one line per check, with the fix for each failure.
public struct Doctor: Sendable {
    /// One printed result.
    public struct Line: Sendable, Equatable {
        /// The check's name.
        public var name: String
        /// What it found.
        public var verdict: DoctorCheck.Verdict

        /// Creates a line.
        public init(name: String, verdict: DoctorCheck.Verdict) {
            self.name = name
            self.verdict = verdict
        }
    }

    /// The checks, in the order they run.
    public var checks: [DoctorCheck]

    /// Creates a doctor for the given checks.
    public init(checks: [DoctorCheck]) {
        self.checks = checks
    }

    /// Runs every check in order, handing each line to `report` as soon as it is known.
    /// - Returns: every line; the run passed when none is a failure.
    @discardableResult
    public func run(report: @Sendable (Line) -> Void = { _ in }) async -> [Line] {
        var lines: [Line] = []
        for check in checks {
            let verdict: DoctorCheck.Verdict
            do {
                verdict = try await check.run()
            } catch {
                verdict = .fail("\(error)", fix: check.fixForError)
            }
            let line = Line(name: check.name, verdict: verdict)
            report(line)
            lines.append(line)
        }
        return lines
    }

    /// The text of a line as the CLI prints it: status, padded name, detail, and the fix below.
    public static func format(_ line: Line) -> String {
        let name = line.name.padding(toLength: max(line.name.count, 22), withPad: " ", startingAt: 0)
        switch line.verdict {
        case .pass(let detail): return "PASS  \(name) \(detail)"
        case .skip(let detail): return "SKIP  \(name) \(detail)"
        case .warn(let detail, let fix): return "WARN  \(name) \(detail)\n      fix: \(fix)"
        case .fail(let detail, let fix): return "FAIL  \(name) \(detail)\n      fix: \(fix)"
        }
    }
}
