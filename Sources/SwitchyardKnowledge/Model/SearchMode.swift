/// How a query is matched. A struct with static members so that new modes break no caller.
public struct SearchMode: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// Nearest chunks by embedding cosine similarity (HNSW, exact below the crossover size).
    public static let vector = SearchMode(name: "vector")
    /// BM25 over the tenant's chunks.
    public static let keyword = SearchMode(name: "keyword")
    /// Vector and keyword lists fused by reciprocal rank.
    public static let hybrid = SearchMode(name: "hybrid")
    public static let all: [SearchMode] = [.vector, .keyword, .hybrid]

    /// The mode named `name`, or nil.
    ///
    /// - Parameter name: `vector`, `keyword` or `hybrid`.
    public init?(_ name: String) {
        guard let mode = Self.all.first(where: { $0.name == name }) else { return nil }
        self = mode
    }

    private init(name: String) { self.name = name }
    public var description: String { name }
}

/// Metadata conditions a result's document must meet: every `key = value` pair (keys: `source`, `title`,
/// `document`, or any metadata key such as `type`).
public struct SearchFilter: Sendable, Hashable {
    public var conditions: [String: String]

    /// A filter.
    ///
    /// - Parameter conditions: `key = value` pairs a document must all meet.
    public init(_ conditions: [String: String] = [:]) { self.conditions = conditions }

    public var isEmpty: Bool { conditions.isEmpty }

    /// Whether a document with these fields passes.
    ///
    /// - Parameters:
    ///   - id: The document id.
    ///   - source: Its source.
    ///   - title: Its title.
    ///   - metadata: Its metadata.
    public func matches(id: String, source: String, title: String, metadata: [String: String]) -> Bool {
        conditions.allSatisfy { key, value in
            switch key {
            case "document": return id == value
            case "source": return source == value
            case "title": return title == value
            default: return metadata[key] == value
            }
        }
    }
}
