import Foundation
import SwitchyardCore

// The JSON shapes of the knowledge base's answers, shared by the CLI's `--json` output and the HTTP API, so both
// give the same results.

extension SearchResult {
    /// A hit with its citation: document, source, chunk, scalar offsets, title and heading path.
    public var json: JSONValue {
        [
            "document": .string(document), "source": .string(source), "chunk": .int(chunk), "text": .string(text),
            "score": .double(score), "start": .int(start), "end": .int(end), "title": .string(title),
            "headings": .array(headingPath.map(JSONValue.string)),
        ]
    }
}

extension DocumentRecord {
    /// A stored document.
    public var json: JSONValue {
        [
            "document": .string(id), "source": .string(source), "title": .string(title), "chunks": .int(chunkCount),
            "hash": .string(contentHash), "ingested_at": .string(ingestedAt.iso8601),
            "metadata": .object(metadata.mapValues(JSONValue.string)),
        ]
    }
}

extension IngestReport {
    /// What an ingest did, per document and in total.
    ///
    /// - Parameter tenant: The tenant it was for.
    public func json(tenant: TenantID) -> JSONValue {
        [
            "tenant": .string(tenant.rawValue),
            "documents": .array(
                entries.map { e in
                    [
                        "document": .string(e.document), "source": .string(e.source), "status": .string(e.status),
                        "chunks": .int(e.chunks), "duplicate_of": e.duplicateOf.map(JSONValue.string) ?? .null,
                    ]
                }),
            "added": .int(count("added")), "updated": .int(count("updated")), "unchanged": .int(count("unchanged")),
            "duplicates": .int(count("duplicate")), "removed": .int(removedDocuments), "chunks": .int(chunks),
            "embedded": .bool(embedded),
        ]
    }
}
