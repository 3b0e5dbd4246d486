import Foundation
import SwitchyardCore
import Testing

/// kill -9 a worker with 20 runs in flight; another worker finishes every run exactly once.
@Suite(.timeLimit(.minutes(3))) struct WorkerCrashTests {
    static let workflow = """
        name: crashy
        version: "1"
        input: {type: object, required: [n], properties: {n: {type: integer}}}
        nodes:
          slow:
            kind: transform
            sleep_ms: 400
            set: {started: "yes"}
            next: ask
          ask:
            kind: llm
            prompt: {context: "Say a number near {{n}}."}
            task: draft
            max_tokens: 3
            output: answer
            next: finish
          finish:
            kind: transform
            sleep_ms: 200
            set: {done: "{{answer}}"}
            next: end
        """

    @Test func everyRunFinishesExactlyOnceAfterAWorkerIsKilled() throws {
        let cli = CLI()
        let workflows = cli.dataDir + "-workflows"
        try FileManager.default.createDirectory(atPath: workflows, withIntermediateDirectories: true)
        try Self.workflow.write(toFile: workflows + "/crashy.yaml", atomically: true, encoding: .utf8)
        #expect(
            try cli.run("tenants", "create", "acme", "--max-concurrent", "20", "--workflows", workflows).status == 0)
        var ids: [String] = []
        for n in 0..<20 {
            let out = try cli.run(
                "run", "crashy", "--tenant", "acme", "--input", #"{"n": \#(n)}"#, "--workflows", workflows, "--json")
            #expect(out.status == 0, "\(out.stderr)")
            ids.append(try #require(out.last?["run_id"]?.stringValue))
        }
        // Worker A takes all 20 and is killed while they are in flight.
        let (a, _, _) = cli.process(
            ["worker", "--concurrency", "20", "--lease-seconds", "2", "--workflows", workflows])
        try a.run()
        var progressed = 0
        for _ in 0..<200 where progressed < 5 {
            Thread.sleep(forTimeInterval: 0.1)
            let runs = try cli.run("runs", "list", "--tenant", "acme", "--status", "running", "--json")
            progressed = runs.last?["runs"]?.arrayCount ?? 0
        }
        #expect(progressed >= 5, "worker A never started the runs")
        kill(a.processIdentifier, SIGKILL)
        a.waitUntilExit()
        // Worker B waits out A's leases, resumes every run from its last checkpoint and exits when idle.
        let b = try cli.run(
            "worker", "--concurrency", "8", "--lease-seconds", "2", "--until-idle", "--workflows", workflows)
        #expect(b.status == 0, "\(b.stderr)")
        for id in ids {
            let show = try cli.run("runs", "show", id, "--tenant", "acme", "--json")
            #expect(
                show.last?["status"]?.stringValue == "succeeded", "\(id): \(show.last?["error"].map { "\($0)" } ?? "")")
            let events = try cli.run("runs", "events", id, "--tenant", "acme", "--json")
            let kinds = events.lines.compactMap { try? JSONValue(parsing: $0) }.compactMap { $0["kind"]?.stringValue }
            #expect(kinds.filter { $0 == "run.succeeded" }.count == 1, "\(id) finished \(kinds)")
        }
        // The model node's side effect (its usage record) is recorded once per run, never twice.
        let usage = try cli.run("usage", "--tenant", "acme", "--by", "run", "--json")
        let rows = usage.last?["usage"]?.arrayValue ?? []
        #expect(rows.count == 20)
        #expect(rows.allSatisfy { $0["calls"]?.intValue == 1 }, "\(usage.stdout)")
    }
}

extension JSONValue {
    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
