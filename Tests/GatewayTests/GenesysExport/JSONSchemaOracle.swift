import Foundation
import TestSupport
import Testing

/// Validates documents with Python's `jsonschema` (PyPI), the reference implementation of JSON
/// Schema used as an oracle: the Genesys export fixture is checked as a draft-7 schema, each
/// document against it, each contract as a draft-04 schema, and sample answers against contracts.
enum JSONSchemaOracle {
    /// Per label, the validation errors found (empty when valid).
    typealias Report = [String: [String]]

    /// A document to validate against the export schema, as JSON text.
    struct Labelled {
        var label: String
        var json: String
    }

    /// An instance to validate against a contract schema (both parsed JSON values).
    struct Instance {
        var label: String
        var schema: Any
        var instance: Any
    }

    /// Whether the oracle can run here: Python is configured and imports `jsonschema`.
    /// Under `CI=true` a missing oracle is a failure, not a skip.
    static func available() throws -> Bool {
        guard let python = TestEnvironment.value(.python) else {
            if TestEnvironment.isCI { _ = try TestEnvironment.require(.python) }
            return false
        }
        let (status, _, _) = try runPython(python, arguments: ["-c", "import jsonschema"])
        if status != 0 && TestEnvironment.isCI {
            Issue.record("ATTACHE_TEST_PYTHON has no jsonschema; scripts/test installs it (pip install jsonschema)")
        }
        return status == 0
    }

    /// Validates `valid` and `invalid` documents against the draft-7 `schema` (and each
    /// document's contracts as draft-04 schemas), and each instance against its schema.
    static func run(schema: String, valid: [Labelled], invalid: [Labelled], instances: [Instance]) throws -> Report {
        func parse(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
        let job: [String: Any] = [
            "schema": try parse(schema),
            "valid": try valid.map { ["label": $0.label, "document": try parse($0.json)] },
            "invalid": try invalid.map { ["label": $0.label, "document": try parse($0.json)] },
            "instances": instances.map { ["label": $0.label, "schema": $0.schema, "instance": $0.instance] },
        ]
        let python = try TestEnvironment.require(.python)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-jsonschema-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let jobURL = directory.appendingPathComponent("job.json")
        let scriptURL = directory.appendingPathComponent("validate.py")
        try JSONSerialization.data(withJSONObject: job).write(to: jobURL)
        try Data(script.utf8).write(to: scriptURL)
        let (status, output, errors) = try runPython(python, arguments: [scriptURL.path, jobURL.path])
        guard status == 0 else {
            throw OracleFailure(message: "validate.py exited \(status): \(errors)")
        }
        return try JSONDecoder().decode(Report.self, from: output)
    }

    struct OracleFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func runPython(_ python: String, arguments: [String]) throws -> (Int32, Data, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output, String(decoding: errors, as: UTF8.self))
    }

    private static let script = #"""
        import json, sys
        import jsonschema
        from jsonschema import Draft4Validator, Draft7Validator

        job = json.load(open(sys.argv[1]))
        Draft7Validator.check_schema(job["schema"])
        validator = Draft7Validator(job["schema"])
        report = {}

        def errors_of(document):
            found = ["/".join(str(p) for p in e.absolute_path) + ": " + e.message
                     for e in validator.iter_errors(document)]
            contract = document.get("contract", {}) if isinstance(document, dict) else {}
            for side, key in (("input", "inputSchema"), ("output", "successSchema")):
                sub = contract.get(side, {}).get(key) if isinstance(contract.get(side), dict) else None
                if sub is None:
                    continue
                try:
                    Draft4Validator.check_schema(sub)
                except jsonschema.exceptions.SchemaError as error:
                    found.append(key + " is not a valid draft-04 schema: " + error.message)
            return found

        for item in job["valid"] + job["invalid"]:
            report[item["label"]] = errors_of(item["document"])
        for item in job["instances"]:
            Draft4Validator.check_schema(item["schema"])
            report[item["label"]] = [e.message for e in Draft4Validator(item["schema"]).iter_errors(item["instance"])]
        print(json.dumps(report))
        """#
}
