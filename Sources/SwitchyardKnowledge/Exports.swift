/// `KnowledgeBase` takes an `EmbeddingModel`: importing SwitchyardKnowledge brings the protocol along.
@_exported import SwitchyardModels
