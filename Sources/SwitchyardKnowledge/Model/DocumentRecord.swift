import Foundation

/// A stored document: what `documents list` shows.
public struct DocumentRecord: Sendable, Hashable {
    public var id: String
    public var source: String
    public var title: String
    /// ``LoadedDocument/contentHash`` of what was ingested.
    public var contentHash: String
    public var metadata: [String: String]
    public var chunkCount: Int
    public var ingestedAt: Date

    /// A record.
    ///
    /// - Parameters:
    ///   - id: The document id.
    ///   - source: The source it came from.
    ///   - title: Its title.
    ///   - contentHash: LoadedDocument/contentHash of what was ingested.
    ///   - metadata: Its metadata.
    ///   - chunkCount: How many chunks it has.
    ///   - ingestedAt: When it was ingested.
    public init(
        id: String, source: String, title: String, contentHash: String, metadata: [String: String], chunkCount: Int,
        ingestedAt: Date
    ) {
        self.id = id
        self.source = source
        self.title = title
        self.contentHash = contentHash
        self.metadata = metadata
        self.chunkCount = chunkCount
        self.ingestedAt = ingestedAt
    }
}
