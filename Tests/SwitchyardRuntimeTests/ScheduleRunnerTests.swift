import Foundation
import Synchronization
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage
import SwitchyardTesting
import Testing

@Suite struct ScheduleRunnerTests {
    typealias F = Fixture

    /// A clock tests move by hand.
    final class TestClock: Sendable {
        let time: Mutex<Date>
        init(_ start: Date) { time = Mutex(start) }
        var now: Date { time.withLock { $0 } }
        func set(_ date: Date) { time.withLock { $0 = date } }
    }

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func makeScheduleComputesTheFirstFiringAndValidates() throws {
        let schedule = try ScheduleRunner.makeSchedule(
            id: "s", tenant: nil, workflow: "agency", cron: " 0 9 * * MON ", timezone: "Europe/Berlin",
            now: Self.utc("2026-03-25T12:00:00Z"))
        #expect(schedule.nextFire == Self.utc("2026-03-30T07:00:00Z"))
        #expect(schedule.cron == "0 9 * * MON")
        #expect(throws: SwitchyardError.self) {
            try ScheduleRunner.makeSchedule(id: "s", tenant: nil, workflow: "w", cron: "0 9 * *", timezone: "UTC")
        }
        #expect(throws: SwitchyardError.self) {
            try ScheduleRunner.makeSchedule(id: "s", tenant: nil, workflow: "w", cron: "0 9 * * *", timezone: "Nowhere")
        }
    }

    @Test func missedFiringsFireOnceOnStartNotOncePerSlot() async throws {
        let store = try SQLiteStore(directory: RunStoreBackend.temporaryDirectory())
        try await F.tenants(store, ["acme"])
        let clock = TestClock(Self.utc("2026-03-02T00:00:00Z"))
        let schedule = try ScheduleRunner.makeSchedule(
            id: "daily", tenant: F.tenant("acme"), workflow: "agency", cron: "0 9 * * *", timezone: "Europe/Berlin",
            input: ["task": "report"], now: clock.now)
        try await store.createSchedule(schedule)
        let runner = ScheduleRunner(store: store, now: { clock.now })
        #expect(try await runner.tick().isEmpty)
        // Nothing ran for five days: one firing, for the oldest missed slot, then the next slot after now.
        clock.set(Self.utc("2026-03-07T10:00:00Z"))
        let firings = try await runner.tick()
        #expect(firings.count == 1)
        #expect(firings.first?.slot == Self.utc("2026-03-02T08:00:00Z"))
        #expect(firings.first?.next == Self.utc("2026-03-08T08:00:00Z"))
        #expect(try await runner.tick().isEmpty)
        let runs = try await store.runs(tenant: F.tenant("acme"), filter: RunFilter())
        #expect(runs.count == 1)
        #expect(runs.first?.input == ["task": "report"] && runs.first?.metadata["schedule"] == "daily")
        #expect(try await store.schedules(tenant: nil).first?.nextFire == Self.utc("2026-03-08T08:00:00Z"))
    }

    /// Schedule ids are per owner: a tenant's own schedule and an all-tenants one of the same id, due in the same
    /// slot, are two firings and two runs for that tenant, not one deduplicated by a shared idempotency key.
    @Test func aTenantsScheduleAndAnAllTenantsOneOfTheSameIDBothFire() async throws {
        let store = try SQLiteStore(directory: RunStoreBackend.temporaryDirectory())
        try await F.tenants(store, ["acme"])
        let clock = TestClock(Self.utc("2026-03-02T00:00:00Z"))
        for tenant in [F.tenant("acme"), nil] {
            try await store.createSchedule(
                try ScheduleRunner.makeSchedule(
                    id: "daily", tenant: tenant, workflow: "agency", cron: "0 9 * * *", timezone: "UTC",
                    input: ["task": "report"], now: clock.now))
        }
        let runner = ScheduleRunner(store: store, now: { clock.now })
        clock.set(Self.utc("2026-03-02T09:30:00Z"))
        #expect(try await runner.tick().count == 2)
        #expect(try await store.runs(tenant: F.tenant("acme"), filter: RunFilter()).count == 2)
    }

    @Test func allTenantsScheduleSubmitsOneRunPerTenantAndPausedOnesWait() async throws {
        let store = try SQLiteStore(directory: RunStoreBackend.temporaryDirectory())
        try await F.tenants(store, ["acme", "globex", "initech"])
        let clock = TestClock(Self.utc("2026-03-29T00:00:00Z"))
        try await store.createSchedule(
            try ScheduleRunner.makeSchedule(
                id: "audit", tenant: nil, workflow: "agency", cron: "30 2 * * *", timezone: "Europe/Berlin",
                now: clock.now))
        let runner = ScheduleRunner(store: store, now: { clock.now })
        // 02:30 does not exist on 29 March in Berlin: it fires at 03:00 CEST (01:00 UTC).
        clock.set(Self.utc("2026-03-29T00:59:00Z"))
        #expect(try await runner.tick().isEmpty)
        clock.set(Self.utc("2026-03-29T01:00:00Z"))
        let firing = try #require(try await runner.tick().first)
        #expect(firing.runs.count == 3 && firing.failures.isEmpty)
        for name in ["acme", "globex", "initech"] {
            #expect(try await store.runs(tenant: F.tenant(name), filter: RunFilter()).count == 1)
        }
        try await store.setSchedulePaused(tenant: nil, id: "audit", paused: true)
        clock.set(Self.utc("2026-03-31T00:00:00Z"))
        #expect(try await runner.tick().isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func twoSchedulersFireASlotOnce() async throws {
        let directory = RunStoreBackend.temporaryDirectory()
        let stores = try (0..<3).map { _ in try SQLiteStore(directory: directory) }
        try await F.tenants(stores[0], ["acme", "globex"])
        let clock = TestClock(Self.utc("2026-03-02T00:00:00Z"))
        for i in 0..<5 {
            try await stores[0].createSchedule(
                try ScheduleRunner.makeSchedule(
                    id: "s\(i)", tenant: nil, workflow: "agency", cron: "*/10 * * * *", timezone: "UTC",
                    now: clock.now))
        }
        clock.set(Self.utc("2026-03-02T00:10:00Z"))
        let fired = try await withThrowingTaskGroup(of: Int.self) { group in
            for store in stores {
                group.addTask { try await ScheduleRunner(store: store, now: { clock.now }).tick().count }
            }
            return try await group.reduce(0, +)
        }
        #expect(fired == 5)
        for name in ["acme", "globex"] {
            #expect(try await stores[1].runs(tenant: F.tenant(name), filter: RunFilter()).count == 5)
        }
    }

    @Test func aFailingTenantDoesNotStopTheOthers() async throws {
        let store = try SQLiteStore(directory: RunStoreBackend.temporaryDirectory())
        try await F.tenants(store, ["acme", "globex"])
        let clock = TestClock(Self.utc("2026-03-02T00:00:00Z"))
        try await store.createSchedule(
            try ScheduleRunner.makeSchedule(
                id: "s", tenant: nil, workflow: "agency", cron: "@hourly", timezone: "UTC", now: clock.now))
        clock.set(Self.utc("2026-03-02T01:00:00Z"))
        let runner = ScheduleRunner(
            store: store, now: { clock.now },
            prepare: { schedule, tenant, _ in
                // acme's runs go to one thread that already has an active run: thread_busy.
                RunSubmission(tenant: tenant, workflow: schedule.workflow, thread: "fixed", input: schedule.input)
            })
        _ = try await store.submit(F.submission("acme", thread: "fixed"), id: "blocker", now: clock.now)
        let firing = try #require(try await runner.tick().first)
        #expect(firing.runs.count == 1)
        #expect(firing.failures.keys.sorted() == ["acme"])
    }

    @Test func runtimeSchedulesAreCheckedVersionedAndTenantOwned() async throws {
        let store = try SQLiteStore(directory: RunStoreBackend.temporaryDirectory())
        try await F.tenants(store, ["acme", "globex"])
        let runtime = Runtime(store: store, checkpointer: store, catalog: try WorkflowCatalog.builtin())
        let clock = TestClock(Self.utc("2026-03-02T00:00:00Z"))
        // Bad input is refused before anything is saved.
        #expect(
            await errorCode {
                _ = try await runtime.createSchedule(tenant: F.tenant("acme"), workflow: "nope", cron: "@hourly")
            } == .unknownWorkflow)
        #expect(
            await errorCode {
                _ = try await runtime.createSchedule(
                    tenant: F.tenant("acme"), workflow: "agency", cron: "@hourly", input: ["request": 1])
            } == .invalidInput)
        #expect(
            await errorCode {
                _ = try await runtime.createSchedule(
                    tenant: F.tenant("acme"), workflow: "agency", cron: "61 * * * *", input: ["request": "audit"])
            } == .invalidCron)
        #expect(try await runtime.schedules(tenant: nil).isEmpty)

        let schedule = try await runtime.createSchedule(
            tenant: F.tenant("acme"), id: "audit", workflow: "agency", cron: "0 9 * * MON", timezone: "Europe/Berlin",
            input: ["request": "the weekly SEO audit"], now: clock.now)
        // Another tenant cannot see, pause or delete it: the same error as for no schedule at all.
        #expect(try await runtime.schedules(tenant: F.tenant("globex")).isEmpty)
        #expect(
            await errorCode {
                try await runtime.setSchedulePaused(tenant: F.tenant("globex"), id: "audit", paused: true)
            }
                == .scheduleNotFound)
        #expect(
            await errorCode { try await runtime.deleteSchedule(tenant: F.tenant("globex"), id: "audit") }
                == .scheduleNotFound)
        #expect(try await runtime.schedules(tenant: nil).first?.paused == false)

        // A firing goes through the runtime: the run carries the workflow's version and hash and a run.created event.
        clock.set(schedule.nextFire.addingTimeInterval(1))
        let firing = try #require(try await runtime.scheduler(now: { clock.now }).tick().first)
        let runID = try #require(firing.runs.first)
        let run = try #require(try await store.run(tenant: F.tenant("acme"), id: runID))
        #expect(run.workflowHash == (try WorkflowCatalog.builtin().workflow("agency").hash))
        #expect(run.metadata["schedule"] == "audit")
        #expect(
            try await store.events(tenant: F.tenant("acme"), run: run.id, after: 0, limit: 10).first?.kind
                == "run.created")

        try await runtime.setSchedulePaused(tenant: F.tenant("acme"), id: "audit", paused: true)
        #expect(try await runtime.schedules(tenant: F.tenant("acme")).first?.paused == true)
        try await runtime.deleteSchedule(tenant: F.tenant("acme"), id: "audit")
        #expect(try await runtime.schedules(tenant: nil).isEmpty)
        #expect(await errorCode { try await runtime.deleteSchedule(tenant: nil, id: "audit") } == .scheduleNotFound)
    }
}
