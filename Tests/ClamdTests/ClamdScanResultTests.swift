import Testing

@testable import Clamd

@Suite("ClamdScanResult")
struct ClamdScanResultTests {
    @Test("Limit alerts are infected results that say a limit was exceeded")
    func limitAlerts() {
        let alert = ClamdScanResult.infected(signature: "Heuristics.Limits.Exceeded.MaxFileSize")
        #expect(!alert.isClean)
        #expect(alert.isLimitExceeded)
        #expect(!ClamdScanResult.infected(signature: "Attache.Test.EICAR.UNOFFICIAL").isLimitExceeded)
        #expect(ClamdScanResult.clean.isClean)
        #expect(!ClamdScanResult.clean.isLimitExceeded)
        #expect(alert.description == "infected(Heuristics.Limits.Exceeded.MaxFileSize)")
    }
}
