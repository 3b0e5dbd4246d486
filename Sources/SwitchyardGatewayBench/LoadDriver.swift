import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends `requests` chat completions to `url` from `concurrency` concurrent loops over kept-alive connections,
/// and reports per-request latency percentiles; optionally samples a process's RSS as requests complete.
struct LoadDriver {
    struct Settings {
        var url: String
        var requests: Int
        var concurrency: Int
        /// `miss`: every request has its own prompt; `hit`: every request is the same (temperature 0).
        var mode: String
        var model: String
        var headers: [(String, String)]
        var warmup: Int
        var rssPID: Int?
        var rssEvery: Int
        /// Tells runs apart so a miss run never hits what an earlier run cached.
        var runID: String
        /// A response header holding the gateway's own overhead in ms (reported as percentiles too).
        var overheadHeader: String?
    }

    let settings: Settings

    /// What the concurrent loops share.
    final class Shared: Sendable {
        let next = Atomic<Int>(0)
        let errors = Atomic<Int>(0)
        let rss = Mutex<[[String: Int]]>([])
        let overheads = Mutex<[Double]>([])
    }

    /// `miss` and `hit` ask at temperature 0 (cacheable); `nocache` asks distinct prompts at 0.7, which
    /// Switchyard's exact cache neither looks up nor stores.
    func body(_ index: Int) -> ByteBuffer {
        let prompt =
            settings.mode == "hit"
            ? "What is the answer to life, the universe and everything?"
            : "Question \(index) of run \(settings.runID): what is the answer?"
        let temperature = settings.mode == "nocache" ? "0.7" : "0"
        return ByteBuffer(
            string: #"{"model":"\#(settings.model)","temperature":\#(temperature),"max_tokens":16,"#
                + #""messages":[{"role":"user","content":"\#(prompt)"}]}"#)
    }

    /// Runs the load; returns the report as one JSON object.
    func run() async throws -> [String: Any] {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: settings.concurrency)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let report = try await drive(client)
            try await client.shutdown()
            return report
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func drive(_ client: HTTPClient) async throws -> [String: Any] {
        let offset = 1_000_000
        for i in 0..<settings.warmup { _ = try await send(client, index: offset + i) }

        let shared = Shared()
        if let pid = settings.rssPID { shared.rss.withLock { $0.append(["requests": 0, "rss_kb": Self.rssKB(pid)]) } }
        let total = settings.requests
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<settings.concurrency {
                group.addTask {
                    var mine: [Double] = []
                    while true {
                        let index = shared.next.add(1, ordering: .relaxed).oldValue
                        if index >= total { break }
                        let began = ContinuousClock.now
                        let ok = (try? await send(client, index: index, shared: shared)) ?? false
                        let elapsed = ContinuousClock.now - began
                        if ok {
                            mine.append(Self.ms(elapsed))
                        } else {
                            shared.errors.add(1, ordering: .relaxed)
                        }
                        if let pid = settings.rssPID, (index + 1) % settings.rssEvery == 0 {
                            let kb = Self.rssKB(pid)
                            shared.rss.withLock { $0.append(["requests": index + 1, "rss_kb": kb]) }
                        }
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let wall = Self.ms(ContinuousClock.now - start) / 1000
        var report: [String: Any] = [
            "requests": total, "concurrency": settings.concurrency, "mode": settings.mode,
            "errors": shared.errors.load(ordering: .relaxed), "p50_ms": Self.percentile(latencies, 0.50),
            "p99_ms": Self.percentile(latencies, 0.99),
            "mean_ms": latencies.reduce(0, +) / Double(max(1, latencies.count)),
            "rps": Double(latencies.count) / max(wall, 1e-9),
        ]
        let reported = shared.overheads.withLock { $0.sorted() }
        if !reported.isEmpty {
            report["overhead_header_p50_ms"] = Self.percentile(reported, 0.50)
            report["overhead_header_p99_ms"] = Self.percentile(reported, 0.99)
        }
        if settings.rssPID != nil {
            report["rss"] = shared.rss.withLock { $0.sorted { $0["requests"]! < $1["requests"]! } }
        }
        return report
    }

    /// Sends one request; true when it got a 200 with a body. Records the overhead header when asked.
    func send(_ client: HTTPClient, index: Int, shared: Shared? = nil) async throws -> Bool {
        var request = HTTPClientRequest(url: settings.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in settings.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(body(index))
        let response = try await client.execute(request, timeout: .seconds(60))
        let text = try await response.body.collect(upTo: 1 << 20)
        if let shared, let name = settings.overheadHeader,
            let value = response.headers.first(name: name).flatMap({ Double($0) })
        {
            shared.overheads.withLock { $0.append(value) }
        }
        return response.status == .ok && text.readableBytes > 0
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// Resident set size of a process, from /proc (kB; 0 when unreadable).
    static func rssKB(_ pid: Int) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return 0
    }
}
