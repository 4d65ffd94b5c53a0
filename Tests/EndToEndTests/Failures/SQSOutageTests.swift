import AWSClients
import AWSSigning
import AsyncHTTPClient
import Foundation
import Gateway
import TestSupport
import Testing

/// SQS unreachable while guests upload, against moto (S3 and SQS) and clamd.
///
/// The gateway (`attache serve`, a process with its own log) reaches SQS through a
/// ``SwitchableForwarder`` to moto on a port in 55472-55479 (`AWS_ENDPOINT_URL_SQS`) and S3 in
/// moto directly. moto's S3 keeps notifying its own SQS queue; for the gateway "SQS unreachable"
/// means its scan worker's `ReceiveMessage` (and the `/readyz` queue check) finds the port closed.
///
/// 1. A file uploads and is scanned (baseline).
/// 2. SQS goes away for 15 s: guests still get tickets, PUT to S3 and complete (uploads are
///    accepted), scans wait, `/readyz` reports the queue failing but still answers 200 (the
///    gateway is degraded, not down: a balancer keeps sending guests), and the worker logs the
///    outage at most once.
/// 3. SQS comes back: every file is scanned (the clean ones promoted to the clean bucket, the
///    EICAR one rejected), nothing is lost, the worker logs that it resumed, the queue check is ok.
@Suite("Failures: SQS unreachable", .serialized, .enabled(if: LiveStack.productionServicesAvailable))
struct SQSOutageTests {
    @Test("uploads are accepted while SQS is unreachable and every file is scanned once it is back")
    func sqsOutage() async throws {
        let moto = try TestEnvironment.motoEndpoint()
        var values = try await LiveStack.productionValues()
        guard let clean = values["ATTACHE_CLEAN_BUCKET"] else { throw FailureTestError("no clean bucket") }
        let forwarder = try await SwitchableForwarder.switchedOn(
            ports: 55472...55479, targetHost: moto.host ?? "127.0.0.1", targetPort: moto.port ?? 80)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-sqs-outage-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        values["AWS_ENDPOINT_URL_SQS"] = forwarder.url
        values["ATTACHE_DATABASE_URL"] = "sqlite:\(directory.path)/state.sqlite"
        values["ATTACHE_HOST"] = "127.0.0.1"
        let gateway = try GatewayReplica(
            name: "sqs-outage", port: try await RecoveryEndToEndHarness.freeLoopbackPort(), settings: values,
            directory: directory)
        do {
            try await run(gateway: gateway, forwarder: forwarder, cleanBucket: clean)
        } catch {
            print("sqs outage test: gateway log:\n\(gateway.logTail(lines: 60))")
            await gateway.stop()
            await forwarder.switchOff()
            throw error
        }
        await gateway.stop()
        await forwarder.switchOff()
    }

    private func run(gateway: GatewayReplica, forwarder: SwitchableForwarder, cleanBucket: String) async throws {
        try await gateway.waitUntilReady()
        let client = FailureClient(baseURL: gateway.url)
        let credential = try await client.registerGuest()

        // 1. Baseline.
        let first = try await upload(
            Data("baseline\n".utf8), name: "baseline.txt", client: client, credential: credential)
        #expect(try await client.waitForFinalState(first, credential: credential, within: .seconds(60)) == "clean")

        // 2. SQS unreachable.
        await forwarder.switchOff()
        let clock = ContinuousClock()
        let outageStart = clock.now
        var files: [(fileId: String, infected: Bool)] = []
        for index in 0..<6 {
            let infected = index == 3
            let bytes =
                infected
                ? Data(#"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#.utf8)
                : Data("file \(index) written while SQS was unreachable\n".utf8)
            files.append(
                (try await upload(bytes, name: "outage-\(index).txt", client: client, credential: credential), infected)
            )
        }
        let queueDown = try await FailureClient.eventually(within: .seconds(20)) {
            try await client.readiness(check: "queue").check == "fail"
        }
        #expect(queueDown, "/readyz reports the queue failing")
        let readiness = try await client.readiness(check: "queue")
        #expect(readiness.status == 200, "/readyz answers 200 (degraded) while only the queue fails")
        try await Task.sleep(until: outageStart + .seconds(15))
        var during: [String] = []
        for file in files { during.append(try await client.state(file.fileId, credential: credential) ?? "?") }
        let failures = gateway.logLines(containing: "receiving from SQS failed")

        // 3. SQS back.
        try await forwarder.switchOn()
        let backAt = clock.now
        var final: [String: String] = [:]
        for file in files {
            final[file.fileId] = try await client.waitForFinalState(
                file.fileId, credential: credential, within: .seconds(90))
        }
        let settled = clock.now - backAt
        let queueBack = try await FailureClient.eventually(within: .seconds(20)) {
            try await client.readiness(check: "queue").check == "ok"
        }
        print(
            "sqs outage test: during the outage /readyz \(readiness.status) (queue \(readiness.check ?? "?")), "
                + "states \(during), \(failures.count) receive-failure log line(s); all settled \(settled) after SQS returned"
        )
        for file in files {
            #expect(
                final[file.fileId] == (file.infected ? "rejected" : "clean"),
                "\(file.fileId): \(final[file.fileId] ?? "none")")
        }
        #expect(queueBack, "/readyz reports the queue back")
        // The AWS client's retries and AsyncHTTPClient's connection retries hold one receive until
        // its deadline (longer than this outage), so the worker may not have seen a failure yet;
        // when it has, it says so once and says when it resumed.
        #expect(failures.count <= 1, "the outage is logged once, not per attempt: \(failures.count) lines")
        if failures.count == 1 {
            #expect(!gateway.logLines(containing: "receiving from SQS resumed").isEmpty, "the recovery is logged")
        }
        let s3 = S3Client(
            httpClient: .shared,
            credentials: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            configuration: .init(region: "us-east-1", endpoint: try TestEnvironment.require(.moto)))
        for file in files where !file.infected {
            let key = UploadRecord.objectKey(forFileId: file.fileId)
            #expect(try await s3.objectExists(bucket: cleanBucket, key: key), "\(key) promoted")
        }
    }

    /// Ticket, PUT to S3, complete: each must be accepted.
    private func upload(_ bytes: Data, name: String, client: FailureClient, credential: String) async throws -> String {
        let ticket = try FailureClient.ticket(
            in: try await client.requestTicket(filename: name, size: bytes.count, credential: credential))
        let put = try await client.put(bytes, ticket)
        guard put.status == 200 else { throw FailureTestError("PUT of \(name) answered \(put.status): \(put.text)") }
        let completed = try await client.complete(ticket.fileId, credential: credential)
        guard completed.status == 200 else {
            throw FailureTestError("complete of \(name) answered \(completed.status): \(completed.text)")
        }
        return ticket.fileId
    }
}
