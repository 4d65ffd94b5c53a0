import Testing

@testable import AWSSigning

@Suite("INI parsing of AWS shared files")
struct INIFileTests {
    @Test("Sections, comments, inline comments, case-insensitive keys and nested blocks")
    func parses() throws {
        let text = """
            # a comment
            ; another comment
            [default]
            aws_access_key_id = AKIDDEFAULT
            AWS_Secret_Access_Key=secret/with+chars= ; inline comment
            \r
            [profile dev]   # comment after the header
            region = eu-west-1
            s3 =
              max_concurrent_requests = 10
            output=json#not a comment
            """
        let file = try INIFile(parsing: text, path: "config")
        #expect(file.sections["default"]?["aws_access_key_id"] == "AKIDDEFAULT")
        #expect(file.sections["default"]?["aws_secret_access_key"] == "secret/with+chars=")
        #expect(file.sections["profile dev"]?["region"] == "eu-west-1")
        #expect(file.sections["profile dev"]?["s3"] == "\nmax_concurrent_requests = 10")
        #expect(file.sections["profile dev"]?["output"] == "json#not a comment")
    }

    @Test(
        "Malformed lines are reported with their file and line number",
        arguments: [
            ("key = value", 1),
            ("[default]\njust text", 2),
            ("[default\nk = v", 1),
            ("[]", 1),
            ("[a]\n = v", 2),
        ])
    func malformed(text: String, line: Int) {
        do {
            _ = try INIFile(parsing: text, path: "/home/u/.aws/config")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidFile)
            #expect(error.message.hasPrefix("/home/u/.aws/config line \(line):"))
        }
    }
}
