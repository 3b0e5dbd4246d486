import Foundation
import Synchronization
import SwitchyardCore
import Testing

/// Runs the built `switchyard` binary as a user would.
struct CLI {
    let dataDir = NSTemporaryDirectory() + "switchyard-cli-" + UUID().uuidString

    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["SWITCHYARD_BIN"] { return URL(fileURLWithPath: path) }
        // The test bundle sits next to the products of the same build.
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("switchyard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/switchyard")
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
        var last: JSONValue? { lines.last.flatMap { try? JSONValue(parsing: $0) } }
    }

    func process(_ arguments: [String], dataDir: Bool = true) -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + (dataDir ? ["--data-dir", self.dataDir] : [])
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        return (process, out, err)
    }

    func run(_ arguments: String..., dataDir: Bool = true) throws -> Outcome {
        try run(arguments, dataDir: dataDir)
    }

    /// Runs the binary to completion. Standard error is drained on its own thread while standard output is read,
    /// so a command that fills one pipe while the test reads the other cannot deadlock.
    func run(_ arguments: [String], dataDir: Bool = true) throws -> Outcome {
        let (process, out, err) = process(arguments, dataDir: dataDir)
        try process.run()
        let stderr = Mutex(Data())
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            stderr.withLock { $0 = data }
            drained.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr.withLock { $0 }, as: UTF8.self))
    }
}

