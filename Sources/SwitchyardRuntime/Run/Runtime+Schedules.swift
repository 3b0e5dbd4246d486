import Foundation
import SwitchyardCore

extension Runtime {
    /// Creates a schedule after checking its workflow, input, cron expression and time zone.
    /// - Parameters:
    ///   - tenant: the one tenant it fires for, or `nil` for every tenant.
    ///   - id: the schedule's id; a new one when `nil`.
    ///   - workflow: the workflow each firing runs.
    ///   - cron: five cron fields (minute hour day-of-month month day-of-week).
    ///   - timezone: an IANA time zone the fields are read in.
    ///   - input: each run's input.
    ///   - now: the clock, for the first firing.
    /// - Throws: `unknown_workflow`, `invalid_input`, `invalid_cron`, `unknown_timezone`, `unknown_tenant`,
    ///   `schedule_exists`. Nothing is saved on error.
    public func createSchedule(
        tenant: TenantID?, id: String? = nil, workflow: String, cron: String, timezone: String = "UTC",
        input: JSONValue = .object([:]), now: Date = Date()
    ) async throws -> ScheduleRecord {
        _ = try submission(tenant: tenant ?? TenantID.default, workflow: workflow, input: input, thread: nil)
        let schedule = try ScheduleRunner.makeSchedule(
            id: id ?? RunID.make("sched", now: now), tenant: tenant, workflow: workflow, cron: cron,
            timezone: timezone, input: input, now: now)
        try await store.createSchedule(schedule)
        return schedule
    }

    /// The schedules a tenant sees (its own), or every schedule when `tenant` is `nil` (an operator's view).
    /// - Parameter tenant: Whose schedules; nil for all.
    /// - Throws: The store's errors.
    public func schedules(tenant: TenantID?) async throws -> [ScheduleRecord] {
        try await store.schedules(tenant: tenant)
    }

    /// Pauses or resumes a schedule the tenant owns (any schedule when `tenant` is `nil`).
    /// - Parameters:
    ///   - tenant: The owner; nil for any schedule.
    ///   - id: The schedule's id.
    ///   - paused: True pauses, false resumes.
    /// - Throws: `schedule_not_found`, also for another tenant's schedule.
    @discardableResult
    public func setSchedulePaused(tenant: TenantID?, id: String, paused: Bool) async throws -> ScheduleRecord {
        var schedule = try await ownedSchedule(tenant: tenant, id: id)
        try await store.setSchedulePaused(tenant: schedule.tenant, id: id, paused: paused)
        schedule.paused = paused
        return schedule
    }

    /// Deletes a schedule the tenant owns (any schedule when `tenant` is `nil`).
    /// - Parameters:
    ///   - tenant: The owner; nil for any schedule.
    ///   - id: The schedule's id.
    /// - Throws: `schedule_not_found`, also for another tenant's schedule.
    public func deleteSchedule(tenant: TenantID?, id: String) async throws {
        let schedule = try await ownedSchedule(tenant: tenant, id: id)
        guard try await store.deleteSchedule(tenant: schedule.tenant, id: id) else { throw Self.scheduleNotFound(id) }
    }

    /// A scheduler that fires due schedules through ``enqueue(_:id:now:)``, so scheduled runs are checked,
    /// versioned and recorded like any other.
    /// - Parameter now: The clock the scheduler reads.
    public func scheduler(now: @escaping @Sendable () -> Date = { Date() }) -> ScheduleRunner {
        let runtime = self
        return ScheduleRunner(
            store: store, now: now,
            prepare: { schedule, tenant, slot in
                try runtime.submission(
                    tenant: tenant, workflow: schedule.workflow, input: schedule.input, thread: nil,
                    metadata: [
                        "schedule": .string(schedule.id), "slot": .string(slot.iso8601),
                    ])
            },
            submit: { submission, id, now in try await runtime.enqueue(submission, id: id, now: now) })
    }

    private func ownedSchedule(tenant: TenantID?, id: String) async throws -> ScheduleRecord {
        let visible = try await store.schedules(tenant: tenant)
        guard let schedule = visible.first(where: { $0.id == id }) else { throw Self.scheduleNotFound(id) }
        return schedule
    }

    private static func scheduleNotFound(_ id: String) -> SwitchyardError {
        SwitchyardError(
            code: .scheduleNotFound,
            message: "there is no schedule \(id.quotedExcerpt()); list them with `switchyard schedules list`")
    }
}
