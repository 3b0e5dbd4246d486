import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage

struct ApprovalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals", abstract: "List runs waiting for a person; approve, reject or edit them.",
        subcommands: [ApprovalsList.self, ApprovalsApprove.self, ApprovalsReject.self, ApprovalsEdit.self])
}

struct ApprovalsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The tenant's runs waiting for approval.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let runs = try await env.runtime.approvals(tenant: env.tenant)
            if global.json {
                Output.json([
                    "approvals": .array(
                        runs.map {
                            [
                                "run_id": .string($0.id), "workflow": .string($0.workflow),
                                "interrupt": $0.interrupt ?? .null,
                            ]
                        })
                ])
            } else if runs.isEmpty {
                Output.line("nothing waiting for tenant \(env.tenant)")
            } else {
                for run in runs { RunPrinter.summary(run) }
            }
        }
    }
}

/// Sends one decision; the three subcommands share it.
func decide(
    _ global: GlobalOptions, _ runtimeOptions: RuntimeOptions, run id: String, decision: String, comment: String?,
    text: String?
) async throws {
    try await runRuntimeCommand(global, runtimeOptions) { env in
        var body = text
        if let text, text.hasPrefix("@") {
            let path = String(text.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SwitchyardError(code: .fileNotFound, message: "--text: cannot read \(path)")
            }
            body = String(decoding: data, as: UTF8.self)
        }
        let answer = try ApprovalDecision(decision: decision, comment: comment, text: body)
        let run = try await env.runtime.decide(tenant: env.tenant, run: id, decision: answer)
        if global.json {
            Output.json(run.json)
        } else {
            Output.line("\(run.id): \(decision) recorded; the run is \(run.status) again")
        }
    }
}

struct ApprovalsApprove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a waiting run.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The run id.") var id: String
    @Option(name: .long, help: "A note kept with the decision.") var comment: String?

    func run() async throws {
        try await decide(global, runtimeOptions, run: id, decision: "approve", comment: comment, text: nil)
    }
}

struct ApprovalsReject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a waiting run with a comment (it goes where the workflow says).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The run id.") var id: String
    @Option(name: .long, help: "What to change (required).") var comment: String?

    func run() async throws {
        try await decide(global, runtimeOptions, run: id, decision: "reject", comment: comment, text: nil)
    }
}

struct ApprovalsEdit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Replace the deliverable with your text and approve.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The run id.") var id: String
    @Option(name: .long, help: "The new deliverable, or @file.") var text: String?
    @Option(name: .long, help: "A note kept with the decision.") var comment: String?

    func run() async throws {
        try await decide(global, runtimeOptions, run: id, decision: "edit", comment: comment, text: text)
    }
}

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Model usage and cost of the tenant, grouped by model, run, node or day.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Option(name: .long, help: "How far back: 7d, 24h, 30d …") var since = "30d"
    @Option(name: .long, help: "Group by model, run, node or day.") var by = "model"

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            guard let grouping = UsageGrouping(rawValue: by) else {
                throw SwitchyardError(code: .invalidArgument, message: "--by '\(by)': use model, run, node or day")
            }
            let start = Date().addingTimeInterval(-(try parseSpan(since, name: "--since")))
            let totals = try await env.store.usage(tenant: env.tenant, since: start, by: grouping)
            if global.json {
                Output.json([
                    "tenant": .string(env.tenant.rawValue), "by": .string(by),
                    "usage": .array(totals.map { $0.json(by: grouping) }),
                ])
            } else if totals.isEmpty {
                Output.line("no usage for tenant \(env.tenant) since \(start.iso8601)")
            } else {
                for total in totals {
                    Output.line(
                        "\(total.group.padded(36)) \(String(total.calls).padded(6)) calls  "
                            + "\(total.promptTokens)/\(total.completionTokens) tokens  "
                            + String(format: "$%.5f", total.costUSD))
                }
            }
        }
    }
}
