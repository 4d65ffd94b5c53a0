import AWSSigning
import Foundation

extension UploadAPI.TicketResponse {
    /// The response body, byte for byte what ``UploadHandlers/encoder`` writes (sorted keys,
    /// unescaped slashes, ISO 8601 seconds), written directly for a single-PUT ticket: the
    /// `JSONEncoder` round through `Encodable` containers was about 5% of a ticket's CPU.
    /// Multipart tickets (rarer, and a list of part URLs) go through the encoder.
    /// - Throws: The encoder's error for a multipart ticket.
    func jsonBytes() throws -> [UInt8] {
        guard case .put(let put) = upload else { return Array(try UploadHandlers.encoder.encode(self)) }
        var json: [UInt8] = []
        json.reserveCapacity(put.url.utf8.count + 256)
        json.append(contentsOf: #"{"fileId":"#.utf8)
        JSONText.appendString(fileId, to: &json)
        json.append(contentsOf: #","state":"#.utf8)
        JSONText.appendString(state.rawValue, to: &json)
        json.append(contentsOf: #","upload":{"expiresAt":"#.utf8)
        Self.appendTimestamp(put.expiresAt, to: &json)
        json.append(contentsOf: #","headers":{"#.utf8)
        for (index, name) in put.headers.keys.sorted().enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            JSONText.appendString(name, to: &json)
            json.append(UInt8(ascii: ":"))
            JSONText.appendString(put.headers[name] ?? "", to: &json)
        }
        json.append(contentsOf: #"},"method":"#.utf8)
        JSONText.appendString(put.method, to: &json)
        json.append(contentsOf: #","url":"#.utf8)
        JSONText.appendString(put.url, to: &json)
        json.append(contentsOf: "}}".utf8)
        return json
    }

    /// `"2026-11-26T10:52:03Z"`, as `JSONEncoder`'s `.iso8601` strategy writes it.
    private static func appendTimestamp(_ date: Date, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        CivilCalendar.appendDateTime(
            millisecondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)) * 1000,
            separator: UInt8(ascii: "T"), withMilliseconds: false, to: &json)
        json.append(contentsOf: "Z\"".utf8)
    }
}
