import AWSSigning
import Foundation

/// Generators of tiny but valid files (each passes its format's own structure checks).
enum SampleFiles {
    /// A one-page PDF 1.4 with a Helvetica text line and a correct cross-reference table.
    static func pdf(text: String) -> Data {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
        let stream = "BT /F1 18 Tf 72 720 Td (\(escaped)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            output += String(format: "%010d 00000 n \n", offset)
        }
        output += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(output.utf8)
    }

    /// A ZIP archive holding one stored (uncompressed) file.
    static func zip(fileName: String, contents: Data) -> Data {
        let name = Array(fileName.utf8)
        let crc = CRC32.checksum(contents)
        let size = UInt32(contents.count)
        var bytes: [UInt8] = []
        // Local file header.
        bytes.appendLittleEndian(UInt32(0x0403_4B50))
        bytes.appendLittleEndian(UInt16(10))  // version needed
        bytes.appendLittleEndian(UInt16(0))  // flags
        bytes.appendLittleEndian(UInt16(0))  // method: stored
        bytes.appendLittleEndian(UInt16(0))  // time
        bytes.appendLittleEndian(UInt16(0x5B79))  // date 2025-11-25
        bytes.appendLittleEndian(crc)
        bytes.appendLittleEndian(size)
        bytes.appendLittleEndian(size)
        bytes.appendLittleEndian(UInt16(name.count))
        bytes.appendLittleEndian(UInt16(0))
        bytes += name
        bytes += contents
        let centralOffset = UInt32(bytes.count)
        // Central directory header.
        bytes.appendLittleEndian(UInt32(0x0201_4B50))
        bytes.appendLittleEndian(UInt16(20))  // version made by
        bytes.appendLittleEndian(UInt16(10))  // version needed
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt16(0x5B79))
        bytes.appendLittleEndian(crc)
        bytes.appendLittleEndian(size)
        bytes.appendLittleEndian(size)
        bytes.appendLittleEndian(UInt16(name.count))
        bytes.appendLittleEndian(UInt16(0))  // extra
        bytes.appendLittleEndian(UInt16(0))  // comment
        bytes.appendLittleEndian(UInt16(0))  // disk
        bytes.appendLittleEndian(UInt16(0))  // internal attributes
        bytes.appendLittleEndian(UInt32(0))  // external attributes
        bytes.appendLittleEndian(UInt32(0))  // local header offset
        bytes += name
        let centralSize = UInt32(bytes.count) - centralOffset
        // End of central directory.
        bytes.appendLittleEndian(UInt32(0x0605_4B50))
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt16(1))
        bytes.appendLittleEndian(UInt16(1))
        bytes.appendLittleEndian(centralSize)
        bytes.appendLittleEndian(centralOffset)
        bytes.appendLittleEndian(UInt16(0))
        return Data(bytes)
    }

    /// An RGB PNG with a diagonal two-colour pattern, zlib-wrapped with stored deflate blocks.
    static func png(width: Int, height: Int) -> Data {
        var raw: [UInt8] = []
        for y in 0..<height {
            raw.append(0)  // filter: none
            for x in 0..<width {
                let onStripe = (x + y) % 8 < 4
                raw += onStripe ? [0x1F, 0x6F, 0xEB] : [0xF5, 0xF7, 0xFA]
            }
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let chunk = min(65_535, raw.count - offset)
            let isLast = offset + chunk >= raw.count
            zlib.append(isLast ? 1 : 0)
            zlib.appendLittleEndian(UInt16(chunk))
            zlib.appendLittleEndian(~UInt16(chunk))
            zlib += raw[offset..<offset + chunk]
            offset += chunk
        } while offset < raw.count
        zlib.appendBigEndian(Checksums.adler32(raw))

        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8-bit RGB, deflate, adaptive filtering, no interlace

        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        for (type, payload) in [("IHDR", header), ("IDAT", zlib), ("IEND", [])] {
            let typeBytes = Array(type.utf8)
            bytes.appendBigEndian(UInt32(payload.count))
            bytes += typeBytes
            bytes += payload
            bytes.appendBigEndian(CRC32.checksum(typeBytes + payload))
        }
        return Data(bytes)
    }

    /// A mono 16-bit PCM WAV: two short tones with a fade, `seconds` long.
    static func wav(seconds: Int, sampleRate: Int) -> Data {
        let count = seconds * sampleRate
        var samples: [UInt8] = []
        samples.reserveCapacity(count * 2)
        for index in 0..<count {
            let time = Double(index) / Double(sampleRate)
            let frequency = time < Double(seconds) / 2 ? 660.0 : 880.0
            let fade = min(1, min(time, Double(seconds) - time) * 10)
            let value = sin(2 * Double.pi * frequency * time) * 0.3 * fade
            samples.appendLittleEndian(Int16(value * Double(Int16.max)))
        }
        var bytes: [UInt8] = Array("RIFF".utf8)
        bytes.appendLittleEndian(UInt32(36 + samples.count))
        bytes += Array("WAVEfmt ".utf8)
        bytes.appendLittleEndian(UInt32(16))
        bytes.appendLittleEndian(UInt16(1))  // PCM
        bytes.appendLittleEndian(UInt16(1))  // mono
        bytes.appendLittleEndian(UInt32(sampleRate))
        bytes.appendLittleEndian(UInt32(sampleRate * 2))
        bytes.appendLittleEndian(UInt16(2))
        bytes.appendLittleEndian(UInt16(16))
        bytes += Array("data".utf8)
        bytes.appendLittleEndian(UInt32(samples.count))
        bytes += samples
        return Data(bytes)
    }
}
