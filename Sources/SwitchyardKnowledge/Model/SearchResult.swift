/// One retrieved chunk with everything an answer needs to cite it.
public struct SearchResult: Sendable, Hashable {
    /// The document id.
    public var document: String
    /// The document's source (file path).
    public var source: String
    public var title: String
    /// The chunk's ordinal within the document.
    public var chunk: Int
    /// The store's chunk id.
    public var chunkID: Int64
    public var text: String
    /// Scalar offsets of the chunk in the document text.
    public var start: Int
    public var end: Int
    public var headingPath: [String]
    /// Higher is better: cosine similarity (vector), BM25 (keyword) or the RRF sum (hybrid).
    public var score: Double

    /// A result for a stored chunk.
    ///
    /// - Parameters:
    ///   - stored: The chunk as the store keeps it.
    ///   - score: Its score in the search.
    public init(_ stored: StoredChunk, score: Double) {
        document = stored.document
        source = stored.source
        title = stored.title
        chunk = stored.chunk.ordinal
        chunkID = stored.id
        text = stored.chunk.text
        start = stored.chunk.start
        end = stored.chunk.end
        headingPath = stored.chunk.headingPath
        self.score = score
    }

    /// A citation label: `source#chunk [start, end)`.
    public var citation: String { "\(source)#\(chunk) [\(start), \(end))" }
}
