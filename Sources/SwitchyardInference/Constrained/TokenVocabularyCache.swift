import Synchronization

/// Holds a tokenizer's `TokenVocabulary` once built (the tokenizer is a value; this reference is shared by
/// its copies).
final class TokenVocabularyCache: Sendable {
    private let cached = Mutex<TokenVocabulary?>(nil)

    func vocabulary(size: Int, build: () -> TokenVocabulary) -> TokenVocabulary {
        cached.withLock { v in
            if let v, v.size == size { return v }
            let built = build()
            v = built
            return built
        }
    }
}
