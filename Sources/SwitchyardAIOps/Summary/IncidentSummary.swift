/// An incident's summary after the grounding check: the sentences that cite its evidence, and those dropped.
public struct IncidentSummary: Sendable, Equatable {
    /// The sentences kept, each citing at least one piece of evidence and nothing else.
    public var sentences: [EvidenceGrounding.Sentence]
    /// The sentences the grounding check dropped, with the reason.
    public var dropped: [EvidenceGrounding.Dropped]
    /// The model (deployment) that wrote it.
    public var model: String

    /// A checked summary.
    /// - Parameters:
    ///   - sentences: The sentences kept, each with its citations.
    ///   - dropped: The sentences dropped, with the reason.
    ///   - model: The model (deployment) that wrote it.
    public init(sentences: [EvidenceGrounding.Sentence], dropped: [EvidenceGrounding.Dropped], model: String) {
        self.sentences = sentences
        self.dropped = dropped
        self.model = model
    }

    /// The kept sentences as one paragraph.
    public var text: String { sentences.map(\.text).joined(separator: " ") }
}
