import Foundation
import GuestClient
import WebMessaging

/// `/attach-native PATH` in `attache chat`: sends the file through the deployment's native
/// Genesys attachment path (``GuestSession/sendNativeAttachment(fileURL:fileName:contentType:text:progress:)``),
/// for deployments that take guest files through Genesys rather than the Attaché gateway.
///
/// With `--json` it prints `{"event":"nativeAttachment","status":"sent","attachmentId":…,
/// "messageId":…}` or `{"event":"nativeAttachment","status":"failed","kind":…,"code":4002,…}`.
struct ChatNativeAttach {
    let session: GuestSession
    let json: Bool

    /// Handles `/attach-native PATH`; failures are reported, never thrown (the chat goes on).
    func run(_ argument: String) async {
        let path = NSString(string: argument.trimmingCharacters(in: .whitespaces)).expandingTildeInPath
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        do {
            let json = self.json
            let sent = try await session.sendNativeAttachment(fileURL: url) { step in
                if !json, case .uploading(let bytes) = step { Console.write("uploading \(name) (\(bytes) bytes)") }
            }
            report(
                [
                    "event": "nativeAttachment", "status": "sent", "attachmentId": sent.attachmentId,
                    "filename": sent.fileName, "fileType": sent.fileType, "bytes": sent.fileSize,
                    "messageId": sent.clientMessageId,
                ],
                human: "sent \(name) (\(sent.fileType), \(sent.fileSize) bytes)")
        } catch let error as NativeAttachmentError {
            var fields: [String: any Sendable] = [
                "event": "nativeAttachment", "status": "failed", "filename": name, "kind": error.kind.rawValue,
                "error": error.message,
            ]
            if let code = error.code { fields["code"] = code.rawValue }
            if let status = error.status { fields["httpStatus"] = status }
            report(fields, human: "-- \(name) was not sent: \(error) --")
        } catch {
            report(
                ["event": "nativeAttachment", "status": "failed", "filename": name, "error": "\(error)"],
                human: "-- \(name) was not sent: \(error) --")
        }
    }

    private func report(_ fields: [String: any Sendable], human: String) {
        if json {
            guard JSONSerialization.isValidJSONObject(fields),
                let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            else { return }
            Console.write(String(decoding: data, as: UTF8.self))
        } else {
            Console.write(human)
        }
    }
}
