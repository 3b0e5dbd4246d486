import Foundation

/// The bench's command line (`--workdir DIR` is required; see main.swift for the rest).
struct BenchOptions: Sendable {
    var workdir = ""
    /// Runs per worker count in the throughput rows.
    var runs = 300
    /// Worker pool concurrencies (one pool in one process).
    var workers = [1, 2, 4]
    /// Runs submitted one at a time, paced below capacity, per latency row.
    var paced = 60
    /// The pace of those submits: one every this many milliseconds.
    var intervalMS = 250
    /// Runs the flooding tenant queues before the single run of the fairness figure.
    var flood = 1000
    /// Fresh floods, each with one single run timed; the first flood is also drained to time it.
    var reps = 3
    /// `synchronous=FULL` (fsync every commit, LangGraph's SQLite default) or `NORMAL` (Switchyard's default).
    var durable = true
    /// The workflow's `durability:` (`sync`: each checkpoint durable before the next step, as LangGraph's
    /// `durability="sync"`; `async`: written while the next step runs, LangGraph's default).
    var durability = "sync"
    /// Which parts run.
    var only: Set<String> = ["throughput", "latency", "fairness", "fsync"]

    /// Reads `args` (the command line without the program name).
    static func parse(_ args: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var rest = args[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
            return next
        }
        func int(_ flag: String) throws -> Int {
            guard let number = Int(try value(flag)), number > 0 else { throw BenchError("\(flag) needs a number > 0") }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--workdir": options.workdir = try value(flag)
            case "--runs": options.runs = try int(flag)
            case "--paced": options.paced = try int(flag)
            case "--interval-ms": options.intervalMS = try int(flag)
            case "--flood": options.flood = try int(flag)
            case "--reps": options.reps = try int(flag)
            case "--workers":
                options.workers = try value(flag).split(separator: ",").map {
                    guard let n = Int($0), n > 0 else { throw BenchError("--workers takes numbers: 1,2,4") }
                    return n
                }
            case "--sync":
                switch try value(flag) {
                case "full": options.durable = true
                case "normal": options.durable = false
                default: throw BenchError("--sync is full or normal")
                }
            case "--durability":
                options.durability = try value(flag)
                guard ["sync", "async", "exit"].contains(options.durability) else {
                    throw BenchError("--durability is sync, async or exit")
                }
            case "--only": options.only = Set(try value(flag).split(separator: ",").map(String.init))
            case "--quick":
                options.runs = 40
                options.paced = 15
                options.flood = 100
                options.reps = 2
            default: throw BenchError("unknown argument \(flag)")
            }
        }
        guard !options.workdir.isEmpty else { throw BenchError("--workdir DIR is required") }
        return options
    }
}

/// A bench failure, printed as is.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Progress on stderr (stdout carries the JSON).
func log(_ message: String) {
    FileHandle.standardError.write(Data("[switchyard] \(message)\n".utf8))
}
