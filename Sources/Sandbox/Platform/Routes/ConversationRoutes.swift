import Foundation
import Hummingbird
import WebMessaging

/// The Conversations API subset the gateway uses, each route behind an OAuth bearer token.
struct ConversationRoutes: Sendable {
    let platform: SandboxPlatform

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/api/v2/conversations/:conversationId") { request, context -> Response in
            await handle(request) { () throws(PlatformAPIError) -> Response in
                let conversation = try await conversation(context.parameters.get("conversationId"))
                return PlatformJSON.response(ConversationDocument(conversation))
            }
        }
        router.get("/api/v2/conversations/messages/:conversationId") { request, context -> Response in
            await handle(request) { () throws(PlatformAPIError) -> Response in
                let conversation = try await conversation(context.parameters.get("conversationId"))
                return PlatformJSON.response(MessageConversationDocument(conversation))
            }
        }
        router.post("/api/v2/conversations/messages/:conversationId/communications/:communicationId/messages") {
            request, context -> Response in
            await handle(request) { () throws(PlatformAPIError) -> Response in
                let conversation = try await conversation(context.parameters.get("conversationId"))
                let communicationId = context.parameters.get("communicationId") ?? ""
                let body = try await PlatformJSON.decode(AdditionalMessage.self, from: request)
                return try await send(body, conversation: conversation, communicationId: communicationId)
            }
        }
        router.patch("/api/v2/conversations/messages/:conversationId/participants/:participantId/attributes") {
            request, context -> Response in
            await handle(request) { () throws(PlatformAPIError) -> Response in
                let conversationId = context.parameters.get("conversationId") ?? ""
                let participantId = context.parameters.get("participantId") ?? ""
                let body = try await PlatformJSON.decode(ParticipantAttributesDocument.self, from: request)
                do throws(SandboxStateError) {
                    let participant = try await platform.state.patchParticipantAttributes(
                        conversationId, participantId: participantId, attributes: body.attributes
                    )
                    return PlatformJSON.response(ParticipantAttributesDocument(attributes: participant.attributes))
                } catch {
                    throw PlatformAPIError(error)
                }
            }
        }
    }

    /// Checks the bearer token, then runs the route; failures become Genesys error bodies.
    func handle(
        _ request: Request,
        _ body: () async throws(PlatformAPIError) -> Response
    ) async -> Response {
        do {
            _ = try await platform.tokens.verify(authorization: request.headers[.authorization])
            return try await body()
        } catch {
            return PlatformJSON.error(error)
        }
    }

    func conversation(_ id: String?) async throws(PlatformAPIError) -> ConversationRecord {
        guard let id, let conversation = await platform.state.conversation(id: id) else {
            throw .notFound("conversation")
        }
        return conversation
    }

    /// Sends on an agent's communication as that agent; on the customer's communication as the
    /// system (the first connected agent's name, or a bot when none is connected).
    func send(
        _ message: AdditionalMessage,
        conversation: ConversationRecord,
        communicationId: String
    ) async throws(PlatformAPIError) -> Response {
        guard let participant = conversation.participant(communicationId: communicationId) else {
            throw .notFound("communication")
        }
        var attachments: [AgentAttachment] = []
        for mediaId in message.mediaIds ?? [] {
            guard let sample = SampleAttachment.named(mediaId) else {
                throw .badRequest("unknown media id '\(mediaId.prefix(64))'; the sandbox knows its sample ids")
            }
            attachments.append(sample.agentAttachment)
        }
        let agentUserId = participant.purpose == .agent ? participant.userId : nil
        do throws(SandboxStateError) {
            let record = try await platform.state.sendAgentMessage(
                conversation.id, text: message.textBody, attachments: attachments, agentUserId: agentUserId
            )
            let document = MessageDataDocument(
                id: record.id,
                timestamp: PlatformTime.string(from: record.sentAt),
                textBody: record.message.text,
                conversationId: conversation.id
            )
            return PlatformJSON.response(document)
        } catch {
            throw PlatformAPIError(error)
        }
    }
}
