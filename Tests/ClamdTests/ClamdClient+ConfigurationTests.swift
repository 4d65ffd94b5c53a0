import Clamd
import Testing

@Suite("ClamdClient.Configuration")
struct ClamdClientConfigurationTests {
    @Test("Defaults: 5 s connect, 60 s read, 30 s write, 256 KiB chunks")
    func defaults() {
        let configuration = ClamdClient.Configuration()
        #expect(configuration.connectTimeout == .seconds(5))
        #expect(configuration.readTimeout == .seconds(60))
        #expect(configuration.writeTimeout == .seconds(30))
        #expect(configuration.chunkSize == 256 * 1024)
    }

    @Test("The chunk size is clamped to 1 B…16 MiB", arguments: [(0, 1), (-5, 1), (1, 1), (1 << 30, 16 << 20)])
    func chunkSizeClamp(requested: Int, effective: Int) {
        #expect(ClamdClient.Configuration(chunkSize: requested).chunkSize == effective)
    }
}
