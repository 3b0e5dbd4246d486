import SwitchyardKnowledge
import Testing

/// `contentHash` is SHA-256 (swift-crypto since the hand-written one went): the FIPS 180-4 examples and the
/// record form (title, U+001F, text) give the digests the earlier implementation gave, so stored hashes still
/// match.
@Suite struct ContentHashTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ("ééé", "355b7226e20cb564774ef99442e77ac003100624b42b5a92944f0dad75b126b0"),
    ])
    func knownVectors(_ text: String, _ digest: String) {
        #expect(LoadedDocument(id: "d", source: "d.txt", title: "ignored", text: text).contentHash == digest)
    }

    @Test func recordsHashTheirTitleToo() {
        let record = LoadedDocument(
            id: "r", source: "r.jsonl", title: "Title", text: "body", metadata: ["type": "record"])
        #expect(record.contentHash == "f1b9c3aa40fdbb84420e00cdef37f6325338fa385a7f8e2d1831241370f3c6f8")
    }
}
