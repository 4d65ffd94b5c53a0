import Foundation
import GuestClient
import NIOConcurrencyHelpers

/// Wraps the real transport: records every request (method and path, never the signed query),
/// and can hold PUTs beyond the first few until the task is cancelled (an upload interrupted at
/// a known point), spoil the signature of chosen parts' first PUT (a stale URL → 403), or fail
/// chosen parts' first PUT before it is sent (a dropped connection).
final class RecordingTransport: UploadHTTPTransport {
    struct Recorded: Sendable, Equatable {
        var method: String
        var path: String
        var partNumber: Int?
    }

    private struct State {
        var requests: [Recorded] = []
        var putsAdmitted = 0
        var spoiled: Set<Int> = []
        var dropped: Set<Int> = []
        var inFlight = 0
        var maxInFlight = 0
    }

    private let inner: any UploadHTTPTransport
    private let state = NIOLockedValueBox(State())
    /// PUTs after this many wait until cancelled (`nil`: none wait).
    let holdPutsAfter: Int?
    /// Parts whose first PUT goes out with a spoilt signature.
    let spoilFirstPutOf: Set<Int>
    /// Parts whose first PUT fails as if the connection dropped.
    let dropFirstPutOf: Set<Int>

    init(
        holdPutsAfter: Int? = nil, spoilFirstPutOf: Set<Int> = [], dropFirstPutOf: Set<Int> = [],
        inner: any UploadHTTPTransport = AsyncHTTPUploadTransport()
    ) {
        self.inner = inner
        self.holdPutsAfter = holdPutsAfter
        self.spoilFirstPutOf = spoilFirstPutOf
        self.dropFirstPutOf = dropFirstPutOf
    }

    var requests: [Recorded] { state.withLockedValue { $0.requests } }

    /// The most PUTs that were in flight at once.
    var maxPutsInFlight: Int { state.withLockedValue { $0.maxInFlight } }

    /// The PUTs that reached the object store (held ones excluded).
    var puts: [Recorded] { requests.filter { $0.method == "PUT" } }

    func count(_ method: String, pathSuffix: String) -> Int {
        requests.filter { $0.method == method && $0.path.hasSuffix(pathSuffix) }.count
    }

    func execute(_ request: UploadHTTPRequest) async throws -> UploadHTTPResponse {
        let components = URLComponents(string: request.url)
        let part = components?.queryItems?.first { $0.name == "partNumber" }?.value.flatMap { Int($0) }
        var request = request
        if request.method == "PUT" {
            let (admitted, spoil, drop) = state.withLockedValue { state -> (Bool, Bool, Bool) in
                if let limit = holdPutsAfter, state.putsAdmitted >= limit { return (false, false, false) }
                state.putsAdmitted += 1
                let number = part ?? 1
                let spoil = spoilFirstPutOf.contains(number) && state.spoiled.insert(number).inserted
                let drop = dropFirstPutOf.contains(number) && state.dropped.insert(number).inserted
                return (true, spoil, drop)
            }
            if !admitted {
                while true { try await Task.sleep(for: .seconds(3600)) }
            }
            if drop {
                state.withLockedValue {
                    $0.requests.append(.init(method: "PUT-dropped", path: components?.path ?? "", partNumber: part))
                }
                throw URLError(.networkConnectionLost)
            }
            if spoil, let last = request.url.last {
                request.url = String(request.url.dropLast()) + (last == "0" ? "1" : "0")
            }
        }
        let isPut = request.method == "PUT"
        state.withLockedValue {
            $0.requests.append(.init(method: request.method, path: components?.path ?? "", partNumber: part))
            if isPut {
                $0.inFlight += 1
                $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
            }
        }
        defer { if isPut { state.withLockedValue { $0.inFlight -= 1 } } }
        return try await inner.execute(request)
    }
}
