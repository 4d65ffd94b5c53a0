import Foundation
import Hummingbird

/// The agent console's JSON routes under `/api/v2/sandbox/agent/`: sign in, list, read, accept,
/// reply (text and sample attachments), disconnect. Errors use Genesys's error body.
struct AgentRoutes: Sendable {
    typealias Docs = AgentConsoleDocuments
    let platform: SandboxPlatform

    func register<Context: RequestContext>(on router: Router<Context>) {
        let base = "/api/v2/sandbox/agent"
        router.post("\(base)/session") { request, _ -> Response in
            await Self.respond { () throws(PlatformAPIError) -> Response in
                let body = try await PlatformJSON.decode(Docs.SignIn.self, from: request)
                guard let agent = await platform.agents.signIn(name: body.name) else {
                    throw .badRequest("a name of 1 to 80 characters is required")
                }
                var response = PlatformJSON.response(Docs.Agent(userId: agent.id, name: agent.name))
                // Signs this browser in for the implicit grant too (the widget's /oauth/authorize).
                response.headers[.setCookie] = platform.agents.cookies.setCookie(userId: agent.id)
                return response
            }
        }
        router.delete("\(base)/session") { _, _ -> Response in
            var response = Response(status: .noContent)
            response.headers[.setCookie] = platform.agents.cookies.clearCookie
            return response
        }
        router.get("\(base)/conversations") { request, _ -> Response in
            await Self.respond { () throws(PlatformAPIError) -> Response in
                let agent = try await agent(request.uri.queryParameters.get("userId"))
                let all = await platform.state.conversations()
                let waiting = all.filter { $0.status == .waiting }
                let mine = all.filter { $0.status == .active && $0.isConnectedAgent(userId: agent.id) }
                let ended = all.filter { $0.status == .ended && $0.agent(userId: agent.id) != nil }
                return PlatformJSON.response(
                    Docs.Lists(
                        waiting: waiting.map(Docs.Summary.init),
                        mine: mine.map(Docs.Summary.init),
                        ended: ended.suffix(10).reversed().map(Docs.Summary.init)
                    ))
            }
        }
        router.get("\(base)/conversations/:id") { request, context -> Response in
            await Self.respond { () throws(PlatformAPIError) -> Response in
                let agent = try await agent(request.uri.queryParameters.get("userId"))
                let conversation = try await conversation(context.parameters.get("id"))
                return PlatformJSON.response(detail(conversation, agent: agent, request: request))
            }
        }
        router.post("\(base)/conversations/:id/accept") { request, context -> Response in
            await act(request, context.parameters.get("id")) { conversationId, agent, _ throws(SandboxStateError) in
                try await platform.state.acceptConversation(conversationId, agent: agent)
            }
        }
        router.post("\(base)/conversations/:id/messages") { request, context -> Response in
            await act(request, context.parameters.get("id")) { conversationId, agent, body throws(SandboxStateError) in
                var attachments: [AgentAttachment] = []
                if let sampleId = body.sampleId {
                    guard let sample = SampleAttachment.named(sampleId) else {
                        throw SandboxStateError(code: .invalidRequest, message: "unknown sample attachment")
                    }
                    attachments.append(sample.agentAttachment)
                }
                let text = body.text?.trimmingCharacters(in: .whitespacesAndNewlines)
                try await platform.state.sendAgentMessage(
                    conversationId, text: text?.isEmpty == true ? nil : text, attachments: attachments,
                    agentUserId: agent.id
                )
            }
        }
        router.post("\(base)/conversations/:id/disconnect") { request, context -> Response in
            await act(request, context.parameters.get("id")) { conversationId, agent, _ throws(SandboxStateError) in
                try await platform.state.disconnectAgent(conversationId, agentUserId: agent.id)
            }
        }
        router.get("\(base)/samples") { _, _ -> Response in
            PlatformJSON.response(
                SampleAttachment.all.map { sample in
                    Docs.Sample(
                        id: sample.id, fileName: sample.fileName, mimeType: sample.mimeType, label: sample.label,
                        size: sample.data.count
                    )
                })
        }
        router.get("\(base)/samples/:id") { _, context -> Response in
            guard let sample = context.parameters.get("id").flatMap(SampleAttachment.named) else {
                return PlatformJSON.error(.notFound("sample"))
            }
            var response = PlatformJSON.raw(sample.data, contentType: sample.mimeType)
            response.headers[.contentDisposition] = "attachment; filename=\"\(sample.fileName)\""
            response.headers[.xContentTypeOptions] = "nosniff"
            return response
        }
    }

    /// Runs an agent action on a conversation, then answers with the conversation's detail.
    func act(
        _ request: Request,
        _ conversationId: String?,
        _ action: (String, AgentProfile, Docs.AgentAction) async throws(SandboxStateError) -> Void
    ) async -> Response {
        await Self.respond { () throws(PlatformAPIError) -> Response in
            let body = try await PlatformJSON.decode(Docs.AgentAction.self, from: request)
            let agent = try await agent(body.userId)
            let conversation = try await conversation(conversationId)
            do throws(SandboxStateError) {
                try await action(conversation.id, agent, body)
            } catch {
                throw PlatformAPIError(error)
            }
            let updated = try await self.conversation(conversation.id)
            return PlatformJSON.response(detail(updated, agent: agent, request: request))
        }
    }

    func detail(_ conversation: ConversationRecord, agent: AgentProfile, request: Request) -> Docs.Detail {
        let canReply = conversation.isConnectedAgent(userId: agent.id) && !conversation.readOnly
        var widgetURL: String?
        if let template = platform.configuration.widgetURLTemplate, conversation.agent(userId: agent.id) != nil {
            let host = request.head.authority ?? "127.0.0.1"
            widgetURL = WidgetURLTemplate(template).fill(
                .init(
                    conversationId: conversation.id,
                    userId: agent.id,
                    hostOrigin: "http://\(host)",
                    targetEnvironment: platform.configuration.targetEnvironment,
                    languageTag: platform.configuration.languageTag
                ))
        }
        return Docs.Detail(
            id: conversation.id,
            status: conversation.status.rawValue,
            readOnly: conversation.readOnly,
            canReply: canReply,
            participants: conversation.participants.map {
                Docs.ParticipantView(
                    id: $0.id, purpose: $0.purpose.rawValue, state: $0.state.rawValue, name: $0.name, userId: $0.userId
                )
            },
            messages: conversation.messages.map { Docs.MessageView($0, conversation: conversation) },
            widgetURL: widgetURL
        )
    }

    func agent(_ userId: String?) async throws(PlatformAPIError) -> AgentProfile {
        guard let userId, let agent = await platform.agents.profile(userId: userId) else {
            throw PlatformAPIError(status: 401, code: "bad.credentials", message: "sign in to the agent console first")
        }
        return agent
    }

    func conversation(_ id: String?) async throws(PlatformAPIError) -> ConversationRecord {
        guard let id, let conversation = await platform.state.conversation(id: id) else {
            throw .notFound("conversation")
        }
        return conversation
    }

    static func respond(_ body: () async throws(PlatformAPIError) -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            return PlatformJSON.error(error)
        }
    }
}
