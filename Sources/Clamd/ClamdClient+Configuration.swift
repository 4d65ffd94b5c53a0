extension ClamdClient {
    /// Timeouts and chunking for a ``ClamdClient``.
    public struct Configuration: Sendable, Hashable {
        /// How long establishing a connection may take.
        public var connectTimeout: Duration
        /// How long clamd may take to answer once a command (or a whole stream) has been sent.
        public var readTimeout: Duration
        /// How long a single write may wait for clamd to accept more data (backpressure).
        public var writeTimeout: Duration
        /// The largest `INSTREAM` chunk sent; bigger buffers from the source are split.
        public var chunkSize: Int

        /// Creates a configuration; the defaults suit a clamd on the same network.
        ///
        /// - Parameters:
        ///   - connectTimeout: limit for connecting (default 5 s).
        ///   - readTimeout: limit for clamd's answer after the request is complete (default 60 s).
        ///   - writeTimeout: limit for one write to be accepted (default 30 s).
        ///   - chunkSize: largest chunk in bytes, clamped to 1 B…16 MiB (default 256 KiB).
        public init(
            connectTimeout: Duration = .seconds(5),
            readTimeout: Duration = .seconds(60),
            writeTimeout: Duration = .seconds(30),
            chunkSize: Int = 256 * 1024
        ) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.writeTimeout = writeTimeout
            self.chunkSize = min(max(chunkSize, 1), 16 * 1024 * 1024)
        }
    }
}
