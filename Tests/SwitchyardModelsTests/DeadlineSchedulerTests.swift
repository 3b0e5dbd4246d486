import Foundation
import Synchronization
import SwitchyardModels
import Testing

@Suite struct DeadlineSchedulerTests {
    @Test func cancelledDeadlinesAreForgottenAndTheHeapStaysSmall() {
        let scheduler = DeadlineScheduler()
        let ran = Atomic<Int>(0)
        var ids: [UInt64] = []
        for _ in 0..<10_000 {
            ids.append(scheduler.schedule(after: .seconds(3600)) { ran.add(1, ordering: .relaxed) })
        }
        #expect(scheduler.counts.live == 10_000)
        for id in ids { scheduler.cancel(id) }
        #expect(scheduler.counts.live == 0)
        #expect(scheduler.counts.heap <= 64)
        #expect(ran.load(ordering: .relaxed) == 0)
    }

    @Test func dueDeadlinesRunOnceAndCancelledOnesNever() async throws {
        let scheduler = DeadlineScheduler()
        let fired = Mutex<[Int]>([])
        let late = scheduler.schedule(after: .milliseconds(20)) { fired.withLock { $0.append(2) } }
        _ = scheduler.schedule(after: .milliseconds(5)) { fired.withLock { $0.append(1) } }
        let cancelled = scheduler.schedule(after: .milliseconds(10)) { fired.withLock { $0.append(3) } }
        scheduler.cancel(cancelled)
        while fired.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(30))
        #expect(fired.withLock { $0 } == [1, 2])
        scheduler.cancel(late)  // already ran: a no-op
        #expect(scheduler.counts.live == 0)
    }
}
