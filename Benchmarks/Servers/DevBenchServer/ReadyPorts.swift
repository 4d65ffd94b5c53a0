import Foundation

/// Prints `listening GATEWAY_PORT SANDBOX_PORT` once both servers accept connections.
actor ReadyPorts {
    private var gatewayPort: Int?
    private var sandboxPort: Int?

    func gateway(_ port: Int) {
        gatewayPort = port
        announce()
    }

    func sandbox(_ port: Int) {
        sandboxPort = port
        announce()
    }

    private func announce() {
        guard let gatewayPort, let sandboxPort else { return }
        FileHandle.standardOutput.write(Data("listening \(gatewayPort) \(sandboxPort)\n".utf8))
    }
}
