import Foundation
import Testing
import WebMessaging

@testable import Sandbox

@Suite("Trigger rule matching")
struct TriggerConditionTests {
    static func facts(
        _ text: String?,
        type: MessageType = .text,
        metadata: [String: String] = [:],
        first: Bool = false
    ) -> TriggerFacts {
        TriggerFacts(
            conversationId: "c", participantId: "p", communicationId: "m", messageId: "id",
            messageType: type, text: text, metadata: metadata, isFirstMessage: first
        )
    }

    @Test(
        "Conditions match the messages they describe and no others",
        arguments: [
            (TriggerCondition.textContains("S3_FILE_UPLOADED"), facts("file S3_FILE_UPLOADED"), true),
            (TriggerCondition.textContains("S3_FILE_UPLOADED"), facts("s3_file_uploaded"), false),
            (TriggerCondition.textContains("S3_FILE_UPLOADED", ignoreCase: true), facts("s3_file_uploaded"), true),
            (TriggerCondition.textContains("S3_FILE_UPLOADED"), facts(nil), false),
            (TriggerCondition.textContains("S3_FILE_UPLOADED"), facts("S3_FILE_UPLOADED", type: .event), false),
            (TriggerCondition.textContains(""), facts("anything"), false),
            (TriggerCondition.firstMessage, facts("hi", first: true), true),
            (TriggerCondition.firstMessage, facts("hi", first: false), false),
            (TriggerCondition.firstMessage, facts(nil, type: .event, first: true), false),
            (TriggerCondition.metadataKey("fileId"), facts("x", metadata: ["fileId": "1"]), true),
            (TriggerCondition.metadataKey("fileId"), facts("x"), false),
            (TriggerCondition.anyMessage, facts("x"), true),
            (TriggerCondition(textContains: "K", firstMessage: true), facts("K", first: false), false),
            (TriggerCondition(textContains: "K", firstMessage: true), facts("K", first: true), true),
        ])
    func matches(condition: TriggerCondition, facts: TriggerFacts, expected: Bool) {
        #expect(condition.matches(facts) == expected)
    }

    @Test("Matching keeps configuration order")
    func order() {
        let rules = TriggerRule.attacheDefaults(gatewayURL: "http://127.0.0.1:8080/", secret: "s")
        let both = TriggerRule.matching(rules, facts: Self.facts("S3_FILE_UPLOADED", first: true))
        #expect(both.map(\.name) == ["register-conversation", "file-link"])
        #expect(rules[0].dataAction.requestUrlTemplate == "http://127.0.0.1:8080/v1/data-actions/register-conversation")
        #expect(rules[1].dataAction.requestUrlTemplate == "http://127.0.0.1:8080/v1/data-actions/file-link")
        #expect(!rules[1].description.contains("s\""))
    }

    @Test("Rules decode from configuration JSON with optional fields")
    func decoding() throws {
        let json = """
            {"name": "r", "condition": {"textContains": "K"},
             "dataAction": {"name": "A", "requestUrlTemplate": "http://h/x", "requestTemplate": "{}"}}
            """
        let rule = try JSONDecoder().decode(TriggerRule.self, from: Data(json.utf8))
        #expect(rule.condition == .textContains("K"))
        #expect(rule.dataAction.requestType == "POST")
        #expect(rule.dataAction.timeoutSeconds == 10)
    }
}
