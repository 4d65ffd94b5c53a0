import Foundation
import Testing
import WebMessaging

@testable import Sandbox

@Suite("Data Action templates (Velocity subset)")
struct DataActionTemplateTests {
    static let inputs = [
        "conversationId": "c-1",
        "quote": "say \"hi\"\n\\ok",
        "path": "a b/c?d",
        "metadata.fileId": "f-9",
    ]

    @Test(
        "References render like Genesys's Velocity templates",
        arguments: [
            ("${input.conversationId}", "c-1"),
            ("$input.conversationId.", "c-1."),
            ("id=$!{input.missing};", "id=;"),
            ("id=${input.missing};", "id=${input.missing};"),
            ("\"$esc.jsonString(${input.quote})\"", "\"say \\\"hi\\\"\\n\\\\ok\""),
            ("/x/$esc.url(${input.path})", "/x/a%20b%2Fc%3Fd"),
            ("${input.metadata.fileId}", "f-9"),
            ("Bearer ${credentials.token}", "Bearer s3cr3t"),
            ("$5 and $ and ${other.thing}", "$5 and $ and ${other.thing}"),
            ("$esc.jsonString(${input.missing})", "$esc.jsonString(${input.missing})"),
            ("$esc.jsonString($!{input.missing})", ""),
            ("${input.conversationId", "${input.conversationId"),
            ("héllo ${input.conversationId} ✓", "héllo c-1 ✓"),
        ])
    func renders(template: String, expected: String) {
        let rendered = DataActionTemplate(template).render(inputs: Self.inputs, credentials: ["token": "s3cr3t"])
        #expect(rendered == expected)
    }

    @Test("The default body renders to JSON with every field, whatever the message holds")
    func defaultBody() throws {
        let facts = TriggerFacts(
            conversationId: "c-1", participantId: "p-1", communicationId: "m-1", messageId: "msg-1",
            messageType: .text, text: "S3_FILE_UPLOADED \"quoted\"",
            metadata: ["fileId": "f\"1", "x": "y\nz"], customAttributes: ["guestId": "g-1"], isFirstMessage: false
        )
        let action = DataAction(
            name: "Test", requestUrlTemplate: "http://127.0.0.1:1/x", requestTemplate: DataAction.defaultRequestTemplate
        )
        let prepared = try action.prepare(inputs: facts.inputs)
        let object = try #require(
            try JSONSerialization.jsonObject(with: prepared.body) as? [String: Any]
        )
        #expect(object["conversationId"] as? String == "c-1")
        #expect(object["participantId"] as? String == "p-1")
        #expect(object["communicationId"] as? String == "m-1")
        #expect(object["messageId"] as? String == "msg-1")
        #expect(object["metadata"] as? [String: String] == ["fileId": "f\"1", "x": "y\nz"])
        #expect(object["customAttributes"] as? [String: String] == ["guestId": "g-1"])
        #expect(prepared.header("content-type") == "application/json")
    }

    @Test("Templates that do not render to a URL or to JSON are typed errors")
    func invalid() {
        let badURL = DataAction(name: "a", requestUrlTemplate: "${input.missing}/x", requestTemplate: "{}")
        #expect(throws: DataActionError.self) { try badURL.prepare(inputs: [:]) }
        let badBody = DataAction(name: "b", requestUrlTemplate: "http://h/x", requestTemplate: "{\"a\": ${input.x}}")
        do {
            _ = try badBody.prepare(inputs: [:])
            Issue.record("expected invalidBody")
        } catch {
            #expect(error.code == .invalidBody)
        }
    }

    @Test("Action ids default to a slug of the name")
    func slug() {
        #expect(
            DataAction(name: "Attaché file uploaded!", requestUrlTemplate: "", requestTemplate: "").id
                == "attach-file-uploaded")
    }
}
