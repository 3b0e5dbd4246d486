import Foundation
import Synchronization

/// A fixed set of worker threads that run one data-parallel job at a time (the matrix kernels).
///
/// `run` hands the job to every worker and runs share 0 on the calling thread. Workers spin briefly
/// between jobs (a forward pass issues hundreds of small jobs per token, so a sleep/wake per job would
/// dominate) and then sleep on a condition until the next job. One job at a time: callers serialize
/// (`InferenceModel` holds a lock around a forward pass).
///
/// The job counters are `Atomic`s; parking is an `NSCondition`, the one lock here not from Synchronization:
/// `Mutex` has no wait/signal to park a thread on, and a futex of our own would be per-platform code for no gain
/// (a worker parks only after 50,000 empty spins, off the per-job path).
// @unchecked: `job` is published by `generation`'s releasing add and read after its acquiring load; `sleeping` and
// `stopping` are touched only under `condition`.
public final class ComputePool: @unchecked Sendable {
    /// Number of shares a job is split into (worker threads + the caller).
    public let threadCount: Int
    private let generation = Atomic<Int>(0)
    private let remaining = Atomic<Int>(0)
    private let condition = NSCondition()
    private var sleeping = 0
    private var stopping = false
    private var job: ((Int) -> Void)?

    /// Creates a pool with `threads` shares (default: every active core).
    ///
    /// - Parameter threads: Shares per job; `threads - 1` worker threads are started.
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        threadCount = max(1, threads)
        for i in 1..<threadCount {
            let t = Thread { [unowned self] in self.workerLoop(index: i) }
            t.name = "switchyard-compute-\(i)"
            t.stackSize = 1 << 20
            t.start()
        }
    }

    deinit {
        // Workers hold `unowned self`; they exit only after `stop()`. A pool lives as long as its model.
    }

    /// Stops the worker threads; the pool must not be used afterwards.
    public func stop() {
        condition.lock()
        stopping = true
        condition.unlock()
        generation.add(1, ordering: .releasing)
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body(share)` for every share in `0..<threadCount` in parallel and returns when all finished.
    ///
    /// - Parameter body: The job, called once per share with the share's index.
    public func run(_ body: (Int) -> Void) {
        if threadCount == 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { b in
            job = b
            remaining.store(threadCount - 1, ordering: .releasing)
            generation.add(1, ordering: .releasing)
            condition.lock()
            if sleeping > 0 { condition.broadcast() }
            condition.unlock()
            b(0)
            // Spin for the other shares; on a machine with more runnable threads than cores a share may have
            // been preempted, so after a while give the core away instead of burning the time slice it needs.
            var spins = 0
            while remaining.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins & 1023 == 0 { sched_yield() } else { spinHint() }
            }
            job = nil
        }
    }

    /// Splits `0..<count` into `threadCount` contiguous ranges and runs `body(range)` for each in parallel.
    ///
    /// - Parameters:
    ///   - count: The size of the range to split.
    ///   - minimumPerShare: Fewer shares are used when a share would get less than this.
    ///   - body: Called once per non-empty range.
    public func parallelFor(_ count: Int, minimumPerShare: Int = 1, _ body: (Range<Int>) -> Void) {
        let shares = min(threadCount, max(1, count / max(1, minimumPerShare)))
        if shares <= 1 {
            body(0..<count)
            return
        }
        run { i in
            guard i < shares else { return }
            let lo = count * i / shares, hi = count * (i + 1) / shares
            if lo < hi { body(lo..<hi) }
        }
    }

    private func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < 50_000 {
                    if spins & 1023 == 0 { sched_yield() } else { spinHint() }
                } else {
                    condition.lock()
                    sleeping += 1
                    while generation.load(ordering: .acquiring) == seen && !stopping { condition.wait() }
                    sleeping -= 1
                    condition.unlock()
                }
            }
            seen = generation.load(ordering: .acquiring)
            condition.lock()
            let stop = stopping
            condition.unlock()
            if stop { return }
            job?(index)
            remaining.subtract(1, ordering: .releasing)
        }
    }
}

/// Busy-wait step. (`_mm_pause` is not linkable from Swift on Linux; an empty spin is fine at these
/// wait lengths.)
@inline(__always) func spinHint() {}
