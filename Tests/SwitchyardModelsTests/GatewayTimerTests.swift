import Logging
import ServiceLifecycle
import SwitchyardCore
import SwitchyardModels
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1))) struct GatewayTimerTests {
    @Test func cancelledEntriesAreForgottenAndTheHeapStaysSmall() {
        let timer = GatewayTimer()
        let ran = Atomic<Int>(0)
        var ids: [GatewayTimer.ID] = []
        for _ in 0..<10_000 {
            ids.append(timer.schedule(after: .seconds(3600)) { ran.add(1, ordering: .relaxed) })
        }
        #expect(timer.counts.live == 10_000)
        for id in ids { timer.cancel(id) }
        #expect(timer.counts.live == 0)
        #expect(timer.counts.heap <= 64)
        #expect(ran.load(ordering: .relaxed) == 0)
    }

    @Test func dueEntriesRunOnceInDeadlineOrderAndCancelledOnesNever() async throws {
        let timer = GatewayTimer()
        let fired = Mutex<[Int]>([])
        try await timer.withRunning {
            let late = timer.schedule(after: .milliseconds(40)) { fired.withLock { $0.append(2) } }
            timer.schedule(after: .milliseconds(5)) { fired.withLock { $0.append(1) } }
            let cancelled = timer.schedule(after: .milliseconds(20)) { fired.withLock { $0.append(3) } }
            timer.cancel(cancelled)
            while fired.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(30))
            timer.cancel(late)  // already ran: a no-op
        }
        #expect(fired.withLock { $0 } == [1, 2])
        #expect(timer.counts.live == 0)
    }

    /// The loop sleeps until the earliest deadline; an earlier one scheduled meanwhile wakes it.
    @Test func anEarlierDeadlineWakesTheSleepingLoop() async throws {
        let timer = GatewayTimer()
        let fired = OneShot()
        try await timer.withRunning {
            timer.schedule(after: .seconds(3600)) {}
            try await Task.sleep(for: .milliseconds(20))  // the loop now sleeps for an hour
            timer.schedule(after: .milliseconds(10)) { fired.set() }
            let start = ContinuousClock.now
            while !fired.isSet { try await Task.sleep(for: .milliseconds(5)) }
            #expect(ContinuousClock.now - start < .seconds(30))
        }
    }

    @Test func entriesScheduledBeforeTheLoopStartsFireOnceItRuns() async throws {
        let timer = GatewayTimer()
        let fired = OneShot()
        timer.schedule(after: .zero) { fired.set() }
        #expect(!timer.isRunning)
        try await timer.withRunning {
            while !fired.isSet { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(fired.isSet)
    }

    @Test func aTimerThatNeverRunsIsAnErrorNotAHang() async throws {
        let timer = GatewayTimer()
        await #expect {
            try await timer.awaitRunning(patience: .milliseconds(50))
        } throws: { ($0 as? SwitchyardError)?.code == .serviceNotRunning }
    }

    /// As a service: runs in a `ServiceGroup` and ends when the group shuts down gracefully.
    @Test func runsAndStopsInAServiceGroup() async throws {
        let timer = GatewayTimer()
        let group = ServiceGroup(services: [timer], logger: Logger(label: "test"))
        let fired = OneShot()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await timer.awaitRunning()
            timer.schedule(after: .milliseconds(5)) { fired.set() }
            while !fired.isSet { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(!timer.isRunning)
        await #expect {
            try await timer.awaitRunning(patience: .zero)
        } throws: { ($0 as? SwitchyardError)?.code == .serviceNotRunning }
    }
}

/// A flag for the tests' timer actions.
final class OneShot: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}
