import Foundation
import Hummingbird

/// `POST /api/v2/integrations/actions/{actionId}/execute` (run a configured Data Action with a
/// JSON object of inputs, as Genesys's Actions API does) and `GET /api/v2/sandbox/trigger-log`.
struct DataActionRoutes: Sendable {
    let platform: SandboxPlatform

    /// The trigger log page.
    struct TriggerLogPage: Codable {
        var entities: [TriggerLogEntry]
        var total: Int
    }

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("/api/v2/integrations/actions/:actionId/execute") { request, context -> Response in
            do throws(PlatformAPIError) {
                _ = try await platform.tokens.verify(authorization: request.headers[.authorization])
                let actionId = context.parameters.get("actionId") ?? ""
                guard let action = platform.configuration.callableDataActions.first(where: { $0.id == actionId }) else {
                    throw .notFound("action")
                }
                let inputs = try await Self.inputs(from: request)
                do throws(DataActionError) {
                    let response = try await platform.caller.call(action, inputs: inputs)
                    let parsed = try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
                    let isJSON = parsed != nil
                    return PlatformJSON.raw(
                        isJSON ? response.body : Data("{}".utf8), contentType: "application/json"
                    )
                } catch {
                    throw PlatformAPIError(
                        status: error.code == .httpStatus ? 502 : 400,
                        code: "bad.request",
                        message: error.description
                    )
                }
            } catch {
                return PlatformJSON.error(error)
            }
        }
        router.get("/api/v2/sandbox/trigger-log") { request, _ -> Response in
            let conversationId = request.uri.queryParameters.get("conversationId")
            let entries = await platform.triggerLog.recent(conversationId: conversationId)
            return PlatformJSON.response(TriggerLogPage(entities: entries, total: entries.count))
        }
    }

    /// The request's JSON object as string inputs (numbers and booleans as their JSON text).
    static func inputs(from request: Request) async throws(PlatformAPIError) -> [String: String] {
        let data = try await PlatformJSON.body(of: request)
        guard !data.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .badRequest("the body must be a JSON object of inputs")
        }
        var inputs: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let string as String: inputs[key] = string
            case let number as NSNumber: inputs[key] = number.stringValue
            default:
                if let nested = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
                    inputs[key] = String(decoding: nested, as: UTF8.self)
                }
            }
        }
        return inputs
    }
}
