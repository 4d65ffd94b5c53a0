import Foundation
import Testing

@testable import Gateway

/// The pure parts of abandoned-upload recovery: the decision, the notice text, the backoff.
@Suite("Recovery decision and notice")
struct RecoveryDecisionTests {
    static let cleanAt = Date(timeIntervalSince1970: 1_800_000_000)

    static func candidate(
        state: UploadState = .clean,
        conversationId: String? = "conversation-1",
        announcedAt: Date? = nil
    ) -> RecoveryCandidate {
        RecoveryCandidate(
            fileId: "file-1", guestId: "guest-1", filename: "report.pdf", contentType: "application/pdf",
            size: 1_234, state: state, conversationId: conversationId, cleanAt: cleanAt, announcedAt: announcedAt)
    }

    @Test("Inside the grace period the recovery waits; from its end it notifies")
    func gracePeriod() {
        let grace = Duration.seconds(120)
        let due = Self.cleanAt.addingTimeInterval(120)
        #expect(RecoveryDecision.decide(Self.candidate(), now: Self.cleanAt, grace: grace) == .wait(until: due))
        #expect(
            RecoveryDecision.decide(Self.candidate(), now: due.addingTimeInterval(-0.001), grace: grace)
                == .wait(until: due))
        #expect(
            RecoveryDecision.decide(Self.candidate(), now: due, grace: grace)
                == .notify(conversationId: "conversation-1"))
        #expect(
            RecoveryDecision.decide(Self.candidate(), now: due.addingTimeInterval(3_600), grace: grace)
                == .notify(conversationId: "conversation-1"))
    }

    @Test("Announced, unbound and not-clean files need no notice")
    func skips() {
        let late = Self.cleanAt.addingTimeInterval(10_000)
        let grace = Duration.seconds(120)
        #expect(
            RecoveryDecision.decide(Self.candidate(announcedAt: Self.cleanAt), now: late, grace: grace)
                == .skip(.announced))
        #expect(
            RecoveryDecision.decide(Self.candidate(conversationId: nil), now: late, grace: grace) == .skip(.unbound))
        #expect(RecoveryDecision.decide(Self.candidate(conversationId: ""), now: late, grace: grace) == .skip(.unbound))
        for state in [UploadState.awaitingUpload, .uploaded, .scanning, .rejected, .expired] {
            #expect(RecoveryDecision.decide(Self.candidate(state: state), now: late, grace: grace) == .skip(.notClean))
        }
    }

    @Test("The notice names the file, its verified type and size, with the file id in metadata")
    func notice() {
        let notice = RecoveryNotice(for: Self.candidate())
        #expect(notice.text == "A file was received: report.pdf (application/pdf, 1.2 KB)")
        #expect(notice.metadata == ["attacheFileId": "file-1"])
    }

    @Test(
        "Sizes read like a person writes them",
        arguments: [
            (0, "0 bytes"), (1, "1 byte"), (1_023, "1023 bytes"), (1_024, "1 KB"), (1_536, "1.5 KB"),
            (10 * 1_048_576, "10 MB"), (5_368_709_120, "5 GB"),
        ] as [(Int64, String)])
    func sizes(bytes: Int64, text: String) {
        #expect(RecoveryNotice.size(bytes) == text)
    }

    @Test("Control characters in names become spaces and long names are cut")
    func plainText() {
        var candidate = Self.candidate()
        candidate.filename = "a\nb\u{0}c.pdf"
        #expect(RecoveryNotice(for: candidate).text.hasPrefix("A file was received: a b c.pdf ("))
        candidate.filename = String(repeating: "x", count: 500)
        let text = RecoveryNotice(for: candidate).text
        #expect(text.count < 300)
        #expect(text.contains("…"))
    }

    @Test("Retries back off by doubling up to the cap")
    func backoff() {
        let configuration = RecoveryConfiguration(initialBackoff: .seconds(30), maxBackoff: .seconds(300))
        #expect(configuration.backoff(afterAttempt: 1) == .seconds(30))
        #expect(configuration.backoff(afterAttempt: 2) == .seconds(60))
        #expect(configuration.backoff(afterAttempt: 4) == .seconds(240))
        #expect(configuration.backoff(afterAttempt: 5) == .seconds(300))
        #expect(configuration.backoff(afterAttempt: 500) == .seconds(300))
    }
}
