import Foundation
import Logging
import NIOCore

/// Runs trigger rules against every inbound guest message, the way an Architect inbound message
/// flow calls Data Actions, and records each call in a ``TriggerLog``.
///
/// Messages are handled one at a time in arrival order, and a message's matching rules in
/// configuration order (a flow's steps run in sequence). Failures are logged, never thrown.
public struct TriggerEngine: Sendable {
    /// The rules, in order.
    public let rules: [TriggerRule]
    /// Where firings are recorded.
    public let log: TriggerLog
    private let caller: DataActionCaller
    private let logger: Logger

    /// Creates an engine.
    /// - Parameters:
    ///   - rules: the rules.
    ///   - log: the trigger log to record into.
    ///   - caller: sends the Data Action requests.
    ///   - logger: where to log each firing (no secrets, no bodies).
    public init(
        rules: [TriggerRule],
        log: TriggerLog,
        caller: DataActionCaller = DataActionCaller(),
        logger: Logger
    ) {
        self.rules = rules
        self.log = log
        self.caller = caller
        self.logger = logger
    }

    /// Handles the state's inbound messages until the surrounding task is cancelled.
    public func run(state: SandboxState) async {
        let messages = await state.inboundMessages()
        for await event in messages {
            if Task.isCancelled { break }
            let conversation = await state.conversation(id: event.conversationId)
            await handle(TriggerFacts(event: event, conversation: conversation))
        }
    }

    /// Runs every matching rule for one message.
    /// - Returns: the log entries written, in rule order.
    @discardableResult
    public func handle(_ facts: TriggerFacts) async -> [TriggerLogEntry] {
        var written: [TriggerLogEntry] = []
        for rule in TriggerRule.matching(rules, facts: facts) {
            written.append(await fire(rule, facts: facts))
        }
        return written
    }

    private func fire(_ rule: TriggerRule, facts: TriggerFacts) async -> TriggerLogEntry {
        var entry = TriggerLogEntry(
            sequence: 0, time: "", rule: rule.name, action: rule.dataAction.name,
            conversationId: facts.conversationId, messageId: facts.messageId, request: nil, outcome: .failed
        )
        do {
            let prepared = try rule.dataAction.prepare(inputs: facts.inputs)
            entry.request = prepared.description
            let timeout = TimeAmount.seconds(Int64(max(1, rule.dataAction.timeoutSeconds)))
            let response = try await caller.send(prepared, actionName: rule.dataAction.name, timeout: timeout)
            entry.outcome = .succeeded
            entry.status = response.status
            entry.durationMilliseconds = Self.milliseconds(response.duration)
            entry.responseBytes = response.body.count
            entry.responseKeys = response.topLevelKeys
        } catch {
            entry.status = error.status
            entry.errorCode = error.code.rawValue
            entry.errorMessage = error.message
        }
        entry.time = PlatformTime.string(from: Date())
        let stored = await log.append(entry)
        var metadata: Logger.Metadata = [
            "rule": "\(rule.name)",
            "conversationId": "\(facts.conversationId)",
            "outcome": "\(stored.outcome.rawValue)",
        ]
        if let status = stored.status { metadata["status"] = "\(status)" }
        if let code = stored.errorCode { metadata["error"] = "\(code)" }
        if stored.outcome == .succeeded {
            logger.info("trigger rule fired a Data Action", metadata: metadata)
        } else {
            logger.warning("trigger rule's Data Action failed", metadata: metadata)
        }
        return stored
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
