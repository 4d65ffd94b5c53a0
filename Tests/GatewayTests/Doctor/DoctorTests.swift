import Testing

@testable import Gateway

@Suite("Doctor")
struct DoctorTests {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "connection refused (127.0.0.1:1)" }
    }

    @Test("Every check runs in order; a thrown error becomes a failure carrying the check's fix")
    func runsInOrder() async {
        let doctor = Doctor(checks: [
            DoctorCheck(name: "configuration", fixForError: "-") { .pass("ok") },
            DoctorCheck(name: "clamd", fixForError: "start clamd or fix ATTACHE_CLAMD") { throw Refused() },
            DoctorCheck(name: "queue", fixForError: "-") { .skip("no queue configured") },
        ])
        let lines = await doctor.run()
        #expect(lines.map(\.name) == ["configuration", "clamd", "queue"])
        #expect(lines[1].verdict == .fail("connection refused (127.0.0.1:1)", fix: "start clamd or fix ATTACHE_CLAMD"))
        #expect(lines.contains { $0.verdict.isFailure })
        #expect(!lines[2].verdict.isFailure)
    }

    @Test("Failures and warnings print their fix on the next line")
    func formatting() {
        let fail = Doctor.format(.init(name: "clamd", verdict: .fail("refused", fix: "start clamd")))
        #expect(fail == "FAIL  clamd                  refused\n      fix: start clamd")
        let pass = Doctor.format(.init(name: "database", verdict: .pass("sqlite")))
        #expect(pass.hasPrefix("PASS  database "))
        #expect(!DoctorCheck.Verdict.warn("dev scanner", fix: "set ATTACHE_CLAMD").isFailure)
    }
}
