import Foundation
import Testing

@testable import WebMessaging

@Suite("StructuredMessage")
struct StructuredMessageTests {
    private func message(_ text: String) throws -> StructuredMessage {
        let envelope = try ServerMessage.decode(from: text)
        guard case .structuredMessage(let message) = envelope.body else {
            throw WebMessagingError(code: .malformedMessage, message: "not a StructuredMessage")
        }
        return message
    }

    @Test("an agent attachment exposes id, URL, name, MIME type, size and hash")
    func attachment() throws {
        let message = try message(ServerMessageFixtures.agentAttachment)
        #expect(message.direction == .outbound)
        #expect(message.originatingEntity == .human)
        #expect(
            message.attachments == [
                MessageAttachment(
                    id: "attachment_id", url: "https://download.example.com/form.pdf", filename: "form.pdf",
                    mediaType: .file, mime: "application/pdf", fileSize: 52113,
                    sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                )
            ])
    }

    @Test("participants and channel time decode")
    func channel() throws {
        let message = try message(ServerMessageFixtures.agentText)
        #expect(message.channel?.from?.nickname == "Ana")
        #expect(message.channel?.to == Participant())
        #expect(message.channel?.time == "2026-11-25T09:59:29.663Z")
    }

    @Test("quick replies, cards, carousels and date pickers decode to their cases")
    func richContent() throws {
        let replies = try message(ServerMessageFixtures.quickReplies)
        #expect(
            replies.content == [
                .quickReply(QuickReply(text: "Yes", payload: "cookie1", action: "Message")),
                .quickReply(QuickReply(text: "No", payload: "cookie2")),
            ])
        let card = try message(ServerMessageFixtures.card)
        guard case .card(let value) = card.content?.first else {
            Issue.record("no card")
            return
        }
        #expect(
            value.actions == [
                CardAction(type: "Postback", text: "Select this option", payload: "postback_payload")
            ])
        #expect(value.defaultAction?.url == "http://example.org")
        let carousel = try message(ServerMessageFixtures.carousel)
        guard case .carousel(let row) = carousel.content?.first else {
            Issue.record("no carousel")
            return
        }
        #expect(row.cards.map(\.title) == ["Card 1", "Card 2"])
        let picker = try message(ServerMessageFixtures.datePicker)
        guard case .datePicker(let slots) = picker.content?.first else {
            Issue.record("no date picker")
            return
        }
        #expect(slots.availableTimes == [DatePicker.TimeSlot(dateTime: "2026-11-26T09:00:00Z", duration: 3600)])
        #expect(picker.originatingMessageId == "msg_id")
    }

    @Test("an Outbound Presence Disconnect with metadata.readOnly makes the conversation read-only")
    func readOnly() throws {
        let message = try message(ServerMessageFixtures.readOnlyDisconnect)
        #expect(message.presenceTypes == [.disconnect])
        #expect(message.makesConversationReadOnly)
        var plain = message
        plain.metadata = nil
        #expect(!plain.makesConversationReadOnly)
    }

    @Test("an agent typing event is recognised with its duration")
    func typing() throws {
        let message = try message(ServerMessageFixtures.agentTyping)
        #expect(message.isOutboundTyping)
        #expect(message.events == [.typing(Typing(type: .on, duration: 5000))])
    }

    @Test("missing optional fields decode as nil and are not re-emitted")
    func minimal() throws {
        let text = #"{"id":"m","type":"Text","direction":"Inbound"}"#
        let message = try JSONFixture.roundTrip(StructuredMessage.self, text)
        #expect(message.text == nil && message.channel == nil && message.content == nil && message.events == nil)
        #expect(message.metadata == nil && message.originatingEntity == nil)
    }

    @Test("unknown message types and directions are kept as raw strings")
    func unknownEnums() throws {
        let text = #"{"id":"m","type":"Receipt","direction":"Sideways","originatingEntity":"Robot"}"#
        let message = try JSONFixture.roundTrip(StructuredMessage.self, text)
        #expect(message.type.rawValue == "Receipt")
        #expect(message.direction.rawValue == "Sideways")
        #expect(message.originatingEntity?.rawValue == "Robot")
    }

    @Test("a history page decodes with newest-first entities and null times")
    func historyPage() throws {
        let text = """
            {"entities":[{"id":"5bef","channel":{"time":"2026-11-25T10:00:00.000Z"},"type":"Text","text":"hi",\
            "content":[],"direction":"Outbound","originatingEntity":"Bot"},{"id":"46e7","channel":{"time":null},\
            "type":"Event","events":[{"eventType":"Presence","presence":{"type":"Join"}}],"content":[],\
            "direction":"Inbound","originatingEntity":"Human"}],"pageSize":25,"pageNumber":1,"total":2,"pageCount":1}
            """
        let page = try JSONFixture.roundTrip(MessageHistoryPage.self, text)
        #expect(page.entities.map(\.id) == ["5bef", "46e7"])
        #expect(page.entities[1].channel?.time == nil)
        #expect(page.entities[1].presenceTypes == [.join])
    }
}
