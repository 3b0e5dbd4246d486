import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardGraph

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run the built-in demos.", subcommands: [DemoGraphCommand.self])
}

struct DemoGraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Run the demo report workflow: a research fan-out, a draft/critic cycle and an approval interrupt.",
        discussion: """
            Every step is checkpointed in the data dir. When the run stops at the approval interrupt, answer it with \
            `switchyard threads resume THREAD --value true`. A killed run continues with `threads resume THREAD`.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Thread id (default: a new random id).")
    var thread: String?

    @Option(name: .long, help: "Draft/critic revision cycles (1–1000).")
    var steps = 2

    @Option(name: .long, help: "Milliseconds each node sleeps, to watch (or kill) a run mid-way.")
    var stepDelayMs = 0

    @Flag(name: .long, help: "Publish without stopping for approval.")
    var noInterrupt = false

    @Option(name: .long, help: "What the report is about.")
    var topic = "Switchyard"

    func validate() throws {
        guard (1...1000).contains(steps) else { throw ValidationError("--steps must be 1–1000, got \(steps)") }
        guard (0...60_000).contains(stepDelayMs) else {
            throw ValidationError("--step-delay-ms must be 0–60000, got \(stepDelayMs)")
        }
        if let thread, thread.isEmpty || thread.count > 128 {
            throw ValidationError("--thread must be 1–128 characters")
        }
    }

    func run() async throws {
        do {
            let tenant = try global.tenantID()
            let store = try global.openStore(create: true)
            let graph = try DemoGraph.make(checkpointer: store)
            let id = thread ?? "demo-" + UUID().uuidString.lowercased().prefix(8)
            let input = DemoGraph.input(
                topic: topic, revisions: steps, approval: !noInterrupt, delayMs: stepDelayMs)
            let result = try await graph.invoke(
                tenant: tenant, thread: id, input: input,
                options: RunOptions(recursionLimit: DemoGraph.recursionLimit(revisions: steps)),
                onEvent: EventPrinter.handler(DemoState.self, json: global.json))
            try RunReport.print(try EventPrinter.summary(result), json: global.json)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw Output.fail(error, json: global.json)
        }
    }
}

/// The last thing a run command prints, and its exit code (1 when the run failed).
enum RunReport {
    static func print(_ summary: JSONValue, json: Bool) throws {
        let status = summary["status"]?.stringValue ?? ""
        let thread = summary["thread"]?.stringValue ?? ""
        if json {
            Output.json(summary)
        } else {
            switch status {
            case "interrupted":
                Output.line(
                    "thread \(thread) is waiting for approval: switchyard threads resume \(thread) --value true")
            case "completed":
                Output.line(
                    "thread \(thread) completed: \(summary["state"]?["approval"]?.stringValue.map { "approval \($0), " } ?? "")"
                        + "published \(summary["state"]?["published"]?.boolValue ?? false)")
            default:
                Output.line("thread \(thread) \(status): \(summary["error"]?["message"]?.stringValue ?? "")")
            }
        }
        if status == "failed" { throw ExitCode(1) }
    }
}
