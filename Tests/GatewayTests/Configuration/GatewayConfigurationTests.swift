import Clamd
import Logging
import Testing

@testable import Gateway

@Suite("Gateway configuration")
struct GatewayConfigurationTests {
    func resolve(
        flags: [String: String] = [:], env: [String: String] = [:], file: String? = nil
    ) throws
        -> GatewayConfiguration
    {
        var sources = [
            ConfigurationSource(origin: "command line", values: flags),
            ConfigurationSource(origin: "environment", values: env),
        ]
        if let file { sources.append(try ConfigurationSource.parse(file, origin: "attache.conf")) }
        return try GatewayConfiguration(layers: ConfigurationLayers(sources))
    }

    @Test("With nothing set, every value takes its documented default")
    func defaults() throws {
        let configuration = try resolve()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.database == .sqlite(path: ".attache/attache.sqlite"))
        #expect(configuration.store == .local(path: ".attache/objects"))
        #expect(configuration.clamd == nil)
        #expect(configuration.aws.region == "us-east-1")
        #expect(configuration.aws.s3Endpoint == nil)
        #expect(configuration.logLevel == .info)
        #expect(configuration.logFormat == .text)
        #expect(configuration.baseURL() == "http://127.0.0.1:8080")
    }

    @Test("Flags override the environment, which overrides the file")
    func precedence() throws {
        let file = """
            # comment
            ATTACHE_PORT=7000
            export ATTACHE_HOST="0.0.0.0"
            ATTACHE_CLAMD='tcp://127.0.0.1:3310'
            """
        let configuration = try resolve(
            flags: ["ATTACHE_PORT": "9000"], env: ["ATTACHE_PORT": "8000", "ATTACHE_HOST": ""],
            file: file)
        #expect(configuration.port == 9000)
        #expect(configuration.host == "0.0.0.0", "an empty environment value does not hide the file's")
        #expect(configuration.clamd == .tcp(host: "127.0.0.1", port: 3310))
        #expect(try resolve(env: ["ATTACHE_PORT": "8000"], file: file).port == 8000)
        #expect(try resolve(file: file).port == 7000)
    }

    @Test("Service-specific AWS endpoints override AWS_ENDPOINT_URL, as in the AWS SDKs")
    func awsEndpoints() throws {
        let shared = try resolve(env: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000/", "AWS_DEFAULT_REGION": "eu-west-1"])
        #expect(shared.aws.s3Endpoint == "http://127.0.0.1:5000")
        #expect(shared.aws.sqsEndpoint == "http://127.0.0.1:5000")
        #expect(shared.aws.region == "eu-west-1")
        let specific = try resolve(env: [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:6000",
            "AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "eu-west-1",
        ])
        #expect(specific.aws.s3Endpoint == "http://127.0.0.1:6000")
        #expect(specific.aws.sqsEndpoint == "http://127.0.0.1:5000")
        #expect(specific.aws.region == "eu-central-1")
    }

    @Test(
        "Bad values are typed errors naming the variable and its source",
        arguments: [
            ("ATTACHE_PORT", "eighty", "a port number"),
            ("ATTACHE_PORT", "70000", "a port number"),
            ("ATTACHE_DATABASE_URL", "mysql://x", "sqlite:PATH or postgres://"),
            ("ATTACHE_STORE", "gcs", "s3 or local:PATH"),
            ("ATTACHE_QUEUE_URL", "sqs.amazonaws.com/1/q", "http:// or https://"),
            ("ATTACHE_LOG_LEVEL", "loud", "one of trace"),
            ("ATTACHE_LOG_FORMAT", "xml", "one of text, json"),
            ("ATTACHE_CLAMD", "localhost:3310", "tcp://HOST:PORT or unix:PATH"),
        ]
    )
    func badValues(name: String, value: String, expected: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try resolve(env: [name: value]) }
        #expect(error?.code == "config.invalid_value")
        let message = error?.description ?? ""
        #expect(message.contains(name))
        #expect(message.contains("environment"))
        #expect(message.contains(expected))
    }

    @Test("The S3 store requires both buckets")
    func s3NeedsBuckets() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try resolve(env: ["ATTACHE_STORE": "s3", "ATTACHE_CLEAN_BUCKET": "clean"])
        }
        #expect(
            error == .missingValue(name: "ATTACHE_QUARANTINE_BUCKET", reason: "ATTACHE_STORE=s3 needs both buckets"))
        let ok = try resolve(env: [
            "ATTACHE_STORE": "s3", "ATTACHE_CLEAN_BUCKET": "c", "ATTACHE_QUARANTINE_BUCKET": "q",
        ])
        #expect(ok.store == .s3)
    }

    @Test("A malformed configuration file line names the file and line")
    func malformedFile() {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationSource.parse("ATTACHE_PORT=1\nthis is not a setting\n", origin: "attache.conf")
        }
        #expect(error?.description == "attache.conf:2: expected NAME=value")
    }

    @Test("A PostgreSQL URL's password never appears in descriptions")
    func redactsPassword() throws {
        let location = try DatabaseLocation(parsing: "postgres://attache:s3cret@db:5432/attache", origin: "test")
        #expect(location.description == "postgres://attache:***@db:5432/attache")
        #expect(!location.description.contains("s3cret"))
    }
}
