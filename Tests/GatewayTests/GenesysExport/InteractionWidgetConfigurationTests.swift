import Foundation
import Gateway
import Testing

@Suite("Interaction Widget configuration")
struct InteractionWidgetConfigurationTests {
    @Test("The application URL template passes the conversation, host origin and environment to /widget/")
    func urlTemplate() throws {
        let widget = InteractionWidgetConfiguration(publicURL: try ExportTestSupport.publicURL())
        #expect(
            widget.urlTemplate
                == "https://attache.example.com/widget/?conversationId={{gcConversationId}}"
                + "&gcHostOrigin={{gcHostOrigin}}&gcTargetEnv={{gcTargetEnv}}")
    }

    @Test("The Platform API payloads: integration type, URL, sandbox, permissions, filters to fill in")
    func payloads() throws {
        let widget = InteractionWidgetConfiguration(publicURL: try ExportTestSupport.publicURL())
        let integration = try #require(
            try ExportTestSupport.parse(widget.integrationDocument.prettyPrinted) as? [String: Any])
        #expect(
            ExportTestSupport.value(integration, "integrationType", "id") as? String
                == "embedded-client-app-interaction-widget")
        #expect(integration["name"] as? String == "Attache Files")
        let config = try #require(
            try ExportTestSupport.parse(widget.configurationDocument.prettyPrinted) as? [String: Any])
        let properties = try #require(config["properties"] as? [String: Any])
        #expect(properties["url"] as? String == widget.urlTemplate)
        let sandbox = try #require(properties["sandbox"] as? String).split(separator: ",").map(String.init)
        #expect(
            Set(sandbox) == ["allow-scripts", "allow-same-origin", "allow-forms", "allow-popups", "allow-downloads"])
        #expect(!sandbox.contains("allow-top-navigation"))
        #expect(properties["permissions"] as? String == "fullscreen")
        #expect((properties["groups"] as? [Any])?.isEmpty == true)
        #expect((properties["queueIdFilterList"] as? [Any])?.isEmpty == true)
        #expect(properties["communicationTypeFilter"] as? String == "")
        #expect(config["version"] as? Int == 1)
    }
}
