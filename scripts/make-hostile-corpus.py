#!/usr/bin/env python3
"""Generate Attaché's hostile-file corpus: Tests/Fixtures/hostile/ and its manifest.json.

    scripts/make-hostile-corpus.py                 write into Tests/Fixtures/hostile/
    scripts/make-hostile-corpus.py --out DIR       write somewhere else (the tests regenerate
                                                   into a temporary directory and compare)

Python 3 standard library only, deterministic: fixed ZIP timestamps and attributes, no random
bytes, no clock. Nothing here is live malware: the only "virus" is the EICAR anti-virus test
string, and the executables are bare headers (a DOS/PE header, an ELF header, a Mach-O header)
that do nothing when run. The zip bombs are small on disk and only huge when expanded.

Each manifest case names the file, the name and MIME type a guest would declare, and the
expected outcome in three places:
  - "expected": the production pipeline (S3 + SQS + clamd with the EICAR-only test database
    and scripts/test's limits, AlertExceedsMax yes) — "rejected" with a reason code
    ("infected", "executable_content", "type_mismatch", "size_mismatch", ...) or "clean";
    "signature" (optional) is a prefix of the scanner's signature for "infected";
  - "dev": the same with the built-in PolicyScanner (dev mode), or null when that scanner cannot
    decide the case (archives it does not unpack);
  - "ticket": what POST /v1/uploads answers for that name, type and size under the default
    upload policy: "accepted" or the problem code (extension-blocked, type-not-allowed, ...).
"""

import argparse
import hashlib
import io
import json
import os
import struct
import sys
import zipfile

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MIB = 1 << 20

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"


# ---------------------------------------------------------------------------------------------
# Building blocks


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED, prefix=b""):
    """A ZIP archive of (name, bytes) entries with fixed metadata; `prefix` is written first
    (the archive's offsets then count from the start of the prefix, as a polyglot needs)."""
    buffer = io.BytesIO()
    buffer.write(prefix)
    mode = "a" if prefix else "w"
    with zipfile.ZipFile(buffer, mode, compression=compression, compresslevel=9 if compression else None) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = compression
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def zip_streamed(name, chunks, total):
    """A one-entry deflated ZIP whose entry is `total` bytes produced by `chunks` (a bomb is
    built without holding its expanded size in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3
        info.external_attr = 0o644 << 16
        info.file_size = total
        with archive.open(info, "w", force_zip64=total >= 0xFFFFFFFF) as entry:
            for chunk in chunks:
                entry.write(chunk)
    return buffer.getvalue()


def zeros(total, chunk=MIB):
    left = total
    while left > 0:
        size = min(chunk, left)
        yield bytes(size)
        left -= size


def pdf_document(page_text="Attache test document", extra_stream=None):
    """A small, structurally valid PDF (catalog, pages, one page, content stream, correct xref
    offsets). `extra_stream` becomes an additional (uncompressed) stream object."""
    content = ("BT /F1 12 Tf 72 720 Td (%s) Tj ET" % page_text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if extra_stream is not None:
        objects.append(b"<< /Length %d >>\nstream\n" % len(extra_stream) + extra_stream + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pe_header():
    """A DOS header whose e_lfanew points at a PE signature and a minimal COFF header (i386,
    no sections): recognisably a Windows executable, does nothing."""
    dos = bytearray(0x80)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 0x80)
    dos[0x40:0x40 + 39] = b"This program cannot be run in DOS mode."
    coff = struct.pack("<4sHHIIIHH", b"PE\0\0", 0x014C, 0, 0, 0, 0, 0xE0, 0x0102)
    return bytes(dos) + coff + bytes(0xE0)


def elf_header():
    """A 64-bit little-endian ELF header (x86-64 executable, no program headers)."""
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    rest = struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0x400000, 0, 0, 0, 64, 56, 0, 64, 0, 0)
    return ident + rest


def macho_header():
    """A 64-bit Mach-O header (MH_MAGIC_64, x86-64, MH_EXECUTE, no load commands)."""
    return struct.pack("<IiiIIIII", 0xFEEDFACF, 0x01000007, 3, 2, 0, 0, 0, 0)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def corrupt_png():
    """A PNG signature and an IHDR chunk with a wrong CRC, then garbage instead of image data."""
    ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + b"\x00\x00\x00\x00"
    return PNG_SIGNATURE + chunk + bytes(range(256)) * 4


def truncated_jpeg():
    """A JPEG's SOI, APP0/JFIF and the start of a quantisation table, cut off mid-segment."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + app0 + b"\xff\xdb\x00\x43\x00" + bytes(range(1, 21))


