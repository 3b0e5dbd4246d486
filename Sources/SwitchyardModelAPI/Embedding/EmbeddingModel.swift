import SwitchyardCore

/// A model that turns texts into fixed-size vectors for similarity search.
///
/// Conformers return one vector per input, in order, each `dimensions` long and L2-normalized (unit length), so
/// the inner product of two vectors is their cosine similarity. `identifier` names the model and its version
/// (`all-MiniLM-L6-v2`); stores record it next to every vector so that vectors of different models never mix.
public protocol EmbeddingModel: Sendable {
    /// The length of every vector this model returns.
    var dimensions: Int { get }
    /// A stable name for the model (and its weights), recorded with the vectors it made.
    var identifier: String { get }
    /// Embeds `texts` (any number; the model batches internally) into unit-length vectors, in input order.
    ///
    /// - Parameter texts: The texts to embed.
    /// - Throws: `SwitchyardError` when the model cannot embed them (not loaded, upstream failure, …).
    func embed(_ texts: [String]) async throws -> [[Float]]
}
