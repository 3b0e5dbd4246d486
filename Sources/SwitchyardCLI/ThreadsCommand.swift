import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardGraph
import SwitchyardStorage

struct ThreadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threads",
        abstract: "List, inspect, fork and resume durable threads.",
        subcommands: [
            ThreadsList.self, ThreadsShow.self, ThreadsHistory.self, ThreadsFork.self, ThreadsResume.self,
            ThreadsDelete.self,
        ])
}

/// Runs a thread command body, turning errors into the right output and exit code.
func runThreadCommand(
    _ global: GlobalOptions, create: Bool = false, _ body: (TenantID, SQLiteStore) async throws -> Void
)
    async throws
{
    do {
        try await body(try global.tenantID(), try global.openStore(create: create))
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw Output.fail(error, json: global.json)
    }
}

/// The runner for the graph that owns `thread`.
func runner(for thread: String, tenant: TenantID, store: SQLiteStore) async throws -> any GraphRunner {
    guard let record = try await store.thread(tenant: tenant, id: thread) else {
        throw SwitchyardError(
            code: .threadNotFound,
            message: "tenant '\(tenant)' has no thread '\(thread)'; list threads with `switchyard threads list`")
    }
    return try GraphCatalog.runner(named: record.graph, checkpointer: store)
}

struct ThreadsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tenant's threads.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Most threads to show.") var limit = 50

    func run() async throws {
        try await runThreadCommand(global) { tenant, store in
            let threads = try await store.threads(tenant: tenant, limit: max(1, limit))
            if global.json {
                Output.json([
                    "threads": .array(
                        threads.map { t in
                            [
                                "thread": .string(t.id), "graph": .string(t.graph),
                                "status": .string(t.status.rawValue),
                                "checkpoint": t.head.map(JSONValue.string) ?? .null,
                                "updated_at": .string(t.updatedAt.iso8601),
                                "error": t.error.map(JSONValue.string) ?? .null,
                            ]
                        })
                ])
            } else if threads.isEmpty {
                Output.line("no threads for tenant \(tenant)")
            } else {
                for t in threads {
                    Output.line(
                        "\(t.id.padding(toLength: 24, withPad: " ", startingAt: 0)) \(t.graph.padding(toLength: 8, withPad: " ", startingAt: 0)) \(t.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(t.updatedAt.iso8601)"
                    )
                }
            }
        }
    }
}

struct ThreadsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a thread's state, next tasks and pending interrupts.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Thread id.") var thread: String
    @Option(name: .long, help: "A checkpoint id from `threads history` (default: the head).") var checkpoint: String?

    func run() async throws {
        try await runThreadCommand(global) { tenant, store in
            let shown = try await runner(for: thread, tenant: tenant, store: store)
                .show(tenant: tenant, thread: thread, checkpoint: checkpoint)
            if global.json {
                Output.json(shown)
            } else {
                Output.line(
                    "thread \(thread)  status \(shown["status"]?.stringValue ?? "")  step \(shown["step"]?.intValue ?? 0)"
                )
                Output.line("next: \(shown["next"]?.jsonText ?? "[]")")
                if let interrupts = shown["interrupts"], interrupts != .array([]) {
                    Output.line("interrupts: \(interrupts.jsonText)")
                }
                if let error = shown["error"]?.stringValue { Output.line("error: \(error)") }
                Output.line("state: \(shown["state"]?.jsonText ?? "{}")")
            }
        }
    }
}

