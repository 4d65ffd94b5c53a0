import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of one test's own, which the test may stop and start: `initdb` into a
/// temporary directory (as the `postgres` user when run as root, as `scripts/test` does), a fixed
/// port from 55460-55469 so that a restart keeps the URL, `pg_ctl` to stop and start it.
/// ``destroy()`` stops it and removes its directory.
struct PrivatePostgres {
    /// The server binaries' folder.
    let bin: URL
    /// The temporary folder (data directory, socket, log).
    let directory: URL
    /// The server's port on 127.0.0.1.
    let port: Int
    /// The user the server runs as, when the test runs as root.
    let user: String?
    /// The database the gateway uses.
    static let database = "attache_failures"

    /// `postgres://attache@127.0.0.1:PORT/attache_failures?sslmode=disable`.
    var url: String { "postgres://attache@127.0.0.1:\(port)/\(Self.database)?sslmode=disable" }

    /// Debian's newest `/usr/lib/postgresql/VERSION/bin` with `initdb` and `pg_ctl`, or `nil`.
    static func binaries() -> URL? {
        let base = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        for version in versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedDescending }) {
            let bin = base.appendingPathComponent(version).appendingPathComponent("bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path),
                FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("pg_ctl").path)
            {
                return bin
            }
        }
        return nil
    }

    /// Initialises, starts and creates the database on the first free port of 55460-55469.
    static func start(bin: URL) throws -> PrivatePostgres {
        // Under /tmp: the server's user must be able to reach it.
        let directory = URL(fileURLWithPath: "/tmp/attache-failures-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let user: String? = getuid() == 0 ? "postgres" : nil
        if let user {
            _ = try Self.run("/usr/bin/chown", [user, directory.path])
        }
        // Each free-looking port is tried: one nobody listens on may still be an outgoing
        // connection's ephemeral source port, and the server then cannot bind it.
        var initialized = false
        var failures: [String] = []
        for port in 55460...55469 where !Self.isListening(port: port) {
            let server = PrivatePostgres(bin: bin, directory: directory, port: port, user: user)
            if !initialized {
                try server.pg(
                    "initdb",
                    ["-D", server.dataPath, "-U", "attache", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"])
                initialized = true
            }
            do {
                try server.startServer()
            } catch {
                failures.append("\(port): \(error)")
                continue
            }
            try server.pg("createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "attache", Self.database])
            return server
        }
        throw FailureTestError("PostgreSQL could not start on any port of 55460-55469: \(failures)")
    }

    var dataPath: String { directory.appendingPathComponent("data").path }

    /// `pg_ctl start`, waiting until it accepts connections.
    func startServer() throws {
        try pg(
            "pg_ctl",
            [
                "-D", dataPath, "-l", directory.appendingPathComponent("postgres.log").path, "-w", "-t", "60",
                "-o", "-k \(directory.path) -h 127.0.0.1 -p \(port) -c fsync=off", "start",
            ])
    }

    /// `pg_ctl stop -m fast`: open sessions are terminated, as in a restart for maintenance.
    func stopServer() throws {
        try pg("pg_ctl", ["-D", dataPath, "-m", "fast", "-w", "-t", "60", "stop"])
    }

    /// Runs one SQL statement through `psql` and returns its unaligned output.
    func query(_ sql: String) throws -> String {
        try pg("psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "attache", "-d", Self.database, "-At", "-c", sql])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server (if running) and removes its folder.
    func destroy() {
        _ = try? pg("pg_ctl", ["-D", dataPath, "-m", "immediate", "-w", "-t", "30", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a server binary (as ``user`` when set); its output. Throws on a non-zero exit.
    @discardableResult
    func pg(_ tool: String, _ arguments: [String]) throws -> String {
        let path = bin.appendingPathComponent(tool).path
        if let user { return try Self.run("/usr/sbin/runuser", ["-u", user, "--", path] + arguments) }
        return try Self.run(path, arguments)
    }

    /// Runs `executable`; its output. Throws on a non-zero exit.
    ///
    /// Spawned with `posix_spawn`, every descriptor above 2 closed and the output going to a
    /// file, then reaped with `waitpid`: Foundation's `Process` learns of an exit through a socket
    /// the child inherits, and the server `pg_ctl start` leaves behind would inherit it too, so
    /// `waitUntilExit` would never return.
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("attache-pg-run-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // glibc ignores a close action on a descriptor that is no longer open.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
        for descriptor in (open ?? []) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw FailureTestError("cannot run \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED and WEXITSTATUS by hand (macros are not imported).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw FailureTestError("\(executable) \(arguments.joined(separator: " ")) failed (\(status)): \(text)")
        }
        return text
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func isListening(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
