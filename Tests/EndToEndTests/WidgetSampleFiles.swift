import Foundation

/// Small, real files for the widget's browser test: a one-page PDF, a WAV voice note (a 440 Hz
/// tone) and a stored ZIP whose entries include a `../` path.
enum WidgetSampleFiles {
    /// A valid one-page PDF showing `text`, with a correct cross-reference table.
    static func pdf(text: String) -> Data {
        let stream = "BT /F1 18 Tf 72 720 Td (\(text)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var body = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(body.utf8.count)
            body += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = body.utf8.count
        body += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { body += String(format: "%010d 00000 n \n", offset) }
        body += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(body.utf8)
    }

    /// A mono 16-bit PCM WAV of a 440 Hz tone.
    static func wav(seconds: Double = 1.5, sampleRate: Int = 8_000) -> Data {
        let samples = Int(seconds * Double(sampleRate))
        var pcm = Data(capacity: samples * 2)
        for index in 0..<samples {
            let value = Int16(sin(2 * Double.pi * 440 * Double(index) / Double(sampleRate)) * 12_000)
            withUnsafeBytes(of: value.littleEndian) { pcm.append(contentsOf: $0) }
        }
        var wav = Data("RIFF".utf8)
        wav += le32(UInt32(36 + pcm.count)) + Data("WAVEfmt ".utf8)
        wav += le32(16) + le16(1) + le16(1) + le32(UInt32(sampleRate)) + le32(UInt32(sampleRate * 2))
        wav += le16(2) + le16(16) + Data("data".utf8) + le32(UInt32(pcm.count)) + pcm
        return wav
    }

    /// A stored (uncompressed) ZIP of the given entries, with CRC-32s.
    static func zip(_ entries: [(name: String, contents: String)]) -> Data {
        var out = Data()
        var central = Data()
        for entry in entries {
            let name = Data(entry.name.utf8)
            let contents = Data(entry.contents.utf8)
            let crc = crc32(contents)
            let offset = UInt32(out.count)
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc)
            out += le32(UInt32(contents.count)) + le32(UInt32(contents.count)) + le16(UInt16(name.count)) + le16(0)
            out += name + contents
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            central += le32(crc) + le32(UInt32(contents.count)) + le32(UInt32(contents.count))
            central += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset)
            central += name
        }
        let directoryOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(central.count)) + le32(directoryOffset) + le16(0)
        return out
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    static func le16(_ value: UInt16) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    static func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
}
