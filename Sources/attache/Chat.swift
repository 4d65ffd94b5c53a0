import ArgumentParser
import Foundation
import GuestClient
import WebMessaging

/// `attache chat`: a terminal guest on top of the Swift guest SDK. Lines typed are sent as
/// messages; `/quit` leaves. With `--json`, every event is printed as one JSON line and stdin
/// lines are commands, so scripts and tests can drive a conversation.
struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chat as a guest (Genesys Web Messaging) from the terminal.",
        discussion: """
            Connects to a Genesys Cloud region (--region mypurecloud.com) or a custom server such as
            the sandbox (--url http://127.0.0.1:8081, the default). The session token persists in
            --session-file, so the next run continues the same conversation.
            Commands: a line of text sends it; /attach PATH uploads a file through the gateway
            (--gateway) and tells the agent; /attach-native PATH sends it through the deployment's
            native Genesys attachments instead; /quit (or end of input) leaves.
            """
    )

    @Option(help: "The Messenger deployment id (env: ATTACHE_DEPLOYMENT_ID).")
    var deployment: String?

    @Option(help: "A Genesys Cloud region domain, e.g. mypurecloud.com.")
    var region: String?

    @Option(help: "A custom server base URL (the sandbox), default http://127.0.0.1:8081.")
    var url: String?

    @Option(help: "Where the session token and unsent messages persist.")
    var sessionFile: String = ".attache/guest-session.json"

    @Option(help: "The Attaché gateway for /attach, default http://127.0.0.1:8080.")
    var gateway: String = "http://127.0.0.1:8080"

    @Flag(help: "Print every event as one JSON line; read commands from stdin.")
    var json = false

    func validate() throws {
        if region != nil, url != nil { throw ValidationError("give --region or --url, not both") }
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--url must be an http(s) URL, got \(url)")
        }
    }

    func run() async throws {
        guard let deploymentId = deployment ?? ProcessInfo.processInfo.environment["ATTACHE_DEPLOYMENT_ID"],
            !deploymentId.isEmpty
        else {
            throw ValidationError("--deployment (or ATTACHE_DEPLOYMENT_ID) is required")
        }
        let configuration: GuestSessionConfiguration =
            if let region {
                .region(region, deploymentId: deploymentId)
            } else {
                .custom(baseURL: url ?? "http://127.0.0.1:8081", deploymentId: deploymentId)
            }
        let session = GuestSession(configuration: configuration, store: FileSessionStore(path: sessionFile))
        let json = self.json
        let attach = ChatAttach(
            session: session, gatewayURL: gateway, deploymentId: deploymentId,
            resumeStore: FileUploadResumeStore(path: sessionFile + ".uploads.json"), json: json)
        let nativeAttach = ChatNativeAttach(session: session, json: json)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await session.run() } catch is CancellationError {}
            }
            group.addTask {
                for await event in session.events {
                    ChatOutput.print(event, json: json)
                }
            }
            for await line in StandardInputLines.stream() {
                let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if text.isEmpty { continue }
                if text == "/quit" { break }
                if text.hasPrefix("/attach-native ") {
                    await nativeAttach.run(String(text.dropFirst("/attach-native ".count)))
                    continue
                }
                if text.hasPrefix("/attach ") {
                    await attach.run(String(text.dropFirst("/attach ".count)))
                    continue
                }
                let id = try await session.send(text: text)
                if !json { Console.write("(queued \(id.prefix(8)))") }
            }
            // Let queued messages go out before leaving, for a bounded time.
            let deadline = ContinuousClock.now + .seconds(10)
            while try await !session.pending().isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            group.cancelAll()
        }
    }
}

/// Prints chat events for a person or, with `json`, for a script.
enum ChatOutput {
    static func print(_ event: GuestEvent, json: Bool) {
        if json {
            Console.write(GuestEventRecord(event).jsonLine())
            return
        }
        let record = GuestEventRecord(event)
        switch event {
        case .message(let message) where message.direction == .outbound:
            var line = "agent: \(message.text ?? "")"
            for attachment in record.attachments ?? [] {
                line += "\n  [\(attachment.category)] \(attachment.filename ?? attachment.id) (\(attachment.mimeType))"
            }
            Console.write(line)
        case .newConversationStarted(let reason):
            Console.write("-- \(reason); a new conversation was started --")
        case .state(.connected(let newSession, let readOnly)):
            Console.write(
                "-- connected (\(newSession ? "new conversation" : "resumed")\(readOnly ? ", read-only" : "")) --")
        case .rejected(_, let code, let reason):
            Console.write("-- message refused (\(code)): \(reason) --")
        case .rateLimited(_, let retryAfter):
            Console.write("-- rate limited: sending again in \(retryAfter) s --")
        case .gaveUp(let reason):
            Console.write("-- gave up: \(reason) --")
        default:
            break
        }
    }
}

/// Lines of standard input as an `AsyncStream`, read on a thread of its own (reading a pipe
/// blocks, which must not happen on the concurrency pool). The stream ends at end of input.
enum StandardInputLines {
    static func stream() -> AsyncStream<String> {
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        let reader = Thread {
            while let line = readLine(strippingNewline: true) {
                continuation.yield(line)
            }
            continuation.finish()
        }
        reader.start()
        return lines
    }
}
