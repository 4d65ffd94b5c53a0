import AWSClients
import AWSSigning
import AsyncHTTPClient
import Foundation
import Gateway
import Logging
import NIOConcurrencyHelpers
import TestSupport
import Testing

/// The scan worker's SQS consumer (``SQSEventSource``) while SQS does not answer, against moto's
/// SQS behind a ``SwitchableForwarder`` (port 55472-55479) that the test switches off for ~10 s.
///
/// The client has a 1 s request timeout and no retries of its own, so every `ReceiveMessage`
/// fails quickly and the consumer's own backoff is what is exercised (in the gateway, the AWS
/// client's retries and AsyncHTTPClient's connection retries first stretch one failure to the
/// request's deadline). Checked: messages sent during the outage are delivered once SQS is back,
/// nothing is lost; the outage is logged once as a warning however many receives fail, and the
/// recovery once as a notice.
@Suite("Failures: SQS receive outage", .serialized, .enabled(if: TestEnvironment.isAvailable(.moto)))
struct SQSReceiveOutageTests {
    @Test("the consumer retries with backoff, logs the outage once, and delivers everything after it")
    func receiveOutage() async throws {
        let moto = try TestEnvironment.motoEndpoint()
        let credentials = StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing")
        let direct = SQSClient(
            httpClient: .shared, credentials: credentials,
            configuration: .init(region: "us-east-1", endpoint: moto.absoluteString))
        let queueURL = try await direct.createQueue(name: TestEnvironment.uniqueName("attache-sqs-outage"))
        let forwarder = try await SwitchableForwarder.switchedOn(
            ports: 55472...55479, targetHost: moto.host ?? "127.0.0.1", targetPort: moto.port ?? 80)
        let viaForwarder = SQSClient(
            httpClient: .shared, credentials: credentials,
            configuration: .init(
                region: "us-east-1", endpoint: forwarder.url, retryPolicy: .none, requestTimeout: .seconds(1)))
        let records = LogRecords()
        let logger = Logger(label: "attache.test.sqs-outage") { _ in RecordingLogHandler(records: records) }
        let source = SQSEventSource(sqs: viaForwarder, queueURL: queueURL, waitTime: .seconds(1), logger: logger)
        let delivered = NIOLockedValueBox<[String]>([])
        let consumer = Task {
            do {
                for try await delivery in source.events() {
                    delivered.withLockedValue { $0.append(delivery.event.key) }
                    try? await delivery.acknowledge()
                }
            } catch {}
        }
        defer { consumer.cancel() }

        try await direct.sendMessage(queueURL: queueURL, body: Self.event(key: "uploads/before"))
        let first = await FailureClient.eventually(within: .seconds(20)) { delivered.withLockedValue { $0.count } == 1 }
        #expect(first, "delivered while SQS answers")

        await forwarder.switchOff()
        let keys = (0..<3).map { "uploads/during-\($0)" }
        for key in keys { try await direct.sendMessage(queueURL: queueURL, body: Self.event(key: key)) }
        try await Task.sleep(for: .seconds(10))
        let duringOutage = delivered.withLockedValue { $0.count } - 1
        try await forwarder.switchOn()
        let all = await FailureClient.eventually(within: .seconds(45)) { delivered.withLockedValue { $0.count } == 4 }
        consumer.cancel()
        await forwarder.switchOff()

        let warnings = records.lines(level: .warning, containing: "receiving from SQS failed")
        let repeats = records.lines(level: .debug, containing: "receiving from SQS failed again")
        let resumed = records.lines(level: .notice, containing: "receiving from SQS resumed")
        print(
            "sqs receive outage test: \(duringOutage) delivered during the outage; \(warnings.count) warning(s), "
                + "\(repeats.count) repeated failure(s) at debug, resumed: \(resumed)")
        #expect(duringOutage == 0, "nothing is delivered while SQS is unreachable")
        #expect(
            all, "every message sent during the outage is delivered afterwards: \(delivered.withLockedValue { $0 })")
        #expect(Set(delivered.withLockedValue { $0 }) == Set(["uploads/before"] + keys))
        #expect(warnings.count == 1, "the outage is logged once: \(warnings)")
        #expect(!repeats.isEmpty, "the consumer kept trying during the outage")
        #expect(resumed.count == 1, "the recovery is logged once")
    }

    /// An S3 ObjectCreated notification for `key`, as S3 sends it to SQS.
    static func event(key: String) -> String {
        #"{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put","#
            + #""s3":{"bucket":{"name":"attache-q"},"object":{"key":"\#(key)","size":5,"eTag":"abc"}}}]}"#
    }
}

/// Log lines kept by ``RecordingLogHandler``.
final class LogRecords: Sendable {
    private let lines = NIOLockedValueBox<[(level: Logger.Level, message: String)]>([])

    func append(_ level: Logger.Level, _ message: String) { lines.withLockedValue { $0.append((level, message)) } }

    /// The messages at `level` that contain `needle`.
    func lines(level: Logger.Level, containing needle: String) -> [String] {
        lines.withLockedValue { $0.filter { $0.level == level && $0.message.contains(needle) }.map(\.message) }
    }
}

/// A log handler that keeps every message (no metadata) in ``LogRecords``.
struct RecordingLogHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.append(event.level, event.message.description)
    }
}