@Suite(.timeLimit(.minutes(3))) struct CLITests {
    @Test func helpAndVersion() throws {
        let cli = CLI()
        let help = try cli.run("--help", dataDir: false)
        #expect(help.status == 0)
        #expect(help.stdout.contains("threads"))
        #expect(help.stdout.contains("demo"))
        let version = try cli.run("version", "--json", dataDir: false)
        #expect(version.last?["version"]?.stringValue?.isEmpty == false)
    }

    @Test func demoStopsForApprovalAndResumeCompletes() throws {
        let cli = CLI()
        let first = try cli.run("demo", "graph", "--thread", "t1", "--steps", "3", "--json")
        #expect(first.status == 0)
        let summary = try #require(first.last)
        #expect(summary["thread"] == "t1")
        #expect(summary["status"] == "interrupted")
        #expect(summary["steps"]?.intValue == 8)  // plan, research×3 (one step), 3×(draft, critic)
        #expect(summary["interrupts"]?.jsonText.contains("Publish this report?") == true)
        #expect(first.lines.contains { $0.contains("\"event\":\"node_finished\"") })

        let resumed = try cli.run("threads", "resume", "t1", "--value", "true", "--json")
        #expect(resumed.status == 0)
        #expect(resumed.last?["status"] == "completed")
        #expect(resumed.last?["state"]?["published"] == true)

        let listed = try cli.run("threads", "list", "--json")
        #expect(listed.last?["threads"]?.jsonText.contains("\"t1\"") == true)
        let history = try cli.run("threads", "history", "t1", "--json")
        guard case .array(let checkpoints)? = history.last?["checkpoints"] else {
            Issue.record("no checkpoints")
            return
        }
        #expect(checkpoints.count == 11)
        let fork = try cli.run(
            "threads", "fork", "t1", "--checkpoint", checkpoints[8]["checkpoint"]?.stringValue ?? "", "--into", "t2",
            "--state", #"{"topic": "pricing"}"#, "--json")
        #expect(fork.last?["state"]?["topic"] == "pricing")
        #expect(fork.last?["status"] == "pending")
        let forkRun = try cli.run("threads", "resume", "t2", "--json")
        #expect(forkRun.last?["status"] == "interrupted")
        let show = try cli.run("threads", "show", "t2", "--json")
        #expect(show.last?["state"]?["draft"]?.stringValue?.contains("pricing") == true)
    }

    @Test func noInterruptRunsToTheEnd() throws {
        let result = try CLI().run("demo", "graph", "--no-interrupt", "--steps", "1", "--json")
        #expect(result.last?["status"] == "completed")
        #expect(result.last?["state"]?["published"] == true)
    }

    @Test func badInputGetsSpecificErrors() throws {
        let cli = CLI()
        let unknown = try cli.run("threads", "show", "nope", "--json")
        #expect(unknown.status == 2)
        #expect(unknown.last?["error"]?["code"] == "data_dir_missing")
        _ = try cli.run("demo", "graph", "--thread", "x", "--json")
        let missing = try cli.run("threads", "show", "nope", "--json")
        #expect(missing.last?["error"]?["code"] == "thread_not_found")
        let badJSON = try cli.run("threads", "resume", "x", "--value", "yes")
        #expect(badJSON.status == 2)
        #expect(badJSON.stderr.contains("--value is not valid JSON"))
        let badTenant = try cli.run("threads", "list", "--tenant", "no spaces", "--json")
        #expect(badTenant.last?["error"]?["code"] == "invalid_tenant")
        let otherTenant = try cli.run("threads", "show", "x", "--tenant", "globex", "--json")
        #expect(otherTenant.last?["error"]?["code"] == "thread_not_found")
        let badSteps = try cli.run("demo", "graph", "--steps", "0")
        #expect(badSteps.status != 0)
        #expect(badSteps.stderr.contains("--steps must be 1–1000"))
        let readOnly = try cli.run("threads", "list", "--json", "--data-dir", "/proc", dataDir: false)
        #expect(readOnly.last?["error"]?["code"] == "data_dir_read_only")
        let file = cli.dataDir + "/switchyard.sqlite"
        let notDir = try cli.run("threads", "list", "--json", "--data-dir", file, dataDir: false)
        #expect(notDir.last?["error"]?["code"] == "data_dir_not_directory")
    }

    /// kill -9 in the middle of a run: the next process resumes from the last checkpoint, and no task whose step
    /// was checkpointed runs again.
    @Test func killNineMidRunThenResume() throws {
        let cli = CLI()
        let (process, out, _) = cli.process(
            ["demo", "graph", "--thread", "k", "--steps", "10", "--step-delay-ms", "40", "--no-interrupt", "--json"])
        try process.run()
        var buffer = Data()
        var checkpointed: Set<String> = []
        let reader = out.fileHandleForReading
        while checkpointed.count < 6 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let lines = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
            checkpointed = []
            for line in lines {
                guard let event = try? JSONValue(parsing: String(line)), event["event"] == "checkpoint",
                    case .array(let tasks)? = event["tasks"]
                else { continue }
                checkpointed.formUnion(tasks.compactMap(\.stringValue))
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(checkpointed.count >= 6)

        let resumed = try cli.run("threads", "resume", "k", "--json")
        #expect(resumed.last?["status"] == "completed")
        let rerun = resumed.lines.compactMap { try? JSONValue(parsing: $0) }
            .filter { $0["event"] == "node_started" }.compactMap { $0["task"]?.stringValue }
        #expect(
            Set(rerun).isDisjoint(with: checkpointed),
            "checkpointed tasks ran again: \(Set(rerun).intersection(checkpointed))")

        let straight = try CLI().run("demo", "graph", "--thread", "k", "--steps", "10", "--no-interrupt", "--json")
        var expected = straight.last?["state"]
        var actual = resumed.last?["state"]
        expected = expected.map {
            if case .object(var o) = $0 { o["delayMs"] = nil; return .object(o) } else { return $0 }
        }
        actual = actual.map { if case .object(var o) = $0 { o["delayMs"] = nil; return .object(o) } else { return $0 } }
        #expect(actual == expected)
    }

    /// Two processes resuming one thread: one advances it, the other gets a clear conflict error.
    @Test func twoProcessesCannotBothAdvanceAThread() throws {
        let cli = CLI()
        _ = try cli.run("demo", "graph", "--thread", "r", "--steps", "1", "--json")  // stops at approval
        let (a, aOut, _) = cli.process(["threads", "resume", "r", "--json"])
        let (b, bOut, _) = cli.process(["threads", "resume", "r", "--json"])
        // Without an answer both re-run the approval node, which interrupts again; with a slow step both race.
        try a.run()
        try b.run()
        let outA = String(decoding: aOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let outB = String(decoding: bOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        a.waitUntilExit()
        b.waitUntilExit()
        for out in [outA, outB] {
            let last = out.split(separator: "\n").last.flatMap { try? JSONValue(parsing: String($0)) }
            #expect(last?["status"] == "interrupted" || last?["error"]?["code"] == "thread_conflict", "\(out)")
        }

        let thread = "race"
        _ = try cli.run(
            "demo", "graph", "--thread", thread, "--steps", "2", "--step-delay-ms", "500", "--json",
            "--no-interrupt", "--topic", "x")
        _ = try cli.run(
            "threads", "fork", thread, "--into", "race2", "--checkpoint",
            (try cli.run("threads", "history", thread, "--json").last?["checkpoints"]?.arrayLast?["checkpoint"]?
                .stringValue) ?? "",
            "--json")
        let (c, cOut, _) = cli.process(["threads", "resume", "race2", "--json"])
        let (d, dOut, _) = cli.process(["threads", "resume", "race2", "--json"])
        try c.run()
        try d.run()
        let outC = String(decoding: cOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let outD = String(decoding: dOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        c.waitUntilExit()
        d.waitUntilExit()
        let results = [outC, outD].map {
            $0.split(separator: "\n").last.flatMap { try? JSONValue(parsing: String($0)) }
        }
        #expect(results.filter { $0?["status"] == "completed" }.count == 1, "\(results)")
        #expect(results.filter { $0?["error"]?["code"] == "thread_conflict" }.count == 1, "\(results)")
        let final = try cli.run("threads", "show", "race2", "--json")
        #expect(final.last?["state"]?["published"] == true)
    }
}

extension JSONValue {
    var arrayLast: JSONValue? {
        if case .array(let items) = self { return items.last }
        return nil
    }
}

/// A length the user chose is never cut by a step limit the user did not set, on the first run or on a resume.
@Suite(.timeLimit(.minutes(2))) struct DemoStepLimitTests {
    @Test func aLongDemoRunsAndResumesPastTheDefaultLimit() throws {
        let cli = CLI()
        let first = try cli.run("demo", "graph", "--steps", "120", "--thread", "long", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.last?["status"]?.stringValue == "interrupted")
        // Fork from an early checkpoint: the resume has ~240 steps to go, more than the default limit of 100.
        let history = try cli.run("threads", "history", "long", "--limit", "1000", "--json")
        let checkpoints = try #require(history.last?["checkpoints"]?.arrayValue)
        let early = try #require(checkpoints.last { $0["step"]?.intValue == 3 }?["checkpoint"]?.stringValue)
        #expect(try cli.run("threads", "fork", "long", "--checkpoint", early, "--into", "again").status == 0)
        let resumed = try cli.run("threads", "resume", "again", "--json")
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.last?["status"]?.stringValue == "interrupted")
    }
}
