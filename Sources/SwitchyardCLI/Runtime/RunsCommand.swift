import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List, show, follow and cancel runs; read their artifacts.",
        subcommands: [
            RunsList.self, RunsShow.self, RunsCancel.self, RunsEvents.self, RunsArtifacts.self, RunsWait.self,
        ])
}

enum RunPrinter {
    static func line(_ run: RunRecord) -> String {
        "\(run.id.padded(34)) \(run.workflow.padded(10)) \(run.status.rawValue.padded(12)) \(run.thread.padded(30)) \(run.created.iso8601)"
    }

    static func summary(_ run: RunRecord) {
        Output.line("run \(run.id): \(run.status)")
        if let interrupt = run.interrupt {
            Output.line("  waiting for approval: \(interrupt["title"]?.stringValue ?? "")")
            if let deliverable = interrupt["deliverable"]?.stringValue { Output.line(indent(deliverable)) }
        }
        if let code = run.errorCode { Output.line("  error \(code): \(run.errorMessage ?? "")") }
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}

func requireRun(_ env: RuntimeEnvironment, _ id: String) async throws -> RunRecord {
    guard let run = try await env.store.run(tenant: env.tenant, id: id) else {
        throw SwitchyardError(
            code: .runNotFound, message: "tenant '\(env.tenant)' has no run '\(id)'; see `switchyard runs list`")
    }
    return run
}

struct RunsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the tenant's runs, newest first.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Option(name: .long, help: "Only runs with this status.") var status: String?
    @Option(name: .long, help: "Only runs of this workflow.") var workflow: String?
    @Option(name: .long, help: "Most runs to show.") var limit = 50

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            var filter = RunFilter(workflow: workflow, limit: max(1, limit))
            if let status {
                guard let parsed = RunStatus(rawValue: status) else {
                    throw SwitchyardError(
                        code: .invalidArgument,
                        message: "--status '\(status)': use \(RunStatus.all.map(\.rawValue).joined(separator: ", "))")
                }
                filter.status = parsed
            }
            let runs = try await env.store.runs(tenant: env.tenant, filter: filter)
            if global.json {
                Output.json(["runs": .array(runs.map(\.json))])
            } else if runs.isEmpty {
                Output.line("no runs for tenant \(env.tenant)")
            } else {
                for run in runs { Output.line(RunPrinter.line(run)) }
            }
        }
    }
}

struct RunsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a run: status, input, output or interrupt, artifacts and per-node metrics."
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The run id.") var id: String

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let run = try await requireRun(env, id)
            let artifacts = try await env.store.artifacts(tenant: env.tenant, run: id)
            if global.json {
                guard case .object(var object) = run.json else { return }
                object["artifacts"] = .object(Dictionary(uniqueKeysWithValues: artifacts.map { ($0.name, $0.value) }))
                Output.json(.object(object))
                return
            }
            RunPrinter.summary(run)
            Output.line(
                "  workflow \(run.workflow) v\(run.workflowVersion) (\(run.workflowHash.prefix(12))) thread \(run.thread)"
            )
            if let metrics = artifacts.first(where: { $0.name == "metrics" }) {
                MetricsTable.print(metrics.value)
            }
        }
    }
}

/// The per-node table: latency, model calls, tokens, cost, cache status.
enum MetricsTable {
    static func print(_ metrics: JSONValue) {
        guard case .array(let rows) = metrics else { return }
        Output.line("  node        runs  seconds  calls  tokens in/out   cost USD  cache")
        for row in rows {
            let node = row["node"]?.stringValue ?? ""
            let seconds = row["seconds"]?.numberValue ?? 0
            let tokens = "\(row["prompt_tokens"]?.intValue ?? 0)/\(row["completion_tokens"]?.intValue ?? 0)"
            Output.line(
                "  \(node.padded(11)) \(String(row["runs"]?.intValue ?? 0).padded(5)) "
                    + "\(String(format: "%7.2f", seconds))  \(String(row["model_calls"]?.intValue ?? 0).padded(5)) "
                    + "\(tokens.padded(14)) \(String(format: "%9.5f", row["cost_usd"]?.numberValue ?? 0))  "
                    + "\(row["cache"]?.stringValue ?? "-")")
        }
    }
}

