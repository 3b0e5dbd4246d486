/// Where a constrained output stands: a pure state machine over bytes. Advance it with each byte of the
/// text produced so far; ask which tokens may come next with `allowedTokens(_:)`.
///
/// A state is a small value (the automaton is shared); copying it forks the position.
public struct ConstraintState: Sendable {
    let automaton: ConstraintAutomaton
    /// The automaton state; negative once a byte was rejected.
    public private(set) var id: Int32

    init(automaton: ConstraintAutomaton, id: Int32) {
        self.automaton = automaton
        self.id = id
    }

    /// Feeds one byte; false (and the state stays rejected) when the constraint does not allow it.
    ///
    /// - Parameter byte: The next output byte.
    @discardableResult
    public mutating func advance(byte: UInt8) -> Bool {
        id = automaton.step(id, byte)
        return id >= 0
    }

    /// Feeds bytes in order; false as soon as one is not allowed.
    ///
    /// - Parameter bytes: The next output bytes.
    @discardableResult
    public mutating func advance(bytes: [UInt8]) -> Bool {
        id = automaton.step(id, bytes)
        return id >= 0
    }

    /// A byte was not allowed.
    public var isRejected: Bool { id < 0 }
    /// The text so far is a complete output (end-of-generation may come now).
    public var isAccepting: Bool { automaton.info(id).accepting }
    /// Complete, and no byte may follow: generation should stop.
    public var isComplete: Bool {
        let i = automaton.info(id)
        return i.accepting && !i.hasMoves
    }
    /// The fewest bytes that complete the output from here (nil when rejected).
    public var bytesToAccept: Int? {
        let d = automaton.info(id).distance
        return d == .max ? nil : Int(d)
    }

    /// How many tokens of `vocabulary` closing the output takes at most when each step takes a token that
    /// shortens the remaining bytes the most (nil when it cannot be closed). A generation whose `maxTokens` is
    /// at least this from the start always ends with a complete output.
    ///
    /// - Parameter vocabulary: The model's tokens as a trie.
    public func tokensToClose(_ vocabulary: TokenVocabulary) -> Int? {
        let t = automaton.closing(id, vocabulary).tokensToAccept
        return t == .max ? nil : Int(t)
    }

    /// The tokens of `vocabulary` whose bytes keep the output valid (cached per automaton state).
    ///
    /// - Parameter vocabulary: The model's tokens as a trie.
    public func allowedTokens(_ vocabulary: TokenVocabulary) -> TokenMask {
        automaton.mask(id, vocabulary)
    }

    /// The allowed tokens after which at most `budget` bytes complete the output (for the last tokens of a
    /// generation; not cached).
    ///
    /// - Parameters:
    ///   - vocabulary: The model's tokens as a trie.
    ///   - budget: The most bytes that may follow the token before the output is complete.
    public func allowedTokens(_ vocabulary: TokenVocabulary, completingWithin budget: Int) -> TokenMask {
        automaton.mask(id, vocabulary, budget: Int32(clamping: budget))
    }
}
