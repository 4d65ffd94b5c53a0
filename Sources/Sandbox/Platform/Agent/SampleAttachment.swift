import Foundation

/// A small, valid file the agent console can send to a guest: a PDF, a ZIP archive, a PNG image
/// and a WAV voice note, generated in memory (deterministic bytes, no files on disk).
public struct SampleAttachment: Sendable, Equatable, Identifiable {
    /// A stable id, also accepted as a `mediaIds` entry by the platform send-message route.
    public var id: String
    /// The file name the guest sees.
    public var fileName: String
    /// The MIME type.
    public var mimeType: String
    /// A label for the console's button.
    public var label: String
    /// The file's bytes.
    public var data: Data

    /// Creates a sample.
    public init(id: String, fileName: String, mimeType: String, label: String, data: Data) {
        self.id = id
        self.fileName = fileName
        self.mimeType = mimeType
        self.label = label
        self.data = data
    }

    /// As an attachment for ``SandboxState/sendAgentMessage(_:text:attachments:agentUserId:)``.
    public var agentAttachment: AgentAttachment {
        AgentAttachment(fileName: fileName, mimeType: mimeType, data: data)
    }

    /// Every sample, in console order.
    public static let all: [SampleAttachment] = [pdf, zip, image, voiceNote]

    /// The sample with this id.
    public static func named(_ id: String) -> SampleAttachment? {
        all.first { $0.id == id }
    }

    /// A one-page PDF saying "Attaché sample".
    public static let pdf = SampleAttachment(
        id: "sample-pdf", fileName: "sample-statement.pdf", mimeType: "application/pdf", label: "PDF",
        data: SampleFiles.pdf(text: "Attache sandbox sample PDF")
    )
    /// A ZIP archive with one stored text file.
    public static let zip = SampleAttachment(
        id: "sample-zip", fileName: "sample-archive.zip", mimeType: "application/zip", label: "ZIP",
        data: SampleFiles.zip(fileName: "readme.txt", contents: Data("Hello from the Attache sandbox.\n".utf8))
    )
    /// A 32×32 PNG image.
    public static let image = SampleAttachment(
        id: "sample-image", fileName: "sample-image.png", mimeType: "image/png", label: "Image",
        data: SampleFiles.png(width: 32, height: 32)
    )
    /// A one-second 8 kHz WAV voice note (a soft two-tone chime).
    public static let voiceNote = SampleAttachment(
        id: "sample-voice", fileName: "voice-note.wav", mimeType: "audio/wav", label: "Voice note",
        data: SampleFiles.wav(seconds: 1, sampleRate: 8_000)
    )
}
