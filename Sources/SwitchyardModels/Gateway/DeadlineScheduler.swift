import Foundation
import HeapModule

/// Deadlines for many concurrent calls on one timer thread.
///
/// A `Task.sleep` raced against each provider call keeps its timer (and the sleeping task's memory) alive until
/// the deadline on Linux even after it is cancelled, so a busy gateway with a 120 s timeout held ~180 MB of dead
/// timers at 2,000 requests/s (docs/gateway-bench.md). Here a deadline is a heap entry of a few bytes that
/// `cancel` forgets at once; cancelled entries left in the heap are dropped when they surface or when they
/// outnumber the live ones.
public final class DeadlineScheduler: @unchecked Sendable {
    /// The process's scheduler; its thread starts on first use.
    public static let shared = DeadlineScheduler()

    /// A scheduler of its own (tests); most code uses ``shared``.
    public init() {}

    private struct Entry: Comparable {
        var deadline: UInt64
        var id: UInt64
        static func < (a: Entry, b: Entry) -> Bool { (a.deadline, a.id) < (b.deadline, b.id) }
    }

    /// Guards everything below; the timer thread waits on it.
    private let condition = NSCondition()
    private var heap = Heap<Entry>()
    private var actions: [UInt64: (deadline: UInt64, run: @Sendable () -> Void)] = [:]
    private var nextID: UInt64 = 0
    private var started = false

    /// Runs `action` on the timer thread after `delay`, unless `cancel` is called first. Returns its id.
    public func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        let c = delay.components
        let nanos = max(0, c.seconds) * 1_000_000_000 + max(0, c.attoseconds) / 1_000_000_000
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(clamping: nanos)
        condition.lock()
        defer { condition.unlock() }
        nextID += 1
        let entry = Entry(deadline: deadline, id: nextID)
        actions[entry.id] = (deadline, action)
        let earliest = heap.min.map { entry < $0 } ?? true
        heap.insert(entry)
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = "switchyard-deadlines"
            thread.start()
        } else if earliest {
            condition.signal()
        }
        return entry.id
    }

    /// Forgets a deadline; its action will not run (a no-op when it already ran).
    public func cancel(_ id: UInt64) {
        condition.lock()
        defer { condition.unlock() }
        actions[id] = nil
        if heap.count > 2 * actions.count + 64 {
            heap = Heap(actions.map { Entry(deadline: $0.value.deadline, id: $0.key) })
        }
    }

    /// Live deadlines and heap entries (live plus cancelled ones not yet dropped), for tests and metrics.
    public var counts: (live: Int, heap: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (actions.count, heap.count)
    }

    private func run() {
        condition.lock()
        while true {
            guard let top = heap.min else {
                condition.wait()
                continue
            }
            guard let action = actions[top.id] else {
                heap.removeMin()
                continue
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if top.deadline <= now {
                heap.removeMin()
                actions[top.id] = nil
                condition.unlock()
                action.run()
                condition.lock()
            } else {
                _ = condition.wait(until: Date(timeIntervalSinceNow: Double(top.deadline - now) / 1e9))
            }
        }
    }
}
