/// One of the gateway's Data Action endpoints, described well enough to export it as a Genesys
/// Cloud Web Services Data Action (a custom action of the `custom-rest-actions` integration).
///
/// The export follows the structure Genesys Cloud writes when an admin exports a custom action
/// (`name`, `integrationType`, `actionType`, `config.request`, `config.response`,
/// `contract.input.inputSchema`, `contract.output.successSchema`, `secure`); sources are listed
/// in `docs/genesys-setup.md`.
public struct DataActionDefinition: Sendable, Equatable {
    /// The action's name in Genesys (unique within the integration).
    public var name: String
    /// The export's file name, without `.custom.json`.
    public var fileStem: String
    /// The gateway path, appended to the public URL, e.g. `/v1/data-actions/file-link`.
    public var path: String
    /// What the action does, used as the contracts' description.
    public var summary: String
    /// The input contract: flat scalars, every one required.
    public var inputs: [ContractField]
    /// The output contract: the gateway's flat answer, every field always present.
    public var outputs: [ContractField]
    /// Whether Genesys should treat inputs and outputs as sensitive (not logged, secure variables).
    public var secure: Bool

    /// The integration type of a Web Services Data Actions integration.
    public static let integrationType = "custom-rest-actions"
    /// The User Defined credential field that holds the shared secret.
    public static let credentialName = "secret"
    /// The header the gateway reads the shared secret from.
    public static let secretHeader = DataActionAuthenticator.headerName
    /// The JSON Schema draft Genesys contracts declare.
    public static let schemaDraft = "http://json-schema.org/draft-04/schema#"

    /// Creates a definition.
    public init(
        name: String,
        fileStem: String,
        path: String,
        summary: String,
        inputs: [ContractField],
        outputs: [ContractField],
        secure: Bool = false
    ) {
        self.name = name
        self.fileStem = fileStem
        self.path = path
        self.summary = summary
        self.inputs = inputs
        self.outputs = outputs
        self.secure = secure
    }

    /// The export's file name, e.g. `attache-file-link.custom.json`.
    public var fileName: String { fileStem + ".custom.json" }

    /// The request body: a JSON object of the inputs, each string passed through
    /// `$esc.jsonString` so quotes, backslashes and newlines in a value cannot break the JSON.
    public var requestTemplate: String {
        let members = inputs.map { field -> String in
            let reference = "${input.\(field.name)}"
            let value = field.kind == .string ? "\"$esc.jsonString(\(reference))\"" : reference
            return "\"\(field.name)\": \(value)"
        }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// One JSONPath per output: the gateway answers flat JSON, so each is `$.<name>`.
    public var translationMap: [(String, String)] {
        outputs.map { ($0.name, "$.\($0.name)") }
    }

    /// The value each output takes when its JSONPath finds nothing (a JSON literal).
    public var translationMapDefaults: [(String, String)] {
        outputs.map { ($0.name, $0.kind.translationDefault) }
    }

    /// The success template: the translation map's values, placed under the output names.
    public var successTemplate: String {
        "{" + outputs.map { "\"\($0.name)\": ${\($0.name)}" }.joined(separator: ", ") + "}"
    }

    /// The importable `.custom.json` document.
    /// - Parameter publicURL: the gateway's validated public base URL.
    public func document(publicURL: GenesysPublicURL) -> ExportJSON {
        .object([
            ("name", .string(name)),
            ("integrationType", .string(Self.integrationType)),
            ("actionType", .string("custom")),
            (
                "config",
                .object([
                    (
                        "request",
                        .object([
                            ("requestUrlTemplate", .string(publicURL.appending(path))),
                            ("requestType", .string("POST")),
                            (
                                "headers",
                                .object([
                                    (Self.secretHeader, .string("${credentials.\(Self.credentialName)}")),
                                    ("Content-Type", .string("application/json")),
                                ])
                            ),
                            ("requestTemplate", .string(requestTemplate)),
                        ])
                    ),
                    (
                        "response",
                        .object([
                            ("translationMap", .object(translationMap.map { ($0.0, .string($0.1)) })),
                            ("translationMapDefaults", .object(translationMapDefaults.map { ($0.0, .string($0.1)) })),
                            ("successTemplate", .string(successTemplate)),
                        ])
                    ),
                ])
            ),
            (
                "contract",
                .object([
                    ("input", .object([("inputSchema", schema(title: "\(name) input", fields: inputs))])),
                    ("output", .object([("successSchema", schema(title: "\(name) output", fields: outputs))])),
                ])
            ),
            ("secure", .bool(secure)),
        ])
    }

    private func schema(title: String, fields: [ContractField]) -> ExportJSON {
        .object([
            ("$schema", .string(Self.schemaDraft)),
            ("title", .string(title)),
            ("description", .string(summary)),
            ("type", .string("object")),
            ("required", .array(fields.map { .string($0.name) })),
            ("properties", .object(fields.map { ($0.name, $0.schema) })),
            ("additionalProperties", .bool(true)),
        ])
    }
}
