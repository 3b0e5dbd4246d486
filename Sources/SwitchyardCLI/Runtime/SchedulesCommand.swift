import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardRuntime

/// `switchyard schedules`: workflows fired on a calendar, through the same fair queue as every run.
struct SchedulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "Run workflows on a calendar (cron), for one tenant or all of them.",
        discussion: """
            A worker (`switchyard worker`) fires due schedules; each firing queues one run per tenant through the \
            fair queue. A firing missed while no worker ran is run once on start, not once per missed slot.
            """,
        subcommands: [
            SchedulesCreate.self, SchedulesList.self, SchedulesPause.self, SchedulesResume.self, SchedulesDelete.self,
            SchedulesTick.self,
        ])
}

struct SchedulesCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a schedule: WORKFLOW on a cron expression.",
        discussion: "Example: schedules create agency --all-tenants --cron '0 9 * * 1' --timezone Europe/Berlin")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The workflow each firing runs.") var workflow: String
    @Option(name: .long, help: "Five cron fields: minute hour day-of-month month day-of-week.") var cron: String
    @Option(name: .long, help: "The IANA time zone the cron fields are read in.") var timezone = "UTC"
    @Option(name: .long, help: "Each run's input: a JSON object, or @file.json.") var input = "{}"
    @Option(name: .long, help: "The schedule's id (a new one by default).") var id: String?
    @Flag(name: .long, help: "Fire for every tenant (instead of --tenant).") var allTenants = false

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            if allTenants && global.tenant != nil {
                throw SwitchyardError(
                    code: .invalidArgument, message: "give either --tenant or --all-tenants, not both")
            }
            let schedule = try await env.runtime.createSchedule(
                tenant: allTenants ? nil : env.tenant, id: id, workflow: workflow, cron: cron, timezone: timezone,
                input: try readJSONArgument(input, name: "--input"))
            if global.json { Output.json(schedule.json) } else { Output.line("created \(schedule.line)") }
        }
    }
}

struct SchedulesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List schedules (a tenant's with --tenant, else all of the data dir's).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let schedules = try await env.runtime.schedules(tenant: global.tenant == nil ? nil : env.tenant)
            if global.json {
                Output.json(["schedules": .array(schedules.map(\.json))])
            } else if schedules.isEmpty {
                Output.line("no schedules; create one with `switchyard schedules create WORKFLOW --cron …`")
            } else {
                for schedule in schedules { Output.line(schedule.line) }
            }
        }
    }
}

/// Pause, resume and delete: one schedule by id, owned by `--tenant` when it is given.
struct ScheduleAction: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The schedule's id (see `schedules list`).") var id: String

    func perform(
        _ body: @escaping (Runtime, TenantID?, String) async throws -> ScheduleRecord?, done: String
    )
        async throws
    {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let schedule = try await body(env.runtime, global.tenant == nil ? nil : env.tenant, id)
            if global.json {
                Output.json(schedule?.json ?? ["schedule_id": .string(id), "deleted": true])
            } else {
                Output.line("\(done) \(schedule?.line ?? id)")
            }
        }
    }
}

struct SchedulesPause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop a schedule from firing.")
    @OptionGroup var action: ScheduleAction

    func run() async throws {
        try await action.perform({ try await $0.setSchedulePaused(tenant: $1, id: $2, paused: true) }, done: "paused")
    }
}

struct SchedulesResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Let a paused schedule fire.")
    @OptionGroup var action: ScheduleAction

    func run() async throws {
        try await action.perform({ try await $0.setSchedulePaused(tenant: $1, id: $2, paused: false) }, done: "resumed")
    }
}

struct SchedulesDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a schedule.")
    @OptionGroup var action: ScheduleAction

    func run() async throws {
        try await action.perform(
            {
                try await $0.deleteSchedule(tenant: $1, id: $2)
                return nil
            }, done: "deleted")
    }
}

/// Fires what is due now, once, without a worker (a worker does this every 15 s).
struct SchedulesTick: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick", abstract: "Fire the schedules that are due now (workers do this on their own).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let firings = try await env.runtime.scheduler().tick()
            if global.json {
                Output.json([
                    "firings": .array(
                        firings.map { firing in
                            [
                                "schedule_id": .string(firing.schedule), "slot": .string(firing.slot.iso8601),
                                "next_fire_at": firing.next.map { .string($0.iso8601) } ?? .null,
                                "runs": .array(firing.runs.map(JSONValue.string)),
                                "failures": .object(firing.failures.mapValues(JSONValue.string)),
                            ]
                        })
                ])
            } else if firings.isEmpty {
                Output.line("nothing due")
            } else {
                for firing in firings {
                    let failed = firing.failures.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "; ")
                    Output.line(
                        "\(firing.schedule): queued \(firing.runs.count) run(s)\(failed.isEmpty ? "" : ", failed \(failed)")"
                    )
                }
            }
        }
    }
}

extension ScheduleRecord {
    var line: String {
        let who = tenant?.rawValue ?? "(all tenants)"
        let state = paused ? "paused" : "next \(nextFire.iso8601)"
        return "\(id.padded(28)) \(workflow.padded(12)) \(who.padded(16)) '\(cron)' \(timezone)  \(state)"
    }
}