# ---------------------------------------------------------------------------------------------
# The cases


def rejected(reason, signature=None):
    outcome = {"outcome": "rejected", "reason": reason}
    if signature:
        outcome["signature"] = signature
    return outcome


CLEAN = {"outcome": "clean"}


def cases():
    """Yields (case dict without size/sha256, bytes)."""
    pdf = pdf_document()
    nested = zip_bytes([("eicar.com", EICAR)])
    for level in range(2):
        nested = zip_bytes([("level%d.zip" % (level + 1), nested)])
    deep = zip_bytes([("notes.txt", b"deep inside\n")])
    for level in range(24):
        deep = zip_bytes([("level%02d.zip" % (24 - level), deep)])
    polyglot_entries = [("readme.txt", b"This PDF is also a ZIP archive.\n"), ("payload.exe", pe_header())]

    yield dict(
        id="eicar-renamed-pdf", file="eicar-renamed.pdf", filename="invoice.pdf", contentType=PDF,
        expected=rejected("infected", "Attache.Test.EICAR"), dev=rejected("infected"), ticket="accepted",
        proves="the EICAR test string under a PDF name and MIME type is found by the antivirus",
    ), EICAR
    yield dict(
        id="eicar-renamed-jpg", file="eicar-renamed.jpg", filename="holiday.jpg", contentType=JPEG,
        expected=rejected("infected", "Attache.Test.EICAR"), dev=rejected("infected"), ticket="accepted",
        proves="the EICAR test string under an image name and MIME type is found",
    ), EICAR
    yield dict(
        id="eicar-renamed-docx", file="eicar-renamed.docx", filename="letter.docx", contentType=DOCX,
        expected=rejected("infected", "Attache.Test.EICAR"), dev=rejected("infected"), ticket="accepted",
        proves="the EICAR test string under a Word name and MIME type is found",
    ), EICAR
    yield dict(
        id="eicar-in-zip-stored", file="eicar-in-zip-stored.zip", filename="documents.zip", contentType=ZIP,
        expected=rejected("infected", "Attache.Test.EICAR"), dev=rejected("infected"), ticket="accepted",
        proves="EICAR stored (uncompressed) inside a ZIP is found",
    ), zip_bytes([("eicar.com", EICAR)], compression=zipfile.ZIP_STORED)
    yield dict(
        id="eicar-in-zip-deflated", file="eicar-in-zip-deflated.zip", filename="documents.zip", contentType=ZIP,
        expected=rejected("infected", "Attache.Test.EICAR"), dev=None, ticket="accepted",
        proves="clamd unpacks a deflated ZIP and finds EICAR inside (the policy scanner does not unpack)",
    ), zip_bytes([("eicar.com", EICAR)])
    yield dict(
        id="eicar-in-nested-zip", file="eicar-in-nested-zip.zip", filename="archive.zip", contentType=ZIP,
        expected=rejected("infected", "Attache.Test.EICAR"), dev=None, ticket="accepted",
        proves="clamd recurses into a ZIP inside a ZIP inside a ZIP and finds EICAR",
    ), nested
    yield dict(
        id="eicar-inside-pdf", file="eicar-inside.pdf", filename="statement.pdf", contentType=PDF,
        expected=rejected("infected", "Attache.Test.EICAR"), dev=rejected("infected"), ticket="accepted",
        proves="EICAR at an offset inside a valid PDF (a stream object) is found",
    ), pdf_document(extra_stream=EICAR)

    yield dict(
        id="pe-as-pdf", file="pe-as.pdf", filename="invoice.pdf", contentType=PDF,
        expected=rejected("executable_content"), dev=rejected("infected", "Attache.Policy.Executable.PE"),
        ticket="accepted",
        proves="a Windows PE executable under a PDF name is rejected by the type check without any signature",
    ), pe_header()
    yield dict(
        id="elf-as-docx", file="elf-as.docx", filename="report.docx", contentType=DOCX,
        expected=rejected("executable_content"), dev=rejected("infected", "Attache.Policy.Executable.ELF"),
        ticket="accepted",
        proves="an ELF executable under a Word name is rejected by the type check",
    ), elf_header()
    yield dict(
        id="macho-as-jpg", file="macho-as.jpg", filename="scan.jpg", contentType=JPEG,
        expected=rejected("executable_content"), dev=rejected("infected", "Attache.Policy.Executable.MachO"),
        ticket="accepted",
        proves="a Mach-O executable under an image name is rejected by the type check",
    ), macho_header()
    yield dict(
        id="shell-script-as-pdf", file="shell-script-as.pdf", filename="notes.pdf", contentType=PDF,
        expected=rejected("executable_content"), dev=rejected("infected", "Attache.Policy.Script.Shebang"),
        ticket="accepted",
        proves="a shell script (#!) under a PDF name is rejected as executable content",
    ), b"#!/bin/sh\necho 'attache hostile corpus: harmless'\n"
    yield dict(
        id="shell-script-as-txt", file="shell-script-as.txt", filename="notes.txt", contentType=TEXT,
        expected=rejected("executable_content"), dev=rejected("infected", "Attache.Policy.Script.Shebang"),
        ticket="accepted",
        proves="a shell script declared as plain text is still executable content",
    ), b"#!/usr/bin/env bash\nset -e\necho 'attache hostile corpus: harmless'\n"
    yield dict(
        id="javascript-as-pdf", file="javascript-as.pdf", filename="invoice.pdf", contentType=PDF,
        expected=rejected("type_mismatch"), dev=rejected("type_mismatch"), ticket="accepted",
        proves="JavaScript under a PDF name fails the type check (a PDF starts with %PDF-)",
    ), b"var shell = new ActiveXObject('WScript.Shell');\n// attache hostile corpus: harmless\n"
    yield dict(
        id="javascript-as-txt", file="javascript-as.txt", filename="snippet.txt", contentType=TEXT,
        expected=CLEAN, dev=CLEAN, ticket="accepted",
        proves="a harmless oddity: JavaScript source declared as plain text is text and is promoted as text/plain",
    ), b"function greet(name) {\n  return 'hello ' + name;\n}\n"
    yield dict(
        id="html-script-as-pdf", file="html-script-as.pdf", filename="invoice.pdf", contentType=PDF,
        expected=rejected("type_mismatch"), dev=rejected("infected", "Attache.Policy.Script.Markup"),
        ticket="accepted",
        proves="HTML with script under a PDF name is rejected (type check; script rule in dev)",
    ), b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    yield dict(
        id="html-script-as-txt", file="html-script-as.txt", filename="readme.txt", contentType=TEXT,
        expected=rejected("type_mismatch"), dev=rejected("infected", "Attache.Policy.Script.Markup"),
        ticket="accepted",
        proves="HTML with script declared as plain text is rejected, not promoted as text",
    ), b"<html><head><script src=\"https://example.invalid/x.js\"></script></head></html>\n"
    yield dict(
        id="html-comment-first-as-txt", file="html-comment-first-as.txt", filename="readme.txt", contentType=TEXT,
        expected=rejected("type_mismatch"), dev=rejected("infected", "Attache.Policy.Script.Markup"),
        ticket="accepted",
        proves="HTML that opens with a comment (to dodge a naive sniffer) declared as plain text is rejected",
    ), b"<!-- exported notes -->\n<script>fetch('/steal?c=' + document.cookie)</script>\n"
    yield dict(
        id="svg-script-as-png", file="svg-script-as.png", filename="logo.png", contentType=PNG,
        expected=rejected("type_mismatch"), dev=rejected("infected", "Attache.Policy.Script.Markup"),
        ticket="accepted",
        proves="an SVG carrying script under a PNG name is rejected",
    ), (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(document.domain)</script></svg>\n"
    )
    yield dict(
        id="svg-script-declared-svg", file="svg-script-declared.svg", filename="logo.svg",
        contentType="image/svg+xml",
        expected=rejected("type_not_allowed"), dev=rejected("infected", "Attache.Policy.Script.Markup"),
        ticket="type-not-allowed",
        proves="an honestly declared SVG with script is refused at the ticket; past a lax policy the type check "
        "still refuses active markup (HTML, SVG, XML, JavaScript) unless an allow-list names it",
    ), b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
    yield dict(
        id="double-extension-exe", file="report.pdf.exe", filename="report.pdf.exe", contentType=PDF,
        expected=rejected("executable_content"), dev=rejected("infected", "Attache.Policy.Executable.PE"),
        ticket="extension-blocked",
        proves="report.pdf.exe is refused at the ticket (.exe), and its PE bytes are rejected by the scan anyway",
    ), pe_header()

    yield dict(
        id="pdf-zip-polyglot", file="pdf-zip-polyglot.pdf", filename="brochure.pdf", contentType=PDF,
        expected=rejected("type_mismatch"), dev=rejected("type_mismatch"), ticket="accepted",
        proves="a file that is both a valid PDF and a valid ZIP (holding an .exe) is rejected as ambiguous",
    ), zip_bytes(polyglot_entries, prefix=pdf)
    yield dict(
        id="jpeg-zip-polyglot", file="jpeg-zip-polyglot.jpg", filename="photo.jpg", contentType=JPEG,
        expected=rejected("type_mismatch"), dev=rejected("type_mismatch"), ticket="accepted",
        proves="a JPEG with a ZIP appended (the GIFAR trick) is rejected as ambiguous",
    ), zip_bytes([("readme.txt", b"hidden\n")], prefix=truncated_jpeg() + b"\xff\xd9")

    yield dict(
        id="zip-bomb-large-entry", file="zip-bomb-large-entry.zip", filename="backup.zip", contentType=ZIP,
        expected=rejected("infected", "Heuristics.Limits.Exceeded"), dev=None, ticket="accepted",
        proves="a small ZIP that expands past clamd's MaxFileSize (210 MiB of zeros) is reported, never clean",
    ), zip_streamed("zeros.bin", zeros(210 * MIB), 210 * MIB)
    yield dict(
        id="zip-bomb-deep-nesting", file="zip-bomb-deep-nesting.zip", filename="archive.zip", contentType=ZIP,
        expected=rejected("infected", "Heuristics.Limits.Exceeded"), dev=None, ticket="accepted",
        proves="a ZIP nested 25 levels deep (past clamd's MaxRecursion) is reported, never clean",
    ), deep
    yield dict(
        id="zip-bomb-many-files", file="zip-bomb-many-files.zip", filename="photos.zip", contentType=ZIP,
        expected=rejected("infected", "Heuristics.Limits.Exceeded"), dev=None, ticket="accepted",
        proves="a ZIP inside a ZIP holding 10,050 one-byte entries (past clamd's MaxFiles) is reported, never clean",
    ), zip_bytes([("inner.zip", zip_bytes([("%05d" % n, b"x") for n in range(10050)], zipfile.ZIP_STORED))])

    yield dict(
        id="truncated-pdf", file="truncated.pdf", filename="contract.pdf", contentType=PDF,
        expected=CLEAN, dev=CLEAN, ticket="accepted",
        proves="a harmless oddity: a PDF cut off mid-stream is still a PDF and is promoted",
    ), pdf[: len(pdf) // 2]
    yield dict(
        id="corrupt-png", file="corrupt.png", filename="chart.png", contentType=PNG,
        expected=CLEAN, dev=CLEAN, ticket="accepted",
        proves="a harmless oddity: a PNG with a bad CRC and garbage data is promoted as a (broken) PNG",
    ), corrupt_png()
    yield dict(
        id="truncated-jpeg", file="truncated.jpg", filename="photo.jpg", contentType=JPEG,
        expected=CLEAN, dev=CLEAN, ticket="accepted",
        proves="a harmless oddity: a JPEG cut off in its header is promoted as a (broken) JPEG",
    ), truncated_jpeg()
    yield dict(
        id="png-as-pdf", file="png-as.pdf", filename="invoice.pdf", contentType=PDF,
        expected=rejected("type_mismatch"), dev=rejected("type_mismatch"), ticket="accepted",
        proves="an image under a PDF name and type fails the type check",
    ), corrupt_png()
    yield dict(
        id="empty-pdf", file="empty.pdf", filename="empty.pdf", contentType=PDF,
        expected=rejected("type_mismatch"), dev=rejected("type_mismatch"), ticket="invalid-size",
        proves="a 0-byte file is refused at the ticket; past it, 0 bytes are not a PDF",
    ), b""
    yield dict(
        id="empty-txt", file="empty.txt", filename="empty.txt", contentType=TEXT,
        expected=CLEAN, dev=CLEAN, ticket="invalid-size",
        proves="a 0-byte file is refused at the ticket; past it, empty text is a harmless oddity",
    ), b""


def write_corpus(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    manifest_cases = []
    total = 0
    for case, data in cases():
        path = os.path.join(out_dir, case["file"])
        with open(path, "wb") as handle:
            handle.write(data)
        case["size"] = len(data)
        case["sha256"] = hashlib.sha256(data).hexdigest()
        manifest_cases.append(case)
        total += len(data)
    ids = [case["id"] for case in manifest_cases]
    if len(set(ids)) != len(ids):
        raise SystemExit("duplicate case ids")
    manifest = {
        "description": "Attaché's hostile-file corpus; generated by scripts/make-hostile-corpus.py, do not edit",
        "eicarNote": "the EICAR anti-virus test string is harmless by design; executables are bare headers",
        "cases": manifest_cases,
    }
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True, ensure_ascii=False)
        handle.write("\n")
    return len(manifest_cases), total


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(root, "Tests", "Fixtures", "hostile"))
    args = parser.parse_args()
    count, total = write_corpus(args.out)
    print("wrote %d cases (%d bytes) and manifest.json to %s" % (count, total, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
