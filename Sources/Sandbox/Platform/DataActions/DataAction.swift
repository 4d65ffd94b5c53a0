/// A Genesys-style custom Data Action: where to send the request and how to build it.
///
/// The field names are those of a Genesys Web Services Data Actions action's
/// `config.request` (`requestUrlTemplate`, `requestType`, `headers`, `requestTemplate`), plus the
/// integration's user-defined `credentials`, so a sandbox rule reads like an exported action.
/// Templates use Velocity references: `${input.name}`, `$!{input.name}` (empty when missing),
/// `${credentials.name}`, `$esc.jsonString(…)` and `$esc.url(…)`; see ``DataActionTemplate``.
public struct DataAction: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The action id used in `POST /api/v2/integrations/actions/{actionId}/execute` (defaults to the
    /// name, lowercased, with runs of other characters turned into `-`).
    public var id: String
    /// A human name for logs.
    public var name: String
    /// The request URL, a template (`$esc.url(${input.x})` for values in the path or query).
    public var requestUrlTemplate: String
    /// The HTTP method, e.g. `POST`.
    public var requestType: String
    /// Request headers; values are templates (e.g. `Authorization: Bearer ${credentials.token}`).
    public var headers: [String: String]
    /// The request body, a template that must render to JSON.
    public var requestTemplate: String
    /// The integration's credentials, referenced as `${credentials.name}` (never logged).
    public var credentials: [String: String]
    /// How long to wait for the answer, in seconds.
    public var timeoutSeconds: Int

    /// Creates a Data Action.
    public init(
        id: String? = nil,
        name: String,
        requestUrlTemplate: String,
        requestType: String = "POST",
        headers: [String: String] = [:],
        requestTemplate: String,
        credentials: [String: String] = [:],
        timeoutSeconds: Int = 10
    ) {
        self.id = id ?? Self.slug(name)
        self.name = name
        self.requestUrlTemplate = requestUrlTemplate
        self.requestType = requestType
        self.headers = headers
        self.requestTemplate = requestTemplate
        self.credentials = credentials
        self.timeoutSeconds = timeoutSeconds
    }

    /// The name and URL template; header values and credentials are never printed.
    public var description: String { "DataAction(\(name) \(requestType) \(requestUrlTemplate))" }

    /// The request body Attaché's sandbox rules send by default: the conversation, the customer
    /// participant, the message metadata and the guest's custom attributes, JSON-escaped.
    public static let defaultRequestTemplate = """
        {"conversationId": "$esc.jsonString(${input.conversationId})", \
        "participantId": "$esc.jsonString(${input.participantId})", \
        "communicationId": "$esc.jsonString(${input.communicationId})", \
        "messageId": "$esc.jsonString(${input.messageId})", \
        "metadata": ${input.metadataJson}, \
        "customAttributes": ${input.customAttributesJson}}
        """

    enum CodingKeys: String, CodingKey {
        case id, name, requestUrlTemplate, requestType, headers, requestTemplate, credentials, timeoutSeconds
    }

    /// `My Action 1` → `my-action-1`.
    static func slug(_ name: String) -> String {
        var result = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if !result.isEmpty, !result.hasSuffix("-") {
                result += "-"
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? "action" : result
    }

    /// Decodes an action; `id`, `requestType`, `headers`, `credentials` and `timeoutSeconds` are
    /// optional.
    /// - Throws: `DecodingError` when `name`, `requestUrlTemplate` or `requestTemplate` is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.id = try container.decodeIfPresent(String.self, forKey: .id) ?? Self.slug(name)
        self.requestUrlTemplate = try container.decode(String.self, forKey: .requestUrlTemplate)
        self.requestType = try container.decodeIfPresent(String.self, forKey: .requestType) ?? "POST"
        self.headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        self.requestTemplate = try container.decode(String.self, forKey: .requestTemplate)
        self.credentials = try container.decodeIfPresent([String: String].self, forKey: .credentials) ?? [:]
        self.timeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? 10
    }
}
