import Foundation
import Testing

@testable import WebMessaging

@Suite("MessageContent")
struct MessageContentTests {
    @Test(
        "every content type round-trips",
        arguments: [
            #"{"contentType":"Attachment","attachment":{"id":"a1"}}"#,
            #"{"contentType":"Attachment","attachment":{"id":"a","url":"u","filename":"f.ogg","mediaType":"Audio","#
                + #""mime":"audio/ogg; codecs=opus","fileSize":1,"sha256":"00","text":"voice note"}}"#,
            #"{"contentType":"QuickReply","quickReply":{"text":"Yes","payload":"cookie1","action":"action_value"}}"#,
            #"{"contentType":"ButtonResponse","buttonResponse":{"text":"t","payload":"p","type":"QuickReply","#
                + #""originatingMessageId":"m"}}"#,
            #"{"contentType":"Card","card":{"title":"T","actions":[]}}"#,
            #"{"contentType":"Carousel","carousel":{"cards":[{"title":"A","description":"d","actions":[]}]}}"#,
            #"{"contentType":"DatePicker","datePicker":{"title":"T","availableTimes":[]}}"#,
        ]
    )
    func roundTrips(text: String) throws {
        let content = try JSONFixture.roundTrip(MessageContent.self, text)
        if case .unknown = content { Issue.record("decoded as unknown: \(text)") }
        #expect(content.contentType != nil)
    }

    @Test(
        "unknown content types and malformed known ones decode to .unknown with the raw JSON",
        arguments: [
            #"{"fakeContent":{"foo":"bar"},"contentType":"FakeContent"}"#,
            #"{"contentType":"ListPicker","listPicker":{"items":[1,2,3]}}"#,
            #"{"contentType":"Attachment","attachment":{"url":"no id"}}"#,
            #"{"contentType":"Card"}"#,
            #"{"attachment":{"id":"a"}}"#,
            #"{"contentType":42}"#,
            #"["not","an","object"]"#,
            #""text""#,
        ]
    )
    func unknown(text: String) throws {
        let content = try JSONFixture.roundTrip(MessageContent.self, text)
        #expect(content == .unknown(try JSONFixture.value(text)))
    }

    @Test("an unknown item does not spoil the other items of a message")
    func mixedItems() throws {
        let text =
            #"{"id":"m","type":"Text","direction":"Outbound","content":[{"fakeContent":{"foo":"bar"},"#
            + #""contentType":"FakeContent"},{"attachment":{"id":"attachment_id","filename":"image.png","#
            + #""mediaType":"Image","url":"https://downloadurl.com"},"contentType":"Attachment"}]}"#
        let message = try JSONFixture.roundTrip(StructuredMessage.self, text)
        #expect(message.content?.count == 2)
        #expect(message.content?.first?.contentType?.rawValue == "FakeContent")
        #expect(message.attachments.map(\.filename) == ["image.png"])
    }
}
