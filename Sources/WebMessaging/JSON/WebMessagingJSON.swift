import Foundation

/// JSON coders configured for the Genesys Web Messaging Guest protocol.
///
/// Encoding sorts keys (stable output for logs and tests) and leaves `/` unescaped; key order is
/// not significant to the protocol.
public enum WebMessagingJSON {
    /// A new encoder with the protocol's settings.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A new decoder with the protocol's settings.
    public static func makeDecoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// Decodes `type` from `data`, mapping every failure to a ``WebMessagingError``.
    /// - Throws: ``WebMessagingError`` with code `invalidJSON` or `malformedMessage`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(WebMessagingError) -> T {
        do {
            return try makeDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw WebMessagingError(decoding: error, type: String(describing: type))
        } catch {
            throw WebMessagingError(code: .malformedMessage, message: "cannot decode \(type): \(error)")
        }
    }

    /// Encodes `value` to JSON bytes.
    /// - Throws: ``WebMessagingError`` with code `encodingFailed`.
    public static func encode<T: Encodable>(_ value: T) throws(WebMessagingError) -> Data {
        do {
            return try makeEncoder().encode(value)
        } catch {
            throw WebMessagingError(code: .encodingFailed, message: "cannot encode \(T.self): \(error)")
        }
    }

    /// Encodes `value` to a JSON string (one WebSocket text frame).
    /// - Throws: ``WebMessagingError`` with code `encodingFailed`.
    public static func encodeString<T: Encodable>(_ value: T) throws(WebMessagingError) -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}
