import Foundation

extension MiniLMEmbedder {
    /// How an embedder runs. A struct so that options can be added without breaking callers.
    public struct Options: Sendable {
        /// Threads the matrix kernels use (default: every active core).
        public var threads: Int
        /// Texts per forward pass (default 32). Texts are sorted by length before batching and results
        /// returned in input order; a text's embedding does not depend on its batch.
        public var batchSize: Int

        /// Options; values below 1 become 1.
        ///
        /// - Parameters:
        ///   - threads: Threads the matrix kernels use.
        ///   - batchSize: Texts per forward pass.
        public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 32) {
            self.threads = max(1, threads)
            self.batchSize = max(1, batchSize)
        }
    }
}
