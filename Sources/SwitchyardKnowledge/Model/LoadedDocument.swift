import Crypto

/// A document as a loader read it, before chunking: its text (what offsets point into), headings and metadata.
public struct LoadedDocument: Sendable, Hashable {
    /// Stable id within the tenant: the file's path, or `path#record` for a JSON record.
    public var id: String
    /// Where it came from (the file's path); re-ingesting the same source replaces its documents.
    public var source: String
    /// A title: the first heading, the HTML `<title>`, the record's `title`, or the file name.
    public var title: String
    /// The text chunks are cut from. For .md, .txt and .jsonl records it is the source text itself; for HTML and
    /// PDF it is the extracted text. Chunk offsets count Unicode scalars into this text.
    public var text: String
    /// Headings in order, with the scalar offset where each heading line starts in ``text``.
    public var headings: [Heading]
    /// Key/value pairs for `--filter KEY=VALUE` (the loader adds `type`; records add their scalar fields).
    public var metadata: [String: String]

    /// A document.
    ///
    /// - Parameters:
    ///   - id: Stable id within the tenant.
    ///   - source: Where it came from.
    ///   - title: Its title.
    ///   - text: The text chunks are cut from.
    ///   - headings: Headings in order, with their scalar offsets in `text`.
    ///   - metadata: Key/value pairs for filters.
    public init(
        id: String, source: String, title: String, text: String, headings: [Heading] = [],
        metadata: [String: String] = [:]
    ) {
        self.id = id
        self.source = source
        self.title = title
        self.text = text
        self.headings = headings
        self.metadata = metadata
    }

    /// SHA-256 (hex) of the text — and of the title for JSON records, whose title is content rather than a file
    /// name: equal hashes mean equal content, for dedup and change detection.
    public var contentHash: String {
        let content = metadata["type"] == "record" ? title + "\u{1F}" + text : text
        return SHA256.hash(data: Array(content.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// A heading of a document: its level (1 = top) and text, and the scalar offset of its line.
public struct Heading: Sendable, Hashable, Codable {
    public var level: Int
    public var title: String
    public var offset: Int

    /// A heading.
    ///
    /// - Parameters:
    ///   - level: 1 for a top-level heading.
    ///   - title: Its text.
    ///   - offset: The scalar offset of its line in the document text.
    public init(level: Int, title: String, offset: Int) {
        self.level = level
        self.title = title
        self.offset = offset
    }
}
