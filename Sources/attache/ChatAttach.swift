import Foundation
import GuestClient
import WebMessaging

/// `/attach PATH` in `attache chat`: uploads the file through the gateway (credential from
/// `POST /v1/guests` with the chat's session token), shows progress, then sends
/// `S3_FILE_UPLOADED` with metadata `attacheFileId` through the session, so the deployment's
/// trigger rules announce the file to the agent.
struct ChatAttach {
    let session: GuestSession
    let gatewayURL: String
    let deploymentId: String
    /// Where unfinished uploads are remembered (a second `/attach` of the same file resumes).
    let resumeStore: any UploadResumeStore
    let json: Bool

    /// The message the trigger rules react to.
    static let keyword = "S3_FILE_UPLOADED"

    /// Handles `/attach PATH`; failures are reported, never thrown (the chat goes on).
    func run(_ argument: String) async {
        let path = NSString(string: argument.trimmingCharacters(in: .whitespaces)).expandingTildeInPath
        guard !path.isEmpty else {
            report(
                ["event": "upload", "status": "failed", "error": "usage: /attach PATH"], human: "usage: /attach PATH")
            return
        }
        let url = URL(fileURLWithPath: path)
        let contentType =
            FileTypeTable.entry(forFileName: url.lastPathComponent)?.mimeType ?? "application/octet-stream"
        do {
            let uploader = GatewayUploader(
                configuration: GatewayUploaderConfiguration(gatewayURL: gatewayURL),
                credentials: .guestSession(token: try await session.token(), deploymentId: deploymentId),
                resumeStore: resumeStore)
            let upload = uploader.start(GatewayUploadRequest(fileURL: url, contentType: contentType))
            var lastPercent = -1
            for await step in upload.progress {
                let percent = Int(step.fraction * 100)
                if json {
                    report(progress(step, status: "progress"), human: "")
                } else if percent != lastPercent {
                    Console.write(
                        "uploading \(step.filename): \(percent)% (\(step.bytesSent)/\(step.totalBytes) bytes)")
                }
                lastPercent = percent
            }
            let result = try await upload.result()
            let id = try await session.send(text: Self.keyword, metadata: ["attacheFileId": result.fileId])
            report(
                [
                    "event": "upload", "status": "sent", "fileId": result.fileId, "state": result.state.rawValue,
                    "filename": url.lastPathComponent, "bytes": result.size, "messageId": id,
                ],
                human: "uploaded \(url.lastPathComponent) (file \(result.fileId), \(result.state)); the agent is told")
        } catch {
            report(
                ["event": "upload", "status": "failed", "filename": url.lastPathComponent, "error": "\(error)"],
                human: "-- upload of \(url.lastPathComponent) failed: \(error) --")
        }
    }

    private func progress(_ step: GatewayUploadProgress, status: String) -> [String: any Sendable] {
        [
            "event": "upload", "status": status, "fileId": step.fileId, "filename": step.filename,
            "bytesSent": step.bytesSent, "totalBytes": step.totalBytes, "partsSent": step.partsSent,
            "partCount": step.partCount,
        ]
    }

    private func report(_ fields: [String: any Sendable], human: String) {
        if json {
            guard JSONSerialization.isValidJSONObject(fields),
                let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            else { return }
            Console.write(String(decoding: data, as: UTF8.self))
        } else if !human.isEmpty {
            Console.write(human)
        }
    }
}
