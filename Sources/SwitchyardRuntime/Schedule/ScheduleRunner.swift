import Foundation
import SwitchyardCore

/// Fires due schedules through the run queue: each firing submits runs (one per tenant for an all-tenants
/// schedule), so a 09:00 burst for many tenants is shared fairly by the queue.
///
/// Exactly once per slot, across processes: each run is submitted with the idempotency key
/// `schedule:<id>:<slot>` (a second scheduler, or this one after a crash, gets the same run back), and the
/// schedule then moves to its next slot by ``RunStore/advanceSchedule(tenant:id:expected:next:)`` compare-and-set. A
/// schedule whose firings were missed while nothing ran fires once, for its oldest missed slot, and moves past
/// now: not once per missed slot.
public struct ScheduleRunner: Sendable {
    /// Builds the submission for one tenant of a firing (the workflow's version and hash, a thread …).
    public typealias Prepare =
        @Sendable (_ schedule: ScheduleRecord, _ tenant: TenantID, _ slot: Date) async throws ->
        RunSubmission
    /// Queues one run (``Runtime/enqueue(_:id:now:)``, or the store's own submit).
    public typealias Submit =
        @Sendable (_ submission: RunSubmission, _ id: String, _ now: Date) async throws -> SubmitResult

    let store: any RunStore
    let now: @Sendable () -> Date
    let makeRunID: @Sendable (Date) -> String
    let prepare: Prepare
    let submit: Submit

    /// A runner over `store`.
    /// - Parameters:
    ///   - store: where schedules live and runs are submitted.
    ///   - now: the clock (fixed in tests).
    ///   - makeRunID: new run ids (``RunID/make(now:)`` by default).
    ///   - prepare: the submission for a tenant; by default the schedule's workflow and input on a new thread
    ///     with `metadata.schedule` and `metadata.slot` set. The runner sets the idempotency key itself.
    ///   - submit: queues a run; the store's `submit` by default (``Runtime/scheduler(now:)`` passes its own).
    public init(
        store: any RunStore, now: @escaping @Sendable () -> Date = { Date() },
        makeRunID: @escaping @Sendable (Date) -> String = { RunID.make(now: $0) }, prepare: Prepare? = nil,
        submit: Submit? = nil
    ) {
        self.store = store
        self.now = now
        self.makeRunID = makeRunID
        self.prepare = prepare ?? Self.defaultSubmission
        self.submit = submit ?? { submission, id, now in try await store.submit(submission, id: id, now: now) }
    }

    /// Fires every unpaused schedule whose `nextFire` has come, once each.
    /// - Returns: what each firing did (runs submitted, tenants that failed), in schedule order.
    /// - Throws: store errors; a schedule with a bad cron or time zone, or a tenant whose submit fails, is
    ///   reported in its ``ScheduleFiring`` and does not stop the others.
    public func tick() async throws -> [ScheduleFiring] {
        let current = now()
        var firings: [ScheduleFiring] = []
        for schedule in try await store.schedules(tenant: nil) where !schedule.paused && schedule.nextFire <= current {
            if let firing = try await fire(schedule, now: current) { firings.append(firing) }
        }
        return firings
    }

    /// Ticks every `interval` until the task is cancelled; a tick that fails (a busy store) is reported to
    /// `onError` and retried at the next interval.
    /// - Parameters:
    ///   - interval: Time between ticks.
    ///   - onError: Receives each failed tick's error.
    /// - Throws: `CancellationError` when cancelled while waiting for the next tick (a tick's own errors go to
    ///   `onError`).
    public func run(
        every interval: Duration = .seconds(15), onError: @Sendable (any Error) -> Void = { _ in }
    ) async throws {
        while !Task.isCancelled {
            do {
                _ = try await tick()
            } catch is CancellationError {
                return
            } catch {
                onError(error)
            }
            try await Task.sleep(for: interval)
        }
    }

