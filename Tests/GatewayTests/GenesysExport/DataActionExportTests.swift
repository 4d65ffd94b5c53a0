import Foundation
import Gateway
import Testing

@Suite("Genesys Data Action export")
struct DataActionExportTests {
    typealias Support = ExportTestSupport

    @Test("Each action exports as a Web Services custom action calling the gateway", arguments: AttacheDataActions.all)
    func shape(action: DataActionDefinition) throws {
        let document = try Support.document(action)
        #expect(document["name"] as? String == action.name)
        #expect(document["integrationType"] as? String == "custom-rest-actions")
        #expect(document["actionType"] as? String == "custom")
        #expect(Support.value(document, "config", "request", "requestType") as? String == "POST")
        #expect(
            Support.value(document, "config", "request", "requestUrlTemplate") as? String
                == Support.base + action.path)
        let headers = try #require(Support.value(document, "config", "request", "headers") as? [String: String])
        #expect(
            headers == ["X-Attache-Data-Action-Secret": "${credentials.secret}", "Content-Type": "application/json"])
        #expect(document["secure"] as? Bool == action.secure)
        #expect(
            Array(document.keys).sorted() == ["actionType", "config", "contract", "integrationType", "name", "secure"])
    }

    @Test("The three endpoints of the shared contract, file-link marked secure")
    func endpoints() {
        #expect(
            AttacheDataActions.all.map(\.path) == [
                "/v1/data-actions/register-conversation", "/v1/data-actions/file-link", "/v1/data-actions/list-files",
            ])
        #expect(AttacheDataActions.registerConversation.inputs.map(\.name) == ["conversationId", "guestId"])
        #expect(AttacheDataActions.fileLink.inputs.map(\.name) == ["conversationId", "userId", "fileId"])
        #expect(AttacheDataActions.listFiles.inputs.map(\.name) == ["conversationId"])
        #expect(
            AttacheDataActions.registerConversation.outputs.map(\.name) == [
                "conversationId", "guestId", "registered", "files",
            ])
        #expect(
            AttacheDataActions.fileLink.outputs.map(\.name) == [
                "decision", "reason", "fileId", "url", "expiresAt", "filename", "contentType", "size", "state",
            ])
        #expect(
            AttacheDataActions.listFiles.outputs.map(\.name) == [
                "conversationId", "count", "fileIds", "filenames", "contentTypes", "sizes", "states",
            ])
        #expect(AttacheDataActions.all.map(\.secure) == [false, true, false])
    }

    @Test(
        "Every input the request references is in the input contract, and every contract input is sent",
        arguments: AttacheDataActions.all)
    func inputsMatchContract(action: DataActionDefinition) throws {
        let document = try Support.document(action)
        let request = try #require(Support.value(document, "config", "request") as? [String: Any])
        let schema = try #require(Support.value(document, "contract", "input", "inputSchema") as? [String: Any])
        let properties = Set(try #require(schema["properties"] as? [String: Any]).keys)
        var texts = [request["requestUrlTemplate"], request["requestTemplate"]].compactMap { $0 as? String }
        texts += (request["headers"] as? [String: String] ?? [:]).values
        let references = texts.flatMap(VelocitySubset.references(in:))
        let inputs = Set(references.filter { $0.namespace == "input" }.map(\.name))
        #expect(
            inputs.isSubset(of: properties), "referenced but not in the contract: \(inputs.subtracting(properties))")
        #expect(inputs == properties, "in the contract but never sent: \(properties.subtracting(inputs))")
        #expect(Set(references.map(\.namespace)).isSubset(of: ["input", "credentials"]))
        #expect(references.filter { $0.namespace == "credentials" }.map(\.name) == ["secret"])
        #expect(Set(schema["required"] as? [String] ?? []) == properties)
    }

    @Test(
        "Translation map, its defaults, the success template and the output contract name the same fields",
        arguments: AttacheDataActions.all)
    func outputsMatchContract(action: DataActionDefinition) throws {
        let document = try Support.document(action)
        let response = try #require(Support.value(document, "config", "response") as? [String: Any])
        let map = try #require(response["translationMap"] as? [String: String])
        let defaults = try #require(response["translationMapDefaults"] as? [String: String])
        let template = try #require(response["successTemplate"] as? String)
        let schema = try #require(Support.value(document, "contract", "output", "successSchema") as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(Set(map.keys).isSubset(of: properties.keys), "mapped but not in the contract")
        #expect(Set(map.keys) == Set(properties.keys), "in the contract but never mapped")
        #expect(Set(defaults.keys) == Set(map.keys), "every mapped field needs a default")
        let used = VelocitySubset.references(in: template)
        #expect(used.allSatisfy { $0.namespace.isEmpty && map[$0.name] != nil })
        #expect(Set(used.map(\.name)) == Set(map.keys))
        for (name, path) in map { #expect(path == "$.\(name)", "the gateway answers flat JSON") }
        for (name, literal) in defaults {
            let parsed = try Support.parse(literal)
            switch properties[name]?["type"] as? String {
            case "string": #expect(parsed as? String == "", "\(name)")
            case "integer": #expect(parsed as? Int == 0, "\(name)")
            case "boolean": #expect(parsed as? Bool == false, "\(name)")
            case "array": #expect((parsed as? [Any])?.isEmpty == true, "\(name)")
            default: Issue.record("\(name) has an unexpected type")
            }
        }
    }

    @Test("Contracts are draft-04 object schemas with flat, typed properties", arguments: AttacheDataActions.all)
    func contractsAreDraft04(action: DataActionDefinition) throws {
        let document = try Support.document(action)
        for (side, key, allowed) in [
            ("input", "inputSchema", ["string", "integer", "number", "boolean", "null"]),
            ("output", "successSchema", ["string", "integer", "number", "boolean", "null", "array"]),
        ] {
            let schema = try #require(Support.value(document, "contract", side, key) as? [String: Any])
            #expect(schema["$schema"] as? String == "http://json-schema.org/draft-04/schema#")
            #expect(schema["type"] as? String == "object")
            #expect(schema["title"] as? String != nil && schema["description"] as? String != nil)
            #expect(schema["additionalProperties"] as? Bool == true)
            let properties = try #require(schema["properties"] as? [String: [String: Any]])
            #expect(Set(schema["required"] as? [String] ?? ["?"]).isSubset(of: properties.keys))
            for (name, property) in properties {
                let type = try #require(property["type"] as? String)
                #expect(allowed.contains(type), "\(key).\(name): \(type)")
                #expect(name.range(of: #"^[A-Za-z][A-Za-z0-9_-]*$"#, options: .regularExpression) != nil)
                #expect(!["orgId", "integrationId", "rawRequest"].contains(name))
                if type == "array" {
                    let items = try #require(property["items"] as? [String: Any])
                    #expect(["string", "integer"].contains(items["type"] as? String ?? ""), "no nested arrays")
                }
            }
        }
    }

    @Test(
        "The request template renders to valid JSON carrying hostile inputs unchanged",
        arguments: [
            "plain-value", "quote \" inside", "back\\slash", "new\nline and\r\nCRLF", "tab\tand \u{01} control",
            "}\", \"injected\": \"x", "</script><img src=x onerror=alert(1)>", "'; DROP TABLE files; --",
            "${input.fileId} \\u0022", "ünïcödé ✓ 😀", "/slashes/ and \u{2028} separator", "",
        ])
    func hostileInputs(value: String) throws {
        for action in AttacheDataActions.all {
            var inputs: [String: String] = [:]
            for (index, field) in action.inputs.enumerated() {
                inputs[field.name] = index == 0 ? value : "x\(index)" + value
            }
            let rendered = try VelocitySubset.render(action.requestTemplate, values: ["input": inputs])
            let parsed = try #require(try Support.parse(rendered) as? [String: String], "\(action.name): \(rendered)")
            #expect(parsed == inputs, "\(action.name)")
        }
    }

    @Test(
        "The success template renders to JSON from the defaults and from a real answer",
        arguments: AttacheDataActions.all)
    func successTemplateRenders(action: DataActionDefinition) throws {
        let defaults = Dictionary(uniqueKeysWithValues: action.translationMapDefaults)
        let fromDefaults = try VelocitySubset.render(action.successTemplate, values: ["": defaults])
        let parsedDefaults = try #require(try Support.parse(fromDefaults) as? [String: Any])
        #expect(Set(parsedDefaults.keys) == Set(action.outputs.map(\.name)))
        for answer in Support.sampleAnswers(action) {
            // JSONPath `$.name` on the answer yields the member as JSON, which the template inlines.
            var values: [String: String] = [:]
            for (name, _) in action.translationMap {
                let member = try #require(answer[name], "sample lacks \(name)")
                let data = try JSONSerialization.data(withJSONObject: member, options: [.fragmentsAllowed])
                values[name] = String(decoding: data, as: UTF8.self)
            }
            let rendered = try VelocitySubset.render(action.successTemplate, values: ["": values])
            let parsed = try #require(try Support.parse(rendered) as? NSDictionary)
            #expect(parsed == answer as NSDictionary)
        }
    }
}