struct RunsCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a queued, running or waiting run (a running one stops at its next step).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The run id.") var id: String

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let run = try await env.store.cancel(tenant: env.tenant, id: id, now: Date())
            if global.json {
                Output.json(run.json)
            } else {
                Output.line("\(run.id): \(run.status)\(run.stopRequested ? " (stopping at its next step)" : "")")
            }
        }
    }
}

struct RunsWait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait", abstract: "Wait until a run finishes or stops for approval.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The run id.") var id: String
    @Flag(name: .long, help: "Print each node as it starts and ends.") var progress = false

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            var cursor =
                try await env.store.events(tenant: env.tenant, run: id, after: 0, limit: 100_000).last?.seq ?? 0
            let stopped: Set<RunStatus> = [.interrupted, .succeeded, .failed, .cancelled]
            while true {
                let run = try await requireRun(env, id)
                if progress && !global.json {
                    for event in try await env.store.events(tenant: env.tenant, run: id, after: cursor, limit: 500) {
                        cursor = event.seq
                        if let line = Self.progressLine(event) { Output.line("  [\(env.tenant)] \(line)") }
                    }
                }
                if stopped.contains(run.status) {
                    if global.json {
                        Output.json(run.json)
                    } else {
                        Output.line("[\(env.tenant)] run \(run.id): \(run.status)")
                    }
                    return
                }
                try await Task.sleep(for: .milliseconds(150))
            }
        }
    }

    static func progressLine(_ event: RunEvent) -> String? {
        let node = event.data["node"]?.stringValue ?? ""
        switch event.kind {
        case "node.start": return "\(node) …"
        case "node.end": return String(format: "\(node) done in %.2f s", event.data["seconds"]?.numberValue ?? 0)
        case "review":
            let pass = event.data["pass"]?.boolValue == true
            let issues = event.data["issues"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return
                "review: \(pass ? "pass" : "fail")\(issues.isEmpty ? "" : " — " + issues.prefix(2).joined(separator: "; "))"
        case "interrupt": return "waiting for approval"
        case "run.failed": return "failed: \(event.data["message"]?.stringValue ?? "")"
        default: return nil
        }
    }
}

struct RunsEvents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Print a run's events; with --follow, keep printing until it stops.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The run id.") var id: String
    @Option(name: .long, help: "Start after this event number.") var after = 0
    @Flag(name: .long, help: "Follow the run live until it finishes or stops for approval.") var follow = false

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            _ = try await requireRun(env, id)
            var cursor = after
            while true {
                let events = try await env.store.events(tenant: env.tenant, run: id, after: cursor, limit: 500)
                for event in events {
                    cursor = event.seq
                    if global.json {
                        Output.json([
                            "seq": .int(event.seq), "kind": .string(event.kind), "data": event.data,
                            "time": .string(event.time.iso8601),
                        ])
                    } else {
                        Output.line("\(String(event.seq).padded(5)) \(event.kind.padded(16)) \(Self.brief(event.data))")
                    }
                }
                guard follow else { return }
                if events.isEmpty {
                    let run = try await requireRun(env, id)
                    if run.status != .queued && run.status != .running {
                        let tail = try await env.store.events(tenant: env.tenant, run: id, after: cursor, limit: 1)
                        if tail.isEmpty { return }
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }

    static func brief(_ data: JSONValue) -> String {
        let text = data.jsonText
        return text.count > 160 ? String(text.prefix(157)) + "…" : text
    }
}

struct RunsArtifacts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "Print a run's artifacts (deliverable, classification, sources, reviews, metrics).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The run id.") var id: String
    @Option(name: .long, help: "Only this artifact.") var name: String?

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            _ = try await requireRun(env, id)
            let artifacts = try await env.store.artifacts(tenant: env.tenant, run: id).filter {
                name == nil || $0.name == name
            }
            if global.json {
                Output.json(.object(Dictionary(uniqueKeysWithValues: artifacts.map { ($0.name, $0.value) })))
            } else {
                for artifact in artifacts {
                    Output.line("== \(artifact.name)")
                    Output.line(artifact.value.stringValue ?? artifact.value.jsonText)
                }
            }
        }
    }
}
