import Clamd
import Foundation
import Logging

/// Typed reads of named values from ``ConfigurationLayers``, with errors that name the source.
struct ConfigurationReader {
    let layers: ConfigurationLayers

    func string(_ name: String) -> String? {
        layers[name]?.trimmingCharacters(in: .whitespaces)
    }

    func origin(_ name: String) -> String {
        layers.lookup(name)?.origin ?? "default"
    }

    func port(_ name: String) throws(ConfigurationError) -> Int? {
        guard let (value, origin) = layers.lookup(name) else { return nil }
        guard let port = Int(value), (0...65535).contains(port) else {
            throw .invalidValue(name: name, value: value, origin: origin, expected: "a port number 0-65535")
        }
        return port
    }

    /// A whole number of seconds within `range`, or `nil` when the setting is absent.
    func wholeSeconds(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = string(name) else { return nil }
        guard let seconds = Int(value), range.contains(seconds) else {
            throw .invalidValue(
                name: name, value: layers[name] ?? value, origin: origin(name),
                expected: "whole seconds \(range.lowerBound)-\(range.upperBound)")
        }
        return seconds
    }

    func httpURL(_ name: String) throws(ConfigurationError) -> String? {
        guard let (value, origin) = layers.lookup(name) else { return nil }
        let lowered = value.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), value.count > "https://".count - 1 else {
            throw .invalidValue(name: name, value: value, origin: origin, expected: "an http:// or https:// URL")
        }
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    func logLevel(_ name: String) throws(ConfigurationError) -> Logger.Level? {
        guard let (value, origin) = layers.lookup(name) else { return nil }
        guard let level = Logger.Level(rawValue: value.lowercased()) else {
            let expected = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidValue(name: name, value: value, origin: origin, expected: "one of \(expected)")
        }
        return level
    }

    func oneOf<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) throws(ConfigurationError) -> T?
    where T.RawValue == String {
        guard let (value, origin) = layers.lookup(name) else { return nil }
        guard let parsed = T(rawValue: value.lowercased()) else {
            let expected = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidValue(name: name, value: value, origin: origin, expected: "one of \(expected)")
        }
        return parsed
    }

    func clamdAddress(_ name: String) throws(ConfigurationError) -> ClamdAddress? {
        guard let (value, origin) = layers.lookup(name) else { return nil }
        do {
            return try ClamdAddress(parsing: value)
        } catch {
            throw .invalidValue(name: name, value: value, origin: origin, expected: "tcp://HOST:PORT or unix:PATH")
        }
    }
}
