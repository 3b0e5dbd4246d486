/// A piece of a document small enough to embed, with the exact span of the document text it covers.
public struct Chunk: Sendable, Hashable, Codable {
    /// Position among the document's chunks, from 0.
    public var ordinal: Int
    /// The covered text: `document.text` from scalar `start` to scalar `end`, exactly.
    public var text: String
    /// First Unicode scalar (inclusive) in the document text.
    public var start: Int
    /// Last Unicode scalar (exclusive) in the document text.
    public var end: Int
    /// Titles of the headings the chunk sits under, outermost first.
    public var headingPath: [String]
    /// Estimated embedder tokens (see ``TokenCounting``).
    public var tokens: Int

    /// A chunk.
    ///
    /// - Parameters:
    ///   - ordinal: Position among the document's chunks, from 0.
    ///   - text: The covered text.
    ///   - start: First Unicode scalar (inclusive) in the document text.
    ///   - end: Last Unicode scalar (exclusive).
    ///   - headingPath: Titles of the headings it sits under, outermost first.
    ///   - tokens: Estimated embedder tokens.
    public init(ordinal: Int, text: String, start: Int, end: Int, headingPath: [String], tokens: Int) {
        self.ordinal = ordinal
        self.text = text
        self.start = start
        self.end = end
        self.headingPath = headingPath
        self.tokens = tokens
    }

    /// The text that is embedded and keyword-indexed: the title and heading path as context, then the chunk.
    ///
    /// - Parameters:
    ///   - title: The document's title.
    ///   - headingPath: The chunk's heading path.
    ///   - text: The chunk's text.
    public static func indexedText(title: String, headingPath: [String], text: String) -> String {
        var context = [title]
        for h in headingPath where h != title { context.append(h) }
        let prefix = context.filter { !$0.isEmpty }.joined(separator: " > ")
        return prefix.isEmpty ? text : prefix + "\n" + text
    }
}
