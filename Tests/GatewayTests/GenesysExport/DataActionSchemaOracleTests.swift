import Foundation
import Gateway
import TestSupport
import Testing

/// The Must-show: the exported Data Action JSON validates against the structure Genesys documents
/// for custom actions (``GenesysCustomActionSchema``), checked by Python's `jsonschema`.
@Suite(
    "Genesys export validates against the documented structure (jsonschema)",
    .enabled(if: TestEnvironment.isAvailable(.python)))
struct DataActionSchemaOracleTests {
    typealias Support = ExportTestSupport

    @Test("Every exported action validates; broken variants do not; sample answers fit the output contracts")
    func oracle() throws {
        guard try JSONSchemaOracle.available() else { return }
        let url = try Support.publicURL()
        let valid = AttacheDataActions.all.map {
            JSONSchemaOracle.Labelled(label: $0.fileName, json: $0.document(publicURL: url).prettyPrinted)
        }
        let loopback = try GenesysPublicURL("http://127.0.0.1:8080")
        let local = JSONSchemaOracle.Labelled(
            label: "loopback " + AttacheDataActions.fileLink.fileName,
            json: AttacheDataActions.fileLink.document(publicURL: loopback).prettyPrinted)
        let invalid = try brokenVariants(of: try Support.document(AttacheDataActions.fileLink))
        var instances: [JSONSchemaOracle.Instance] = []
        for action in AttacheDataActions.all {
            let document = try Support.document(action)
            let schema = try #require(Support.value(document, "contract", "output", "successSchema"))
            for (index, answer) in Support.sampleAnswers(action).enumerated() {
                instances.append(.init(label: "answer \(index) of \(action.name)", schema: schema, instance: answer))
            }
            let inputSchema = try #require(Support.value(document, "contract", "input", "inputSchema"))
            let inputs = Dictionary(uniqueKeysWithValues: action.inputs.map { ($0.name, "6f0a2b1c") })
            instances.append(.init(label: "inputs of \(action.name)", schema: inputSchema, instance: inputs))
        }
        let report = try JSONSchemaOracle.run(
            schema: GenesysCustomActionSchema.json, valid: valid + [local], invalid: invalid, instances: instances)
        for item in valid + [local] {
            #expect(report[item.label] == [], "\(item.label): \(report[item.label] ?? ["not validated"])")
        }
        for item in invalid {
            #expect(report[item.label]?.isEmpty == false, "the schema should refuse: \(item.label)")
        }
        for item in instances {
            #expect(report[item.label] == [], "\(item.label): \(report[item.label] ?? ["not validated"])")
        }
    }

    /// Variants of a valid export that Genesys's documentation says are wrong, proving the schema
    /// is not vacuous.
    private func brokenVariants(of document: [String: Any]) throws -> [JSONSchemaOracle.Labelled] {
        func variant(_ label: String, _ change: (inout [String: Any]) -> Void) throws -> JSONSchemaOracle.Labelled {
            var copy = document
            change(&copy)
            let data = try JSONSerialization.data(withJSONObject: copy)
            return .init(label: label, json: String(decoding: data, as: UTF8.self))
        }
        func setting(_ path: [String], _ value: Any?, in object: inout [String: Any]) {
            guard let key = path.first else { return }
            if path.count == 1 {
                object[key] = value
            } else {
                var child = object[key] as? [String: Any] ?? [:]
                setting(Array(path.dropFirst()), value, in: &child)
                object[key] = child
            }
        }
        let input = ["contract", "input", "inputSchema"]
        return [
            try variant("no actionType") { setting(["actionType"], nil, in: &$0) },
            try variant("unknown top-level key") { setting(["secret"], "s3cr3t", in: &$0) },
            try variant("method TRACE") { setting(["config", "request", "requestType"], "TRACE", in: &$0) },
            try variant("ftp URL") { setting(["config", "request", "requestUrlTemplate"], "ftp://x/y", in: &$0) },
            try variant("non-string header") { setting(["config", "request", "headers", "X-A"], 1, in: &$0) },
            try variant("no success template") { setting(["config", "response", "successTemplate"], nil, in: &$0) },
            try variant("nested input object") {
                setting(
                    input + ["properties", "nested"], ["type": "object", "properties": [:] as [String: Any]], in: &$0)
            },
            try variant("reserved input rawRequest") {
                setting(input + ["properties", "rawRequest"], ["type": "string"], in: &$0)
            },
            try variant("input name with a dot") {
                setting(input + ["properties", "a.b"], ["type": "string"], in: &$0)
            },
            try variant("\u{24}ref in a contract") { setting(input + ["$ref"], "#/x", in: &$0) },
            try variant("input contract not an object") { setting(input + ["type"], "array", in: &$0) },
            try variant("contract draft-07") {
                setting(input + ["$schema"], "http://json-schema.org/draft-07/schema#", in: &$0)
            },
            try variant("nested output array") {
                setting(
                    ["contract", "output", "successSchema", "properties", "url"],
                    ["type": "array", "items": ["type": "array", "items": ["type": "string"]]], in: &$0)
            },
            try variant("invalid draft-04 contract") { setting(input + ["required"], "conversationId", in: &$0) },
        ]
    }
}
