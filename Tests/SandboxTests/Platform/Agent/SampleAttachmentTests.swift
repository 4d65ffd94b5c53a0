import AWSSigning
import Foundation
import Testing
import WebMessaging

@testable import Sandbox

@Suite("Sample attachments and the widget URL template")
struct SampleAttachmentTests {
    @Test("Each sample is a real file of its declared type", arguments: SampleAttachment.all)
    func sniffed(sample: SampleAttachment) throws {
        let detected = try #require(FileSniffer.sniff(Array(sample.data)))
        let sameWAV = sample.mimeType == "audio/wav" && detected.mimeType.contains("wav")
        #expect(detected.mimeType == sample.mimeType || sameWAV)
        #expect(sample.data.count < 20_000)
    }

    @Test("The ZIP and PNG carry correct checksums")
    func checksums() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Checksums.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let png = Array(SampleAttachment.image.data)
        let ihdr = Array(png[12..<29])
        let crc = png[29..<33].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(CRC32.checksum(ihdr) == crc)
    }

    @Test(
        "The widget template is filled like Agent Workspace fills it, values percent-encoded",
        arguments: [
            ("https://w/?c={{gcConversationId}}&u={{gcUserId}}", "https://w/?c=c%201&u=u-1"),
            (
                "https://w/?c={{pcConversationId}}&env={{gcTargetEnv}}&l={{gcLangTag}}",
                "https://w/?c=c%201&env=mypurecloud.ie&l=en-us"
            ),
            ("https://w/?o={{gcHostOrigin}}&x={{unknown}}", "https://w/?o=http%3A%2F%2F127.0.0.1%3A8081&x={{unknown}}"),
            ("https://w/?d={{gcUseDarkTheme}}&open={{", "https://w/?d=false&open={{"),
        ])
    func widget(template: String, expected: String) {
        let context = WidgetURLTemplate.Context(
            conversationId: "c 1", userId: "u-1", hostOrigin: "http://127.0.0.1:8081",
            targetEnvironment: "mypurecloud.ie"
        )
        #expect(WidgetURLTemplate(template).fill(context) == expected)
    }
}
