import BrowserTesting
import Foundation
import Testing

/// The WebDriver BiDi client the Firefox tests use: remote values to JSON without a browser, and
/// against a real headless Firefox: values and arguments round-trip, promises are awaited, a
/// throwing script and a wait that never comes true fail with what happened.
@Suite("Firefox WebDriver BiDi client")
struct FirefoxBiDiTests {
    @Test("Remote values become JSON; JSON becomes local values")
    func valueConversions() throws {
        let remote = try BiDiValue.parse(
            """
            {"type":"object","value":[
              ["n",{"type":"number","value":1.5}], ["nan",{"type":"number","value":"NaN"}],
              ["u",{"type":"undefined"}], ["s",{"type":"string","value":"x"}],
              ["a",{"type":"array","value":[{"type":"boolean","value":true},{"type":"null"}]}],
              ["m",{"type":"map","value":[[{"type":"number","value":2},{"type":"string","value":"two"}]]}],
              ["d",{"type":"date","value":"2026-11-26T00:00:00.000Z"}], ["e",{"type":"node"}],
              ["r",{"type":"regexp","value":{"pattern":"a+","flags":"g"}}]
            ]}
            """)
        let value = BiDiValue(remoteValue: remote)
        #expect(value["n"] == 1.5)
        #expect(value["nan"].number?.isNaN == true)
        #expect(value["u"] == .null)
        #expect(value["s"] == "x")
        #expect(value["a"] == [true, nil])
        #expect(value["m"] == ["2": "two"])
        #expect(value["d"] == "2026-11-26T00:00:00.000Z")
        #expect(value["e"] == ["type": "node"])
        #expect(value["r"] == "/a+/g")
        #expect(value["missing"] == .null)
        #expect(BiDiValue(remoteValue: ["type": "mystery"]) == ["type": "mystery"])
        let local: BiDiValue = ["k": [1, "v"]]
        #expect(
            local.localValue
                == [
                    "type": "object",
                    "value": [
                        [
                            "k",
                            [
                                "type": "array",
                                "value": [["type": "number", "value": 1], ["type": "string", "value": "v"]],
                            ],
                        ]
                    ],
                ])
        #expect(BiDiValue.number(.infinity).localValue == ["type": "number", "value": "Infinity"])
    }

    @Test(
        "In Firefox: values round-trip, promises are awaited, exceptions and timeouts are reported",
        .enabled(if: FirefoxEnvironment.isAvailable), .timeLimit(.minutes(2)))
    func scriptsInFirefox() async throws {
        try await FirefoxBiDi.run { firefox in
            let value = try await firefox.evaluate(
                "({ list: [1, 'two', null, true], nested: { ok: true }, none: undefined, text: 'é\"<' })")
            #expect(value == ["list": [1, "two", nil, true], "nested": ["ok": true], "none": nil, "text": "é\"<"])
            let echoed = try await firefox.call(
                "(a, b) => ({ a, b, sum: a.n + b })", arguments: [["n": 40, "s": "x"], 2])
            #expect(echoed == ["a": ["n": 40, "s": "x"], "b": 2, "sum": 42])
            #expect(try await firefox.evaluate("new Promise((r) => setTimeout(() => r('later'), 50))") == "later")

            await #expect(throws: FirefoxBiDi.Failure.self) {
                try await firefox.evaluate("(() => { throw new Error('boom'); })()")
            }
            do {
                try await firefox.evaluate("undefinedFunction()")
                Issue.record("a ReferenceError was not reported")
            } catch let error as FirefoxBiDi.Failure {
                #expect(error.description.contains("undefinedFunction"), "\(error)")
            }
            await #expect(throws: FirefoxBiDi.Failure.self) {
                try await firefox.connection.send("no.suchCommand", [:])
            }
            let started = ContinuousClock.now
            do {
                try await firefox.wait(until: "() => false", timeout: .milliseconds(500), what: "never")
                Issue.record("a wait that never came true returned")
            } catch let error as FirefoxBiDi.Failure {
                #expect(error.description.contains("never"))
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            try await firefox.wait(until: "() => document.readyState === 'complete'", what: "a loaded document")
            #expect(try await firefox.screenshot().starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
    }
}
