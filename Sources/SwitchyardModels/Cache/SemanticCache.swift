import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// The gateway's semantic tier, per tenant: after the exact tier misses, a cacheable request's whole
/// conversation is embedded and compared with that tenant's entries for the same
/// ``CacheKey/semanticFingerprint(_:)``; a hit needs cosine ≥ `threshold` **and** ``SemanticGuard`` passing.
/// The threshold default is measured on a labelled set of paraphrases and near misses (docs/gateway.md).
public struct SemanticCache: Sendable {
    /// The model that embeds conversations (all-MiniLM-L6-v2 by default).
    public let embedder: any EmbeddingModel
    /// Minimum cosine similarity for a hit.
    public let threshold: Double
    /// Most entries compared per lookup (the tenant's newest for the fingerprint).
    public let candidateLimit: Int

    /// The measured default threshold for all-MiniLM-L6-v2 with the guard (docs/gateway.md, "Semantic cache").
    public static let measuredThreshold = 0.90

    /// A semantic tier embedding with `embedder`.
    /// - Parameters:
    ///   - embedder: The model that embeds conversations.
    ///   - threshold: Minimum cosine similarity for a hit.
    ///   - candidateLimit: Most entries compared per lookup.
    public init(
        embedder: any EmbeddingModel, threshold: Double = SemanticCache.measuredThreshold, candidateLimit: Int = 512
    ) {
        self.embedder = embedder
        self.threshold = threshold
        self.candidateLimit = candidateLimit
    }

    /// A conversation as one text: every message (not only the last), one `role: content` line each, tool
    /// calls written as `name(arguments)`.
    /// - Parameter messages: The conversation, in order.
    public static func conversationText(_ messages: [ChatMessage]) -> String {
        messages.map { m in
            let calls = m.toolCalls.map { "\($0.name)(\($0.arguments.jsonText))" }
            return "\(m.role.rawValue): " + ([m.content] + calls).filter { !$0.isEmpty }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// Cosine similarity of two unit vectors (their dot product); 0 when the lengths differ.
    /// - Parameters:
    ///   - a: A unit vector.
    ///   - b: Another unit vector, of the same length.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count else { return 0 }
        var sum: Float = 0
        for i in a.indices { sum += a[i] * b[i] }
        return Double(sum)
    }

    /// The best entry that may answer `text` (with vector `vector`): highest cosine among those at or above
    /// the threshold whose text passes the guard and whose vector came from the same embedding model.
    /// - Parameters:
    ///   - text: The conversation text (``conversationText(_:)``) of the request.
    ///   - vector: Its embedding by ``embedder``.
    ///   - entries: The candidates (the tenant's entries for the request's fingerprint).
    public func bestMatch(text: String, vector: [Float], among entries: [SemanticCacheEntry]) -> SemanticCacheEntry? {
        var best: (entry: SemanticCacheEntry, similarity: Double)?
        for entry in entries where entry.embeddingModel == embedder.identifier {
            let similarity = Self.cosine(vector, entry.vector)
            guard similarity >= threshold, similarity > (best?.similarity ?? -1) else { continue }
            guard SemanticGuard.mismatch(text, entry.text) == nil else { continue }
            best = (entry, similarity)
        }
        return best?.entry
    }
}
