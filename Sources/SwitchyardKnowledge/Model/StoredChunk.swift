/// A chunk as the store keeps it: its store-wide id, its document and the document's source and title.
public struct StoredChunk: Sendable, Hashable {
    /// The store's id for the chunk (unique in the store; never reused by the SQLite backend).
    public var id: Int64
    public var document: String
    public var source: String
    public var title: String
    public var chunk: Chunk

    /// A stored chunk.
    ///
    /// - Parameters:
    ///   - id: The store's id for it.
    ///   - document: Its document's id.
    ///   - source: The document's source.
    ///   - title: The document's title.
    ///   - chunk: The chunk.
    public init(id: Int64, document: String, source: String, title: String, chunk: Chunk) {
        self.id = id
        self.document = document
        self.source = source
        self.title = title
        self.chunk = chunk
    }

    /// ``Chunk/indexedText(title:headingPath:text:)`` of this chunk.
    public var indexedText: String { Chunk.indexedText(title: title, headingPath: chunk.headingPath, text: chunk.text) }
}
