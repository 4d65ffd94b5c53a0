import Testing

@testable import WebMessaging

@Suite("MessageAttachment+FileType")
struct MessageAttachmentFileTypeTests {
    @Test(
        "an agent attachment resolves from its MIME type, then its file name, never from mediaType",
        arguments: [
            (
                MessageAttachment(id: "1", filename: "voice.ogg", mediaType: .image, mime: "audio/ogg; codecs=opus"),
                FileCategory.audio
            ),
            (
                MessageAttachment(id: "2", filename: "form.pdf", mediaType: .file, mime: "application/octet-stream"),
                .pdf
            ),
            (MessageAttachment(id: "3", filename: "logo.svg", mediaType: .image, mime: nil), .image),
            (MessageAttachment(id: "4", filename: nil, mediaType: .image, mime: nil), .unknown),
        ]
    )
    func resolves(attachment: MessageAttachment, category: FileCategory) {
        #expect(attachment.resolvedFileType.category == category)
    }

    @Test("an SVG attachment is not inline-previewable")
    func svg() {
        let attachment = MessageAttachment(id: "1", filename: "logo.svg", mime: "image/svg+xml")
        #expect(!attachment.resolvedFileType.isInlinePreviewable)
    }
}
