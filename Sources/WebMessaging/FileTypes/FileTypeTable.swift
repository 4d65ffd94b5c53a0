// The single source of truth for file types. Keep it data: one row per type, so a JavaScript
// table can be generated from (or tested against) it.

/// The file type table used by ``FileTypeResolver``.
public enum FileTypeTable {
    /// Every known file type.
    public static let entries: [FileTypeEntry] = [
        // Images
        FileTypeEntry("image/png", extensions: ["png"], .image, inline: true),
        FileTypeEntry(
            "image/jpeg", aliases: ["image/jpg", "image/pjpeg"], extensions: ["jpg", "jpeg", "jpe", "jfif"], .image,
            inline: true
        ),
        FileTypeEntry("image/gif", extensions: ["gif"], .image, inline: true),
        FileTypeEntry("image/webp", extensions: ["webp"], .image, inline: true),
        FileTypeEntry("image/avif", extensions: ["avif"], .image, inline: true, container: .isoMedia),
        FileTypeEntry(
            "image/bmp", aliases: ["image/x-bmp", "image/x-ms-bmp"], extensions: ["bmp"], .image, inline: true
        ),
        FileTypeEntry("image/x-icon", aliases: ["image/vnd.microsoft.icon"], extensions: ["ico"], .image, inline: true),
        FileTypeEntry("image/svg+xml", extensions: ["svg", "svgz"], .image, inline: false),
        FileTypeEntry("image/tiff", extensions: ["tif", "tiff"], .image, inline: false),
        FileTypeEntry(
            "image/heic", aliases: ["image/heif", "image/heic-sequence", "image/heif-sequence"],
            extensions: ["heic", "heif"], .image, inline: false, container: .isoMedia
        ),
        // Audio (voice notes: ogg/opus, mp4/m4a, webm, aac, mpeg, amr)
        FileTypeEntry(
            "audio/mpeg", aliases: ["audio/mp3", "audio/mpeg3", "audio/x-mpeg", "audio/x-mp3"], extensions: ["mp3"],
            .audio, inline: true
        ),
        FileTypeEntry(
            "audio/mp4", aliases: ["audio/x-m4a", "audio/m4a", "audio/x-mp4"], extensions: ["m4a", "m4b"], .audio,
            inline: true, container: .isoMedia
        ),
        FileTypeEntry("audio/aac", aliases: ["audio/x-aac", "audio/aacp"], extensions: ["aac"], .audio, inline: true),
        FileTypeEntry(
            "audio/ogg", aliases: ["audio/opus", "audio/vorbis", "application/ogg"],
            extensions: ["ogg", "oga", "opus"],
            .audio, inline: true, container: .ogg
        ),
        FileTypeEntry("audio/webm", extensions: ["weba"], .audio, inline: true, container: .ebml),
        FileTypeEntry(
            "audio/wav", aliases: ["audio/x-wav", "audio/wave", "audio/vnd.wave"], extensions: ["wav"], .audio,
            inline: true
        ),
        FileTypeEntry("audio/flac", aliases: ["audio/x-flac"], extensions: ["flac"], .audio, inline: true),
        FileTypeEntry("audio/amr", aliases: ["audio/amr-wb"], extensions: ["amr", "awb"], .audio, inline: false),
        FileTypeEntry(
            "audio/3gpp", aliases: ["audio/3gpp2"], extensions: [], .audio, inline: false, container: .isoMedia
        ),
        FileTypeEntry("audio/aiff", aliases: ["audio/x-aiff"], extensions: ["aif", "aiff"], .audio, inline: false),
        FileTypeEntry(
            "audio/midi", aliases: ["audio/x-midi", "audio/mid"], extensions: ["mid", "midi"], .audio, inline: false
        ),
        // Video
        FileTypeEntry("video/mp4", extensions: ["mp4", "m4v"], .video, inline: true, container: .isoMedia),
        FileTypeEntry("video/webm", extensions: ["webm"], .video, inline: true, container: .ebml),
        FileTypeEntry("video/ogg", extensions: ["ogv"], .video, inline: true, container: .ogg),
        FileTypeEntry("video/quicktime", extensions: ["mov", "qt"], .video, inline: false, container: .isoMedia),
        FileTypeEntry(
            "video/3gpp", aliases: ["video/3gpp2"], extensions: ["3gp", "3g2"], .video, inline: false,
            container: .isoMedia
        ),
        FileTypeEntry("video/x-matroska", extensions: ["mkv"], .video, inline: false, container: .ebml),
        FileTypeEntry(
            "video/x-msvideo", aliases: ["video/avi", "video/msvideo"], extensions: ["avi"], .video, inline: false
        ),
        FileTypeEntry("video/mpeg", extensions: ["mpeg", "mpg"], .video, inline: false),
        FileTypeEntry("video/x-ms-wmv", extensions: ["wmv"], .video, inline: false),
        // PDF
        FileTypeEntry(
            "application/pdf", aliases: ["application/x-pdf", "application/acrobat"], extensions: ["pdf"], .pdf,
            inline: true
        ),
        // Archives
        FileTypeEntry(
            "application/zip", aliases: ["application/x-zip-compressed", "application/x-zip", "multipart/x-zip"],
            extensions: ["zip"], .archive, inline: false, container: .zip
        ),
        FileTypeEntry("application/x-7z-compressed", extensions: ["7z"], .archive, inline: false),
        FileTypeEntry(
            "application/vnd.rar", aliases: ["application/x-rar-compressed", "application/x-rar"], extensions: ["rar"],
            .archive, inline: false
        ),
        FileTypeEntry("application/x-tar", extensions: ["tar"], .archive, inline: false),
        FileTypeEntry(
            "application/gzip", aliases: ["application/x-gzip"], extensions: ["gz", "tgz", "tar.gz"], .archive,
            inline: false
        ),
        FileTypeEntry("application/x-bzip2", extensions: ["bz2", "tar.bz2"], .archive, inline: false),
        FileTypeEntry("application/x-xz", extensions: ["xz", "tar.xz"], .archive, inline: false),
        FileTypeEntry("application/zstd", extensions: ["zst", "tar.zst"], .archive, inline: false),
        // Documents
        FileTypeEntry("application/msword", extensions: ["doc", "dot"], .document, inline: false, container: .ole2),
        FileTypeEntry(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"], .document,
            inline: false, container: .zip
        ),
        FileTypeEntry(
            "application/vnd.oasis.opendocument.text", extensions: ["odt"], .document, inline: false, container: .zip
        ),
        FileTypeEntry("application/rtf", aliases: ["text/rtf"], extensions: ["rtf"], .document, inline: false),
        FileTypeEntry("application/epub+zip", extensions: ["epub"], .document, inline: false, container: .zip),
        FileTypeEntry("application/vnd.apple.pages", extensions: ["pages"], .document, inline: false, container: .zip),
        FileTypeEntry("application/postscript", extensions: ["ps", "eps"], .document, inline: false),
        FileTypeEntry("application/x-ole-storage", extensions: ["msg"], .document, inline: false, container: .ole2),
        // Spreadsheets
        FileTypeEntry(
            "application/vnd.ms-excel", extensions: ["xls", "xlt"], .spreadsheet, inline: false, container: .ole2
        ),
        FileTypeEntry(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"], .spreadsheet,
            inline: false, container: .zip
        ),
        FileTypeEntry(
            "application/vnd.oasis.opendocument.spreadsheet", extensions: ["ods"], .spreadsheet, inline: false,
            container: .zip
        ),
        FileTypeEntry(
            "application/vnd.apple.numbers", extensions: ["numbers"], .spreadsheet, inline: false, container: .zip
        ),
        FileTypeEntry(
            "text/csv", aliases: ["application/csv", "text/comma-separated-values"], extensions: ["csv"], .spreadsheet,
            inline: true
        ),
        FileTypeEntry("text/tab-separated-values", extensions: ["tsv"], .spreadsheet, inline: true),
        // Presentations
        FileTypeEntry(
            "application/vnd.ms-powerpoint", extensions: ["ppt", "pps", "pot"], .presentation, inline: false,
            container: .ole2
        ),
        FileTypeEntry(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", extensions: ["pptx"],
            .presentation, inline: false, container: .zip
        ),
        FileTypeEntry(
            "application/vnd.oasis.opendocument.presentation", extensions: ["odp"], .presentation, inline: false,
            container: .zip
        ),
        FileTypeEntry(
            "application/vnd.apple.keynote", extensions: ["key"], .presentation, inline: false, container: .zip
        ),
        // Text (HTML, XML, JS, CSS can carry script or active content: never inline)
        FileTypeEntry("text/plain", extensions: ["txt", "text", "log"], .text, inline: true),
        FileTypeEntry(
            "text/markdown", aliases: ["text/x-markdown"], extensions: ["md", "markdown"], .text, inline: true
        ),
        FileTypeEntry("application/json", aliases: ["text/json"], extensions: ["json"], .text, inline: true),
        FileTypeEntry(
            "application/yaml", aliases: ["application/x-yaml", "text/yaml", "text/x-yaml"],
            extensions: ["yaml", "yml"], .text, inline: true
        ),
        FileTypeEntry(
            "text/html", aliases: ["application/xhtml+xml"], extensions: ["html", "htm", "xhtml", "shtml"], .text,
            inline: false
        ),
        FileTypeEntry("application/xml", aliases: ["text/xml"], extensions: ["xml", "xsl"], .text, inline: false),
        FileTypeEntry("text/css", extensions: ["css"], .text, inline: false),
        FileTypeEntry(
            "text/javascript", aliases: ["application/javascript", "application/x-javascript"],
            extensions: ["js", "mjs"], .text, inline: false
        ),
        FileTypeEntry("text/calendar", extensions: ["ics"], .text, inline: false),
        FileTypeEntry("text/vcard", aliases: ["text/x-vcard"], extensions: ["vcf"], .text, inline: false),
        // Executables and scripts (never previewable)
        FileTypeEntry(
            "application/x-executable", aliases: ["application/x-elf"], extensions: ["elf", "bin", "run"], .executable,
            inline: false
        ),
        FileTypeEntry("application/x-sharedlib", extensions: ["so"], .executable, inline: false),
        FileTypeEntry(
            "application/vnd.microsoft.portable-executable",
            aliases: [
                "application/x-msdownload",
                "application/x-dosexec",
                "application/x-ms-dos-executable",
                "application/exe",
                "application/x-exe",
            ],
            extensions: ["exe", "dll", "com", "scr", "sys", "cpl"], .executable, inline: false
        ),
        FileTypeEntry(
            "application/x-msi", aliases: ["application/x-ms-installer"], extensions: ["msi"], .executable,
            inline: false, container: .ole2
        ),
        FileTypeEntry(
            "application/x-mach-binary", aliases: ["application/x-mach-o-executable"], extensions: ["dylib"],
            .executable, inline: false
        ),
        FileTypeEntry(
            "application/x-sh", aliases: ["application/x-shellscript", "text/x-shellscript", "text/x-sh"],
            extensions: ["sh", "bash", "zsh", "command"], .executable, inline: false
        ),
        FileTypeEntry(
            "application/x-bat", aliases: ["application/bat", "application/x-msdos-program"],
            extensions: ["bat", "cmd"], .executable, inline: false
        ),
        FileTypeEntry("application/x-powershell", extensions: ["ps1", "psm1"], .executable, inline: false),
        FileTypeEntry(
            "application/java-archive", aliases: ["application/x-java-archive"], extensions: ["jar"], .executable,
            inline: false, container: .zip
        ),
        FileTypeEntry(
            "application/vnd.android.package-archive", extensions: ["apk"], .executable, inline: false, container: .zip
        ),
        FileTypeEntry(
            "application/java-vm", aliases: ["application/x-java-class"], extensions: ["class"], .executable,
            inline: false
        ),
        FileTypeEntry("application/wasm", extensions: ["wasm"], .executable, inline: false),
        FileTypeEntry("application/x-apple-diskimage", extensions: ["dmg"], .executable, inline: false),
    ]
}
