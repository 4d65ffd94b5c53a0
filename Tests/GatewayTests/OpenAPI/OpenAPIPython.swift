import Foundation
import TestSupport

/// Runs the Python side of the OpenAPI tests (`ATTACHE_TEST_PYTHON`): PyYAML turns the document
/// into JSON (no Swift YAML dependency), and `openapi-spec-validator` validates it and every
/// example in it against its schema.
enum OpenAPIPython {
    /// What the script answered.
    struct Output {
        /// The document as JSON objects.
        var document: [String: Any]
        /// What the validator found (empty when valid); `nil` unless validation was asked for.
        var problems: [String]?
    }

    /// The Python side cannot run.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether the OpenAPI tests that need Python run: always under `CI=true` (where a missing
    /// interpreter or module fails them), locally only when the interpreter has the modules.
    static func isAvailable(validator: Bool) -> Bool {
        if TestEnvironment.isCI { return true }
        guard let python = TestEnvironment.value(.python) else { return false }
        let modules = validator ? "yaml, openapi_spec_validator" : "yaml"
        return (try? run(python, arguments: ["-c", "import \(modules)"], input: Data()))?.status == 0
    }

    /// Converts (and with `validate`, validates) the YAML document.
    static func load(_ yaml: Data, validate: Bool) throws -> Output {
        let python = try TestEnvironment.require(.python)
        let arguments = ["-c", script] + (validate ? ["validate"] : [])
        let result = try run(python, arguments: arguments, input: yaml)
        guard result.status == 0 else {
            throw Unavailable(description: "the OpenAPI script exited \(result.status): \(result.errors)")
        }
        guard let object = try JSONSerialization.jsonObject(with: result.output) as? [String: Any] else {
            throw Unavailable(description: "the OpenAPI script did not answer a JSON object")
        }
        if let missing = object["missing"] as? String {
            throw Unavailable(
                description: "\(python) lacks \(missing); scripts/test installs openapi-spec-validator with moto")
        }
        guard let document = object["document"] as? [String: Any] else {
            throw Unavailable(description: "the document is not a YAML mapping")
        }
        return Output(document: document, problems: object["problems"] as? [String])
    }

    private static func run(
        _ python: String, arguments: [String], input: Data
    ) throws -> (status: Int32, output: Data, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-openapi-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let stderr = try FileHandle(forWritingTo: errorFile)
        defer { try? stderr.close() }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // The document is small enough for the pipe's buffer only on some systems: write it from
        // another thread while this one reads the answer, so neither side can block the other.
        let writer = stdin.fileHandleForWriting
        let writing = Thread {
            try? writer.write(contentsOf: input)
            try? writer.close()
        }
        writing.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, output, String(errors.suffix(2000)))
    }

    /// YAML → JSON on stdout; with `validate`, also the validator's and the examples' problems.
    static let script = #"""
        import json
        import sys

        METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


        def main():
            try:
                import yaml
            except ImportError as error:
                print(json.dumps({"missing": f"PyYAML ({error})"}))
                return
            document = yaml.safe_load(sys.stdin.read())
            result = {"document": document}
            if "validate" in sys.argv[1:]:
                try:
                    from openapi_spec_validator import validate
                    from openapi_schema_validator import OAS31Validator
                except ImportError as error:
                    print(json.dumps({"missing": f"openapi-spec-validator ({error})"}))
                    return
                problems = []
                try:
                    validate(document)
                except Exception as error:
                    problems.append(f"openapi-spec-validator: {str(error)[:2000]}")
                problems += example_problems(document, OAS31Validator)
                result["problems"] = problems
            print(json.dumps(result, default=repr))


        def resolve(document, node):
            for _ in range(32):
                if not (isinstance(node, dict) and "$ref" in node):
                    return node
                target = document
                for part in node["$ref"].removeprefix("#/").split("/"):
                    target = target[part.replace("~1", "/").replace("~0", "~")]
                node = target
            raise ValueError("$ref chain too long")


        def example_problems(document, validator_class):
            problems = []
            components = document.get("components", {})
            for path, item in document.get("paths", {}).items():
                for method, operation in item.items():
                    if method not in METHODS:
                        continue
                    bodies = [("request", operation["requestBody"])] if "requestBody" in operation else []
                    bodies += list(operation.get("responses", {}).items())
                    for where, body in bodies:
                        for media, content in resolve(document, body).get("content", {}).items():
                            if "schema" not in content:
                                continue
                            validator = validator_class(
                                {"allOf": [content["schema"]], "components": components},
                                format_checker=validator_class.FORMAT_CHECKER,
                            )
                            examples = {name: resolve(document, e) for name, e in content.get("examples", {}).items()}
                            if "example" in content:
                                examples["example"] = {"value": content["example"]}
                            for name, example in examples.items():
                                for error in validator.iter_errors(example.get("value")):
                                    at = "/".join(str(p) for p in error.absolute_path)
                                    message = error.message if len(error.message) < 300 else error.message[:300] + "…"
                                    place = f"{method.upper()} {path} {where} {media} example '{name}' at /{at}"
                                    problems.append(f"{place}: {message}")
            return problems


        main()
        """#
}
