import SwitchyardCore
import SwitchyardKnowledge

/// The embedding model the CLI's knowledge commands use. The local all-MiniLM-L6-v2 (SwitchyardInference) is
/// wired here when it lands; until then vector and hybrid search report that it is missing.
func makeEmbedder() throws -> any EmbeddingModel {
    throw SwitchyardError(
        code: "embedder_unavailable",
        message: "the local embedding model is not available yet; use --mode keyword")
}
