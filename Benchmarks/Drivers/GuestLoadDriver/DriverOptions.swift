import Foundation

/// `--name value` pairs of the command line.
struct DriverOptions {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            if name.hasPrefix("--"), index + 1 < arguments.count {
                values[String(name.dropFirst(2))] = arguments[index + 1]
                index += 2
            } else {
                FileHandle.standardError.write(Data("GuestLoadDriver: ignoring argument \(name)\n".utf8))
                index += 1
            }
        }
    }

    func string(_ name: String, default value: String? = nil) -> String {
        guard let found = values[name] ?? value else {
            FileHandle.standardError.write(Data("GuestLoadDriver: --\(name) is required\n".utf8))
            exit(64)
        }
        return found
    }

    func optional(_ name: String) -> String? {
        values[name]
    }

    func int(_ name: String, default value: Int) -> Int {
        values[name].flatMap(Int.init) ?? value
    }

    func double(_ name: String, default value: Double) -> Double {
        values[name].flatMap(Double.init) ?? value
    }

    /// The mode: `sandbox` (the guest protocol's answers) or `echo` (frames come back unchanged).
    var echoMode: Bool { string("mode", default: "sandbox") == "echo" }

    /// The server process to read /proc of, if given.
    var serverPID: Int? { values["server-pid"].flatMap(Int.init) }
}