    func fire(_ schedule: ScheduleRecord, now current: Date) async throws -> ScheduleFiring? {
        let slot = schedule.nextFire
        let next: Date
        do {
            let cron = try CronExpression(parsing: schedule.cron)
            let zone = try CronExpression.timeZone(named: schedule.timezone)
            next = cron.nextFire(after: max(current, slot), in: zone) ?? .distantFuture
        } catch {
            return ScheduleFiring(schedule: schedule.id, slot: slot, next: nil, failures: ["*": error.message])
        }
        let tenants: [TenantID]
        if let tenant = schedule.tenant {
            tenants = [tenant]
        } else {
            tenants = try await store.tenants().map(\.id)
        }
        var firing = ScheduleFiring(schedule: schedule.id, slot: slot, next: next)
        // Ids are per owner: a tenant's own schedule and an all-tenants one of the same id are two keys.
        let owner = schedule.tenant.map { "\($0)/" } ?? ""
        let key = "schedule:\(owner)\(schedule.id):\(Int(slot.timeIntervalSince1970))"
        for tenant in tenants {
            do {
                var submission = try await prepare(schedule, tenant, slot)
                submission.idempotencyKey = key
                let result = try await submit(submission, makeRunID(current), current)
                firing.runs.append(result.run.id)
            } catch {
                firing.failures[tenant.rawValue] = (error as? SwitchyardError)?.message ?? "\(error)"
            }
        }
        guard try await store.advanceSchedule(tenant: schedule.tenant, id: schedule.id, expected: slot, next: next)
        else { return nil }
        return firing
    }

    @Sendable static func defaultSubmission(
        _ schedule: ScheduleRecord, _ tenant: TenantID, _ slot: Date
    ) async throws -> RunSubmission {
        RunSubmission(
            tenant: tenant, workflow: schedule.workflow, input: schedule.input,
            metadata: ["schedule": .string(schedule.id), "slot": .string(slot.iso8601)])
    }

    /// A new schedule record with its first firing computed after `now`.
    /// - Parameters:
    ///   - id: The schedule's id.
    ///   - tenant: One tenant, or nil for every tenant.
    ///   - workflow: The workflow each firing submits.
    ///   - cron: A five-field cron expression.
    ///   - timezone: The IANA time zone the cron fields are read in.
    ///   - input: The input of each run.
    ///   - now: The creation time; the first firing is after it.
    /// - Throws: `invalid_cron` or `unknown_timezone`.
    public static func makeSchedule(
        id: String, tenant: TenantID?, workflow: String, cron: String, timezone: String = "UTC",
        input: JSONValue = .object([:]), now: Date = Date()
    ) throws(SwitchyardError) -> ScheduleRecord {
        let expression = try CronExpression(parsing: cron)
        let zone = try CronExpression.timeZone(named: timezone)
        return ScheduleRecord(
            id: id, tenant: tenant, workflow: workflow, cron: expression.source, timezone: timezone, input: input,
            nextFire: expression.nextFire(after: now, in: zone) ?? .distantFuture, created: now)
    }
}

/// What one firing of a schedule did.
public struct ScheduleFiring: Sendable, Hashable {
    /// The schedule's id.
    public var schedule: String
    /// The slot fired (the schedule's `nextFire` before the firing).
    public var slot: Date
    /// Where the schedule moved; `nil` when its cron or time zone could not be read (it did not move).
    public var next: Date?
    /// The runs submitted (existing ones when this slot had already been submitted).
    public var runs: [String]
    /// Tenants whose submit failed, with the reason (`*` for the whole schedule).
    public var failures: [String: String]

    /// What one firing did.
    /// - Parameters:
    ///   - schedule: The schedule's id.
    ///   - slot: The slot fired.
    ///   - next: Where the schedule moved; nil when it did not move.
    ///   - runs: The runs submitted.
    ///   - failures: Tenants whose submit failed, with the reason.
    public init(schedule: String, slot: Date, next: Date?, runs: [String] = [], failures: [String: String] = [:]) {
        self.schedule = schedule
        self.slot = slot
        self.next = next
        self.runs = runs
        self.failures = failures
    }
}