struct ThreadsHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List a thread's checkpoints, newest first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Thread id.") var thread: String
    @Option(name: .long, help: "Most checkpoints to show.") var limit = 100

    func run() async throws {
        try await runThreadCommand(global) { tenant, store in
            guard try await store.thread(tenant: tenant, id: thread) != nil else {
                throw SwitchyardError(
                    code: .threadNotFound,
                    message: "tenant '\(tenant)' has no thread '\(thread)'; list threads with `switchyard threads list`"
                )
            }
            let checkpoints = try await store.history(tenant: tenant, thread: thread, limit: max(1, limit))
            if global.json {
                Output.json([
                    "thread": .string(thread),
                    "checkpoints": .array(
                        checkpoints.map { c in
                            [
                                "checkpoint": .string(c.id), "parent": c.parentID.map(JSONValue.string) ?? .null,
                                "step": .int(c.step), "source": .string(c.metadata.source),
                                "nodes": .array(c.metadata.nodes.map(JSONValue.string)),
                                "next": .array(c.next.map { .string($0.id) }),
                                "bytes": .int(c.storedBytes), "snapshot": .bool(c.snapshot != nil),
                                "created_at": .string(c.metadata.createdAt.iso8601),
                            ]
                        }),
                ])
            } else {
                for c in checkpoints {
                    let nodes = c.metadata.nodes.isEmpty ? c.metadata.source : c.metadata.nodes.joined(separator: ",")
                    Output.line(
                        "\(String(c.step).padding(toLength: 5, withPad: " ", startingAt: 0)) \(c.id)  \(nodes.padding(toLength: 28, withPad: " ", startingAt: 0)) \(c.storedBytes) B\(c.snapshot != nil ? " (snapshot)" : "")"
                    )
                }
            }
        }
    }
}

struct ThreadsFork: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fork", abstract: "Start a new thread from a checkpoint, optionally with an edited state.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Thread id to fork.") var thread: String
    @Option(name: .long, help: "Checkpoint to fork from (default: the head).") var checkpoint: String?
    @Option(name: .long, help: "Id of the new thread (default: THREAD-fork-RANDOM).") var into: String?
    @Option(name: .long, help: "JSON object of state fields to replace, e.g. '{\"topic\": \"pricing\"}'.") var state:
        String?

    func run() async throws {
        try await runThreadCommand(global) { tenant, store in
            let patch = try state.map { try parseJSON($0, option: "--state") }
            let target = into ?? "\(thread)-fork-" + UUID().uuidString.lowercased().prefix(6)
            let shown = try await runner(for: thread, tenant: tenant, store: store)
                .fork(tenant: tenant, thread: thread, checkpoint: checkpoint, into: target, patch: patch)
            if global.json {
                Output.json(shown)
            } else {
                Output.line(
                    "forked \(thread) into \(target) (status \(shown["status"]?.stringValue ?? "")); run it with: switchyard threads resume \(target)"
                )
            }
        }
    }
}

struct ThreadsResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a thread from its last checkpoint, answering its interrupt if given a value.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Thread id.") var thread: String
    @Option(name: .long, help: "JSON answer to the one pending interrupt, e.g. true or '\"yes\"'.") var value: String?
    @Option(name: .long, help: "JSON object answering several interrupts by id: '{\"5:approve:0\": true}'.")
    var answers: String?

    func run() async throws {
        try await runThreadCommand(global) { tenant, store in
            let parsedValue = try value.map { try parseJSON($0, option: "--value") }
            var parsedAnswers: [String: JSONValue]?
            if let answers {
                guard case .object(let map) = try parseJSON(answers, option: "--answers") else {
                    throw SwitchyardError(
                        code: .invalidJSON, message: "--answers must be a JSON object of id → value")
                }
                parsedAnswers = map
            }
            let summary = try await runner(for: thread, tenant: tenant, store: store)
                .resume(tenant: tenant, thread: thread, value: parsedValue, answers: parsedAnswers, json: global.json)
            try RunReport.print(summary, json: global.json)
        }
    }
}

struct ThreadsDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a thread and its checkpoints.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Thread id.") var thread: String

    func run() async throws {
        try await runThreadCommand(global) { tenant, store in
            guard try await store.deleteThread(tenant: tenant, thread: thread) else {
                throw SwitchyardError(code: .threadNotFound, message: "tenant '\(tenant)' has no thread '\(thread)'")
            }
            if global.json { Output.json(["deleted": .string(thread)]) } else { Output.line("deleted \(thread)") }
        }
    }
}

/// Parses an option's JSON, naming the option when it is not JSON.
func parseJSON(_ text: String, option: String) throws -> JSONValue {
    do {
        return try JSONValue(parsing: text)
    } catch {
        throw SwitchyardError(
            code: .invalidJSON,
            message: "\(option) is not valid JSON: \(text); quote strings, e.g. --value '\"yes\"'")
    }
}
