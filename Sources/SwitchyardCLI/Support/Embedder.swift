import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels

/// The embedding model the CLI's knowledge commands use: the built-in all-MiniLM-L6-v2. A missing model gets
/// an error that says to run scripts/fetch-models.
func makeEmbedder() throws -> any EmbeddingModel {
    try LocalEmbeddingModel()
}
