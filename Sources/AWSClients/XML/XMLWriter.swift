/// Builds small XML request bodies (tagging, CompleteMultipartUpload, notification configuration).
struct XMLWriter: Sendable {
    /// The document built so far.
    private(set) var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

    /// Opens an element, with an optional `xmlns`.
    mutating func open(_ name: String, namespace: String? = nil) {
        if let namespace {
            output += "<\(name) xmlns=\"\(Self.escape(namespace))\">"
        } else {
            output += "<\(name)>"
        }
    }

    /// Closes an element.
    mutating func close(_ name: String) {
        output += "</\(name)>"
    }

    /// Writes `<name>escaped text</name>`.
    mutating func element(_ name: String, _ text: String) {
        output += "<\(name)>\(Self.escape(text))</\(name)>"
    }

    /// Escapes the five XML special characters.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// The S3 XML namespace used in request bodies.
let s3XMLNamespace = "http://s3.amazonaws.com/doc/2006-03-01/"
