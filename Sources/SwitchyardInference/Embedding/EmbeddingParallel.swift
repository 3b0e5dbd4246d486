import Dispatch

/// Data-parallel loops for the embedder's kernels, on libdispatch's worker threads (never the Swift
/// concurrency cooperative pool). Calls block until every share has finished.
struct EmbeddingParallel: Sendable {
    /// Number of shares work is split into (the embedder's thread count).
    let threads: Int

    /// Runs `body(share)` for every share in `0..<count`, `threads` at a time.
    func forEachShare(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 || threads <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // The body only runs while this call blocks, so handing it to other threads is safe.
            let shared = SharedBody(run: body)
            DispatchQueue.concurrentPerform(iterations: count) { shared.run($0) }
        }
    }

    // @unchecked: the closure runs only while `forEachShare` blocks, and each share writes only its own part.
    private struct SharedBody: @unchecked Sendable {
        let run: (Int) -> Void
    }

    /// Splits `0..<count` into at most `threads` contiguous ranges, each at least `grain` long.
    func forRanges(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
        let shares = max(1, min(threads, count / max(1, grain)))
        if shares == 1 {
            if count > 0 { body(0..<count) }
            return
        }
        forEachShare(shares) { i in
            let lo = count * i / shares
            let hi = count * (i + 1) / shares
            if lo < hi { body(lo..<hi) }
        }
    }
}
