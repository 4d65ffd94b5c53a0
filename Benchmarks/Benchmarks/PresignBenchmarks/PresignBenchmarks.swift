import AWSSigning
import Benchmark
import Crypto
import Foundation

/// Presigning an S3 PUT URL with content-type and content-length signed: the gateway's hot path
/// for upload tickets. Compared with boto3's `generate_presigned_url` and with the floor (the
/// SHA-256 and HMAC-SHA256 calls every presigned URL needs) by `scripts/bench`.
let benchmarks: @Sendable () -> Void = {
    let signer = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        ),
        region: "us-east-1",
        service: "s3"
    )
    let text = "https://attache-quarantine.s3.us-east-1.amazonaws.com/uploads/3f2a9c0e5b7d41e8a6c4d2f1b0e9a8c7"
    let objectURL = URL(string: text)
    let headers: [SigV4Signer.Header] = [("content-type", "application/pdf"), ("content-length", "5242880")]
    let date = Date(timeIntervalSince1970: 1_795_600_000)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    // What the S3 client calls (S3Client.presignedURL → presign(method:urlString:…)).
    Benchmark("Presign S3 PUT from URL text, 1000 URLs", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try signer.presign(method: "PUT", urlString: text, headers: headers, expires: 900, date: date))
        }
    }

    // The same through Foundation's URL (parsing and formatting included).
    Benchmark("Presign S3 PUT via Foundation URL, 1000 URLs", configuration: configuration) { benchmark in
        guard let objectURL else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try signer.presign(method: "PUT", url: objectURL, headers: headers, expires: 900, date: date))
        }
    }

    // The floor: the hashing every presigned URL needs, with the signing key already derived:
    // SHA-256 of its canonical request and HMAC-SHA256 of its string to sign (the same lengths as
    // this URL's). "Floor" uses HMAC's inner and outer states precomputed from the key (the least
    // work swift-crypto allows, as AWSSigning does); "HMAC API" calls HMAC<SHA256> with the key.
    let canonicalRequest = Array(
        """
        PUT
        /uploads/3f2a9c0e5b7d41e8a6c4d2f1b0e9a8c7
        X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261125%2Fus-east-1%2Fs3%2F\
        aws4_request&X-Amz-Date=20261125T063320Z&X-Amz-Expires=900&X-Amz-SignedHeaders=content-length%3B\
        content-type%3Bhost
        content-length:5242880
        content-type:application/pdf
        host:attache-quarantine.s3.us-east-1.amazonaws.com

        content-length;content-type;host
        UNSIGNED-PAYLOAD
        """.utf8
    )
    let stringToSignPrefix = Array("AWS4-HMAC-SHA256\n20261125T063320Z\n20261125/us-east-1/s3/aws4_request\n".utf8)
    let keyBytes = Array(SHA256.hash(data: Array("derived signing key".utf8)))
    let signingKey = SymmetricKey(data: keyBytes)
    var innerState = SHA256()
    innerState.update(data: keyBytes.map { $0 ^ 0x36 } + [UInt8](repeating: 0x36, count: 32))
    var outerState = SHA256()
    outerState.update(data: keyBytes.map { $0 ^ 0x5C } + [UInt8](repeating: 0x5C, count: 32))
    let inner = innerState
    let outer = outerState

    /// Hashes the canonical request into the string to sign (as hex, like the real one).
    @Sendable func hashIntoStringToSign(_ stringToSign: inout [UInt8]) {
        var hasher = SHA256()
        canonicalRequest.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let digest = hasher.finalize()
        stringToSign.withUnsafeMutableBufferPointer { bytes in
            var index = stringToSignPrefix.count
            digest.withUnsafeBytes { raw in
                for byte in raw {
                    bytes[index] = byte >> 4 < 10 ? 0x30 + byte >> 4 : 0x57 + byte >> 4
                    bytes[index + 1] = byte & 15 < 10 ? 0x30 + byte & 15 : 0x57 + byte & 15
                    index += 2
                }
            }
        }
    }

    Benchmark("Floor: SHA-256 + HMAC-SHA256 (HMAC states precomputed), 1000 URLs", configuration: configuration) {
        benchmark in
        var stringToSign = stringToSignPrefix + [UInt8](repeating: 0x30, count: 64)
        for _ in benchmark.scaledIterations {
            hashIntoStringToSign(&stringToSign)
            var innerHash = inner
            stringToSign.withUnsafeBytes { innerHash.update(bufferPointer: $0) }
            var outerHash = outer
            innerHash.finalize().withUnsafeBytes { outerHash.update(bufferPointer: $0) }
            blackHole(outerHash.finalize())
        }
    }

    Benchmark("Floor via HMAC API: SHA-256 + HMAC<SHA256>(key), 1000 URLs", configuration: configuration) {
        benchmark in
        var stringToSign = stringToSignPrefix + [UInt8](repeating: 0x30, count: 64)
        for _ in benchmark.scaledIterations {
            hashIntoStringToSign(&stringToSign)
            blackHole(HMAC<SHA256>.authenticationCode(for: stringToSign, using: signingKey))
        }
    }
}
