import Foundation
import Hummingbird
import WebMessaging

/// `GET /api/v2/webmessaging/messages?pageSize=&pageNumber=` with the guest JWT as bearer: the
/// session's messages, newest first, as a Genesys entity list.
enum HistoryRoutes {
    /// The path of the history API.
    static let path: RouterPath = "/api/v2/webmessaging/messages"
    /// Genesys' default page size.
    static let defaultPageSize = 25
    /// The largest page size accepted.
    static let maxPageSize = 100

    static func register(on router: Router<SandboxRequestContext>, state: SandboxState) {
        router.get(path) { request, _ -> Response in
            guard let authorization = request.headers[.authorization],
                authorization.lowercased().hasPrefix("bearer ")
            else { return GenesysErrorResponse.make(status: .unauthorized, message: "Missing bearer token") }
            let token = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            let query = request.uri.queryParameters
            let pageSize = query["pageSize"].flatMap { Int(String($0)) } ?? defaultPageSize
            let pageNumber = query["pageNumber"].flatMap { Int(String($0)) } ?? 1
            guard (1...maxPageSize).contains(pageSize), pageNumber >= 1 else {
                return GenesysErrorResponse.make(
                    status: .badRequest, message: "pageSize must be 1…\(maxPageSize) and pageNumber at least 1"
                )
            }
            let page: MessageHistoryPage
            do throws(GuestJWTError) {
                page = try await state.history(jwt: token, pageSize: pageSize, pageNumber: pageNumber)
            } catch {
                return GenesysErrorResponse.make(status: .unauthorized, message: "Unauthorized: \(error.shortReason)")
            }
            return try GenesysErrorResponse.json(page)
        }
    }
}

extension GuestJWTError {
    /// A short reason for the 401 body.
    var shortReason: String {
        switch self {
        case .malformed: "invalid token"
        case .badSignature: "invalid token"
        case .expired: "token expired"
        case .revoked: "session closed"
        }
    }
}
