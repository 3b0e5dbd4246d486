import Foundation
import SwitchyardCore
import Testing
@testable import SwitchyardKnowledge

@Suite struct LoaderTests {
    let dir = temporaryDirectory()

    @Test func markdownKeepsTextAndHeadings() throws {
        let text = "# Guide\n\nIntro.\n\n## Install\n\nRun it.\n\n```\n# not a heading\n```\n### Linux ###\napt.\n"
        let path = write(text, to: "guide.md", in: dir)
        let docs = try DocumentLoader().load(file: path)
        #expect(docs.count == 1)
        let d = docs[0]
        #expect(d.text == text)
        #expect(d.title == "Guide")
        #expect(d.headings.map(\.title) == ["Guide", "Install", "Linux"])
        #expect(d.headings.map(\.level) == [1, 2, 3])
        let scalars = Array(text.unicodeScalars)
        for h in d.headings { #expect(scalars[h.offset] == "#") }
        #expect(d.metadata["type"] == "markdown")
    }

    @Test func htmlExtractsTextAndHeadings() throws {
        let html = """
            <html><head><title>Doc &amp; Co</title><style>p{}</style></head>
            <body><script>var x = "<h1>no</h1>";</script><h1>Main</h1><p>Hello&nbsp;<b>world</b> &lt;3</p>
            <!-- hidden --><h2>Part&#32;two</h2><ul><li>one</li><li>two</li></ul></body></html>
            """
        let d = try DocumentLoader().load(file: write(html, to: "page.html", in: dir))[0]
        #expect(d.title == "Doc & Co")
        #expect(d.text == "Main\n\nHello world <3\n\nPart two\n\none\ntwo")
        #expect(d.headings.map(\.title) == ["Main", "Part two"])
        let scalars = Array(d.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[d.headings[1].offset...].prefix(8))) == "Part two")
        #expect(!d.text.contains("var x"))
        #expect(!d.text.contains("hidden"))
    }

    @Test func jsonlRecordsInBEIRLayout() throws {
        let path = write(
            """
            {"_id": "4983", "title": "Brains", "text": "White matter develops.", "metadata": {"year": 2002}}
            {"_id": "5836", "title": "", "text": "Second."}

            """, to: "corpus.jsonl", in: dir)
        let docs = try DocumentLoader().load(file: path)
        #expect(docs.map(\.id) == [DocumentLoader.canonical(path) + "#4983", DocumentLoader.canonical(path) + "#5836"])
        #expect(docs[0].title == "Brains")
        #expect(docs[0].text == "White matter develops.")
        #expect(docs[0].metadata["year"] == "2002")
        #expect(docs[0].metadata["id"] == "4983")
        #expect(docs[1].title == "5836")
    }

    @Test func jsonArrayOfRecords() throws {
        let docs = try DocumentLoader().load(
            file: write(#"[{"id": 1, "content": "a b"}, {"id": 2, "body": "c"}]"#, to: "r.json", in: dir))
        #expect(docs.map(\.text) == ["a b", "c"])
    }

    @Test func malformedJSONLineIsNamed() throws {
        let path = write("{\"text\": \"ok\"}\n{\"text\": \"ok2\"}\n{\"text\": oops}\n", to: "bad.jsonl", in: dir)
        do {
            _ = try DocumentLoader().load(file: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformedJSON)
            #expect(error.message.contains("line 3"))
        }
    }

    @Test func recordProblemsAreSpecific() {
        #expect(
            errorCode { _ = try DocumentLoader().load(file: write("[1, 2]", to: "n.json", in: dir)) }
                == "malformed_record")
        #expect(
            errorCode { _ = try DocumentLoader().load(file: write(#"{"title": "t"}"#, to: "t.jsonl", in: dir)) }
                == "record_without_text")
        #expect(
            errorCode {
                _ = try DocumentLoader().load(
                    file: write("{\"id\":1,\"text\":\"a\"}\n{\"id\":1,\"text\":\"b\"}", to: "d.jsonl", in: dir))
            } == "duplicate_record_id")
    }

    @Test func badFilesFailWithSpecificErrors() {
        let binary = dir + "/blob.txt"
        _ = FileManager.default.createFile(atPath: binary, contents: Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]))
        let latin1 = dir + "/latin1.txt"
        _ = FileManager.default.createFile(atPath: latin1, contents: Data([0x63, 0x61, 0x66, 0xE9]))
        #expect(errorCode { _ = try DocumentLoader().load(file: binary) } == .binaryFile)
        #expect(errorCode { _ = try DocumentLoader().load(file: latin1) } == .binaryFile)
        #expect(errorCode { _ = try DocumentLoader().load(file: write("", to: "empty.md", in: dir)) } == .emptyFile)
        #expect(
            errorCode { _ = try DocumentLoader().load(file: write(" \n\t", to: "blank.txt", in: dir)) } == .emptyFile)
        #expect(errorCode { _ = try DocumentLoader().load(paths: [dir + "/missing.md"]) } == .fileNotFound)
        #expect(
            errorCode { _ = try DocumentLoader().load(file: write("x", to: "a.docx", in: dir)) }
                == "unsupported_file_type")
    }

    @Test func pdfNeedsPdftotext() throws {
        let path = write("%PDF-1.4 not really", to: "paper.pdf", in: dir)
        if PDFLoader.tool() == nil {
            #expect(errorCode { _ = try DocumentLoader().load(file: path) } == .pdftotextMissing)
        } else {
            #expect(errorCode { _ = try DocumentLoader().load(file: path) } == .pdfUnreadable)
        }
    }

    @Test func directoriesExpandToSupportedFilesInOrder() throws {
        let sub = dir + "/tree"
        try FileManager.default.createDirectory(atPath: sub + "/b", withIntermediateDirectories: true)
        write("b", to: "b/2.md", in: sub)
        write("a", to: "1.txt", in: sub)
        write("skip", to: "image.png", in: sub)
        let files = try DocumentLoader().expand([sub])
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["1.txt", "2.md"])
    }
}
