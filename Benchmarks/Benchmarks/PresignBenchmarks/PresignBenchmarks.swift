import AWSSigning
import Benchmark
import Foundation

/// Presigning an S3 PUT URL with content-type and content-length signed: the gateway's hot path
/// for upload tickets. Compared with boto3's `generate_presigned_url` by `scripts/bench`.
let benchmarks: @Sendable () -> Void = {
    let signer = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        ),
        region: "us-east-1",
        service: "s3"
    )
    let objectURL = URL(string: "https://attache-quarantine.s3.us-east-1.amazonaws.com/uploads/3f2a9c0e5b7d41e8a6c4d2f1b0e9a8c7")
    let headers: [SigV4Signer.Header] = [("content-type", "application/pdf"), ("content-length", "5242880")]
    let date = Date(timeIntervalSince1970: 1_795_600_000)

    Benchmark(
        "Presign S3 PUT (content-type, content-length), 1000 URLs",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
            warmupIterations: 10,
            scalingFactor: .kilo,
            maxDuration: .seconds(5),
            maxIterations: 100_000
        )
    ) { benchmark in
        guard let objectURL else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try signer.presign(method: "PUT", url: objectURL, headers: headers, expires: 900, date: date))
        }
    }

    Benchmark(
        "Presign S3 PUT from URL text, 1000 URLs",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
            warmupIterations: 10,
            scalingFactor: .kilo,
            maxDuration: .seconds(5),
            maxIterations: 100_000
        )
    ) { benchmark in
        let text = "https://attache-quarantine.s3.us-east-1.amazonaws.com/uploads/3f2a9c0e5b7d41e8a6c4d2f1b0e9a8c7"
        for _ in benchmark.scaledIterations {
            blackHole(try signer.presign(method: "PUT", urlString: text, headers: headers, expires: 900, date: date))
        }
    }
}
