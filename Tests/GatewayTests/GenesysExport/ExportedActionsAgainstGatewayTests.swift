import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// The exported Data Actions executed the way Genesys Cloud executes a custom action — render the
/// URL, headers and body templates with the inputs and the integration's credential, call the
/// gateway, pick each output with the translation map (falling back to its default), render the
/// success template — against the gateway's real Data Action routes. The result must fit the
/// output contract: the export and the endpoints agree.
@Suite("Exported Data Actions run against the gateway")
struct ExportedActionsAgainstGatewayTests {
    typealias Routes = DataActionRoutesTests

    struct Outcome {
        var status: HTTPResponse.Status
        /// The raw answer (a problem+json document when refused).
        var raw: [String: Any]
        /// The output after translation map, defaults and success template.
        var output: [String: Any]
    }

    /// Executes `action` with `inputs` and the credential `secret`, as Genesys would.
    private func execute(
        _ action: DataActionDefinition, inputs: [String: String], secret: String, client: some TestClientProtocol
    ) async throws -> Outcome {
        let document = try ExportTestSupport.document(action)
        let request = try #require(ExportTestSupport.value(document, "config", "request") as? [String: Any])
        let values = ["input": inputs, "credentials": ["secret": secret]]
        let url = try VelocitySubset.render(try #require(request["requestUrlTemplate"] as? String), values: values)
        let path = String(url.dropFirst(ExportTestSupport.base.count))
        var headers = HTTPFields()
        for (name, template) in try #require(request["headers"] as? [String: String]) {
            headers[try #require(HTTPField.Name(name))] = try VelocitySubset.render(template, values: values)
        }
        let body = try VelocitySubset.render(try #require(request["requestTemplate"] as? String), values: values)
        let method = HTTPRequest.Method(try #require(request["requestType"] as? String))
        return try await client.execute(
            uri: path, method: try #require(method), headers: headers, body: ByteBuffer(string: body)
        ) { response in
            let raw = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            var picked: [String: String] = [:]
            for (name, path) in action.translationMap {
                let key = String(path.dropFirst(2))
                if let value = raw?[key] {
                    let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
                    picked[name] = String(decoding: data, as: UTF8.self)
                } else {
                    picked[name] = Dictionary(uniqueKeysWithValues: action.translationMapDefaults)[name]
                }
            }
            let rendered = try VelocitySubset.render(action.successTemplate, values: ["": picked])
            let output = try #require(try ExportTestSupport.parse(rendered) as? [String: Any])
            return Outcome(status: response.status, raw: raw ?? [:], output: output)
        }
    }

    /// Checks an output against the action's output contract: every property present, typed.
    private func expectFitsContract(_ output: [String: Any], _ action: DataActionDefinition) {
        #expect(Set(output.keys) == Set(action.outputs.map(\.name)), "\(action.name)")
        for field in action.outputs {
            let value = output[field.name]
            switch field.kind {
            case .string: #expect(value is String, "\(field.name)")
            case .integer: #expect(value is Int, "\(field.name)")
            case .boolean:
                #expect(value is Bool, "\(field.name)")
            case .stringArray: #expect(value is [String], "\(field.name)")
            case .integerArray: #expect(value is [Int], "\(field.name)")
            }
        }
    }

    @Test("Register, link for the connected agent, list: every output fits its contract")
    func happyPath() async throws {
        let harness = try AccessHarness()
        let record = try await harness.upload(filename: "scan \"1\".pdf")
        harness.agent()
        try await Routes.app(harness).test(.router) { client in
            let registered = try await execute(
                AttacheDataActions.registerConversation,
                inputs: ["conversationId": harness.conversationId, "guestId": harness.guestId],
                secret: Routes.secret, client: client)
            #expect(registered.status == .ok)
            #expect(registered.output["registered"] as? Bool == true)
            #expect(registered.output["files"] as? Int == 1)
            expectFitsContract(registered.output, AttacheDataActions.registerConversation)

            let link = try await execute(
                AttacheDataActions.fileLink,
                inputs: ["conversationId": harness.conversationId, "userId": harness.agentId, "fileId": record.fileId],
                secret: Routes.secret, client: client)
            #expect(link.status == .ok)
            #expect(link.output["decision"] as? String == "allowed")
            #expect(link.output["filename"] as? String == record.filename)
            expectFitsContract(link.output, AttacheDataActions.fileLink)

            let list = try await execute(
                AttacheDataActions.listFiles, inputs: ["conversationId": harness.conversationId],
                secret: Routes.secret, client: client)
            #expect(list.status == .ok)
            #expect(list.output["fileIds"] as? [String] == [record.fileId])
            expectFitsContract(list.output, AttacheDataActions.listFiles)
        }
    }

    @Test(
        "Hostile inputs arrive as the JSON field they were meant for, and the gateway refuses them by name",
        arguments: [
            ("fileId", "fileId must be an Attach"), ("userId", "userId must be a UUID"),
            ("conversationId", "conversationId must be a UUID"),
        ])
    func hostileInputs(field: String, refusal: String) async throws {
        let harness = try AccessHarness()
        harness.agent()
        try await Routes.app(harness).test(.router) { client in
            var inputs = [
                "conversationId": harness.conversationId, "userId": harness.agentId, "fileId": RandomID.make(),
            ]
            inputs[field] = "x\", \"\(field)\": \"\(inputs[field] ?? "")\" \\ \n</script>"
            let link = try await execute(
                AttacheDataActions.fileLink, inputs: inputs, secret: Routes.secret, client: client)
            #expect(link.status == .badRequest)
            let detail = link.raw["detail"] as? String ?? ""
            #expect(detail.contains(refusal), "\(detail)")
            #expect(!detail.contains("not valid JSON"))
            expectFitsContract(link.output, AttacheDataActions.fileLink)
        }
    }

    @Test("A wrong credential is refused with 401; the translation defaults still give a well-typed output")
    func wrongSecret() async throws {
        let harness = try AccessHarness()
        try await Routes.app(harness).test(.router) { client in
            let outcome = try await execute(
                AttacheDataActions.listFiles, inputs: ["conversationId": harness.conversationId],
                secret: "not-the-secret", client: client)
            #expect(outcome.status == .unauthorized)
            #expect(outcome.output["count"] as? Int == 0)
            expectFitsContract(outcome.output, AttacheDataActions.listFiles)
        }
    }
}
