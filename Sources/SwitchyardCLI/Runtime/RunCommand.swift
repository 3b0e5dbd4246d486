import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage

/// `switchyard run WORKFLOW`: queues a run; with `--wait`, works the queue in this process until the run stops.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Queue a workflow run for a tenant (with --wait, run it here until it stops).",
        discussion: """
            The run goes through the fair queue. With --wait this process works the queue (as `switchyard worker` \
            does) until the run finishes or stops for approval; without it, a worker on the same data dir picks it up.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The workflow's name (see `switchyard workflows list`).") var workflow: String
    @Option(name: .long, help: "The run's input: a JSON object, or @file.json.") var input = "{}"
    @Option(name: .long, help: "The thread to run on (a new one by default).") var thread: String?
    @Option(name: .long, help: "When the thread is busy: reject, enqueue, interrupt or rollback.")
    var multitask = "reject"
    @Option(name: .long, help: "A repeated submit with this key returns the first run.") var idempotencyKey: String?
    @Flag(name: .long, help: "Run it in this process and wait until it finishes or stops for approval.")
    var wait = false
    @Option(name: .long, help: "With --wait: runs executed at once.") var concurrency = 2

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            guard let strategy = MultitaskStrategy(rawValue: multitask) else {
                throw SwitchyardError(
                    code: .invalidArgument,
                    message: "--multitask '\(multitask)': use reject, enqueue, interrupt or rollback")
            }
            let result = try await env.runtime.submit(
                tenant: env.tenant, workflow: workflow, input: try readJSONArgument(input, name: "--input"),
                thread: thread, multitask: strategy, idempotencyKey: idempotencyKey)
            var run = result.run
            if !global.json {
                Output.line("\(result.created ? "queued" : "already submitted") \(run.id) on thread \(run.thread)")
            }
            if wait {
                let runtime = env.runtime
                let (tenant, id, concurrency) = (env.tenant, run.id, concurrency)
                try await env.withExecutor(options: runtimeOptions) { executor in
                    let pool = WorkerPool(store: runtime.store, executor: executor, concurrency: concurrency)
                    try await pool.run {
                        let current = try? await runtime.store.run(tenant: tenant, id: id)
                        return current.map { $0.status != .queued && $0.status != .running } ?? true
                    }
                }
                run = try await env.runtime.wait(tenant: env.tenant, run: run.id)
                if !global.json { RunPrinter.summary(run) }
            }
            if global.json { Output.json(run.json) }
        }
    }
}

/// `switchyard worker`: works the queue until stopped, and fires due schedules.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Work the run queue of a data dir and fire its due schedules (any number of workers may share it).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Option(name: .long, help: "Runs executed at once.") var concurrency = 4
    @Option(name: .long, help: "Seconds a claim holds without a heartbeat (heartbeats every third).") var leaseSeconds =
        15.0
    @Flag(name: .long, help: "Exit when the queue is empty and nothing is running.") var untilIdle = false
    @Flag(name: .long, help: "Do not fire schedules from this worker.") var noSchedules = false

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let store = env.store
            let scheduler = noSchedules ? nil : env.runtime.scheduler()
            let (idle, concurrency, lease) = (untilIdle, concurrency, Duration.milliseconds(Int64(leaseSeconds * 1000)))
            try await env.withExecutor(options: runtimeOptions) { executor in
                let pool = WorkerPool(store: store, executor: executor, concurrency: concurrency, lease: lease)
                FileHandle.standardError.write(Data("worker \(pool.workerID): \(concurrency) at a time\n".utf8))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    if let scheduler {
                        // Fires what is due at once (a firing missed while nothing ran), then every 15 s; a
                        // schedule fires once per slot however many workers tick.
                        group.addTask {
                            try await scheduler.run(every: .seconds(15)) { error in
                                let message = (error as? SwitchyardError)?.description ?? "\(error)"
                                FileHandle.standardError.write(Data("scheduler: \(message); retrying\n".utf8))
                            }
                        }
                    }
                    group.addTask {
                        try await pool.run {
                            guard idle else { return false }
                            let depth = (try? await store.queueDepth()) ?? []
                            return depth.allSatisfy { $0.queued == 0 && $0.running == 0 }
                        }
                    }
                    // The pool ends the worker; the scheduler only stops with it.
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }
}
