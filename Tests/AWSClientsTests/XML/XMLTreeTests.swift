import Testing

@testable import AWSClients

@Suite("XML tree parsing")
struct XMLTreeTests {
    @Test("A document becomes a tree of elements with their text, in order")
    func parsesNestedElements() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Root xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><A>one</A><B><C>two &amp; three</C></B>\
            <A>four</A></Root>
            """
        let tree = try XMLTree.parse(Array(xml.utf8))
        #expect(tree.name == "Root")
        #expect(tree.children("A").map(\.text) == ["one", "four"])
        #expect(tree.descendant(["B", "C"])?.text == "two & three")
        #expect(tree.text("Missing") == nil)
    }

    @Test("CDATA sections and unicode text are kept")
    func keepsCDATAAndUnicode() throws {
        let tree = try XMLTree.parse(Array("<K><![CDATA[a<b]]>é文</K>".utf8))
        #expect(tree.text == "a<b" + "é文")
    }

    @Test(
        "Broken bodies throw typed errors instead of crashing",
        arguments: [
            ("<Error><Code>NoSuch", AWSClientError.Code.truncatedResponse),
            ("<Error><Code>NoSuchKey</Code></Err", .truncatedResponse),
            ("<Error><Code>NoSuchKey</Code>", .truncatedResponse),
            ("not xml at all", .malformedResponse),
            ("", .malformedResponse),
            ("   \n", .malformedResponse),
            ("<a></b>", .malformedResponse),
        ]
    )
    func brokenBodies(body: String, code: AWSClientError.Code) {
        #expect {
            _ = try XMLTree.parse(Array(body.utf8))
        } throws: { error in
            (error as? AWSClientError)?.code == code
        }
    }

    @Test("A body that is not UTF-8 is reported as such")
    func nonUTF8() {
        let bytes: [UInt8] = Array("<Error><Code>".utf8) + [0xFF, 0xFE] + Array("</Code></Error>".utf8)
        #expect {
            _ = try XMLTree.parse(bytes)
        } throws: { error in
            guard let error = error as? AWSClientError else { return false }
            return error.code == .nonUTF8Response && error.message.contains("UTF-8")
        }
    }

    @Test("External entities are not resolved")
    func noExternalEntities() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>
            """
        let tree = try? XMLTree.parse(Array(xml.utf8))
        #expect(tree?.text.contains("root:") != true)
    }

    @Test("The writer escapes text so that the parser reads it back unchanged")
    func writerRoundTrip() throws {
        var writer = XMLWriter()
        writer.open("Tagging", namespace: s3XMLNamespace)
        writer.element("Key", "a<b>&\"c' d")
        writer.close("Tagging")
        let tree = try XMLTree.parse(Array(writer.output.utf8))
        #expect(tree.text("Key") == "a<b>&\"c' d")
    }
}
