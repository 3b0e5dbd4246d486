/// What an ingest did, document by document.
public struct IngestReport: Sendable {
    /// One document's outcome.
    public struct Entry: Sendable, Hashable {
        public var document: String
        public var source: String
        /// `added`, `updated`, `unchanged` (same content hash as stored) or `duplicate` (same content as
        /// ``duplicateOf``, not stored twice).
        public var status: String
        public var chunks: Int
        public var duplicateOf: String?
    }

    public var entries: [Entry] = []
    /// Documents deleted because their source no longer holds them.
    public var removedDocuments = 0
    /// Whether vectors were computed (false when no embedding model was given: keyword search only until a
    /// vector search backfills them).
    public var embedded = false

    public var chunks: Int {
        entries.reduce(0) { $0 + ($1.status == "added" || $1.status == "updated" ? $1.chunks : 0) }
    }
    /// How many documents the ingest gave `status`.
    ///
    /// - Parameter status: `added`, `updated`, `unchanged`, `duplicate` …
    public func count(_ status: String) -> Int { entries.filter { $0.status == status }.count }
}

/// Ingest progress: `completed` of `total` documents.
public struct IngestProgress: Sendable {
    public var completed: Int
    public var total: Int
    public var current: String
}
