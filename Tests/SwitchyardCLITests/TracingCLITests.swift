import Foundation
import Hummingbird
import Synchronization
import SwitchyardCore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `switchyard serve` with `OTEL_EXPORTER_OTLP_ENDPOINT` set sends its spans over OTLP/HTTP: a collector on
/// loopback (this test) receives the request, the run, the node and the model call, with tenant, model, tokens and
/// cost, and never the prompt.
@Suite(.timeLimit(.minutes(3))) struct TracingCLITests {
    static let workflow = """
        name: line
        version: "1"
        description: One short line from the local model.
        input: {type: object, required: [topic], properties: {topic: {type: string}}}
        entry: write
        nodes:
          write:
            kind: llm
            prompt:
              role: You write one short line.
              context: "The secret topic is {{topic}}."
            task: draft
            output: line
            max_tokens: 6
            next: end
        """

    @Test func spansOfARequestARunItsNodeAndItsModelCallReachTheCollector() async throws {
        let cli = CLI()
        defer { try? FileManager.default.removeItem(atPath: cli.dataDir) }
        let workflows = cli.dataDir + "-workflows"
        defer { try? FileManager.default.removeItem(atPath: workflows) }
        try FileManager.default.createDirectory(atPath: workflows, withIntermediateDirectories: true)
        try Self.workflow.write(toFile: workflows + "/line.yaml", atomically: true, encoding: .utf8)
        #expect(try cli.run("tenants", "create", "acme").status == 0)
        let key = try cli.run("keys", "create", "--tenant", "acme", "--scope", "runs").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("sy_"))

        try await Collector.receiving { collector in
            let (process, _, err) = cli.process(["serve", "--port", "0", "--workers", "1", "--workflows", workflows])
            var environment = ProcessInfo.processInfo.environment
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:\(collector.port)"
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/json"
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "100"
            process.environment = environment
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            let port = try Self.listeningPort(err)

            let base = "http://127.0.0.1:\(port)"
            let submitted = try await Self.request(
                "POST", base + "/v1/runs", key: key, body: #"{"workflow": "line", "input": {"topic": "zebra-42"}}"#)
            let run = try #require(submitted["run_id"]?.stringValue)
            let finished = try await Self.request("GET", base + "/v1/runs/\(run)/wait?timeout=120", key: key)
            #expect(finished["status"] == "succeeded", "\(finished)")
            process.terminate()  // SIGTERM: the exporter flushes before the server exits
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)

            let spans = collector.spans()
            let names = Set(spans.compactMap { $0["name"]?.stringValue })
            #expect(names.contains("run line"), "\(names)")
            #expect(names.contains("node write"), "\(names)")
            #expect(names.contains("chat"), "\(names)")
            #expect(names.contains { $0.contains("/v1/runs") }, "\(names)")
            let chat = try #require(spans.first { $0["name"] == "chat" })
            let attributes = Self.attributes(chat)
            #expect(attributes["switchyard.tenant"] == "acme")
            #expect(attributes["switchyard.run"] == .string(run))
            #expect(attributes["gen_ai.response.model"]?.stringValue?.isEmpty == false)
            #expect((Int(attributes["gen_ai.usage.output_tokens"]?.stringValue ?? "") ?? 0) > 0, "\(attributes)")
            #expect(attributes["switchyard.cost_usd"] != nil)
            // The model call is a child of its node, the node of its run: one trace.
            let node = try #require(spans.first { $0["name"] == "node write" })
            let runSpan = try #require(spans.first { $0["name"] == "run line" })
            #expect(chat["parentSpanId"] == node["spanId"] && node["traceId"] == runSpan["traceId"])
            // Never the prompt, the answer or the key.
            let everything = collector.bodies().joined()
            #expect(!everything.contains("zebra-42") && !everything.contains(key))
        }
    }

    /// `serve --log-format json` at `trace`: every line is a JSON object; the worker's lines name the run and the
    /// tenant, requests are named by key id; neither a key nor a prompt (of a run, or of a chat completion) is ever
    /// written.
    @Test func jsonLogsNameRunsAndTenantsButNeverKeysOrPrompts() async throws {
        let cli = CLI()
        defer { try? FileManager.default.removeItem(atPath: cli.dataDir) }
        let workflows = cli.dataDir + "-workflows"
        defer { try? FileManager.default.removeItem(atPath: workflows) }
        try FileManager.default.createDirectory(atPath: workflows, withIntermediateDirectories: true)
        try Self.workflow.write(toFile: workflows + "/line.yaml", atomically: true, encoding: .utf8)
        #expect(try cli.run("tenants", "create", "acme").status == 0)
        let key = try cli.run("keys", "create", "--tenant", "acme", "--scope", "runs", "--scope", "models").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("sy_"))
        let (process, _, err) = cli.process([
            "serve", "--port", "0", "--workers", "1", "--workflows", workflows, "--log-format", "json",
            "--log-level", "trace",
        ])
        // Trace logs can outgrow a pipe's buffer: drained on a thread of their own.
        let log = Mutex(Data())
        let drained = DispatchSemaphore(value: 0)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        Thread.detachNewThread {
            while true {
                let chunk = err.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                log.withLock { $0.append(chunk) }
            }
            drained.signal()
        }
        var port: Int?
        let started = Date()
        while port == nil && Date().timeIntervalSince(started) < 90 {
            let text = log.withLock { String(decoding: $0, as: UTF8.self) }
            if let range = text.range(of: #"listening on [^\s"]*:(\d+)"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last ?? "")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let base = "http://127.0.0.1:\(try #require(port))"
        let submitted = try await Self.request(
            "POST", base + "/v1/runs", key: key, body: #"{"workflow": "line", "input": {"topic": "okapi-97"}}"#)
        let run = try #require(submitted["run_id"]?.stringValue)
        let finished = try await Self.request("GET", base + "/v1/runs/\(run)/wait?timeout=120", key: key)
        #expect(finished["status"] == "succeeded", "\(finished)")
        let chat = try await Self.request(
            "POST", base + "/v1/chat/completions", key: key,
            body: #"{"model": "smollm2", "max_tokens": 4, "messages": [{"role": "user", "content": "Say lynx-53."}]}"#)
        #expect(chat["object"] == "chat.completion", "\(chat)")
        process.terminate()
        process.waitUntilExit()
        drained.wait()
        let text = log.withLock { String(decoding: $0, as: UTF8.self) }
        let lines = text.split(separator: "\n")
        for line in lines { #expect((try? JSONValue(parsing: String(line))) != nil, "not JSON: \(line.prefix(200))") }
        #expect(
            lines.contains { $0.contains(run) && $0.contains(#""tenant.id":"acme""#) }, "no worker line names the run")
        // The key's secret part never appears (its public id may, as key_id); nor does either prompt.
        let secret = String(key.split(separator: "_").last ?? "")
        #expect(!text.contains(key) && !text.contains(secret))
        #expect(!text.contains("okapi-97") && !text.contains("lynx-53"))
    }

    /// `GET /metrics` of a running `serve` (Prometheus bootstrapped, as only `serve` does) after real traffic: request
    /// latency by route and status, model calls, tokens by tenant and model, cache lookups by tier, and the queue.
    @Test func metricsAfterRealTraffic() async throws {
        let cli = CLI()
        defer { try? FileManager.default.removeItem(atPath: cli.dataDir) }
        for tenant in ["acme", "ops"] { #expect(try cli.run("tenants", "create", tenant).status == 0) }
        func key(_ arguments: String...) throws -> String {
            try cli.run(["keys", "create"] + arguments).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let acme = try key("--tenant", "acme", "--scope", "models", "--scope", "runs")
        let admin = try key("--tenant", "ops", "--scope", "admin")
        let (process, _, err) = cli.process(["serve", "--port", "0", "--workers", "0"])
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let port = try Self.listeningPort(err)
        let base = "http://127.0.0.1:\(port)"
        let body =
            #"{"model": "smollm2", "max_tokens": 3, "temperature": 0, "messages": [{"role": "user", "content": "Hi."}]}"#
        for _ in 0..<2 { _ = try await Self.request("POST", base + "/v1/chat/completions", key: acme, body: body) }
        let submit = #"{"workflow": "agency", "input": {"request": "Plan three SEO fixes"}}"#
        let run = try await Self.request("POST", base + "/v1/runs", key: acme, body: submit)
        #expect(run["status"] == "queued", "\(run)")
        var request = URLRequest(url: URL(string: base + "/metrics")!)
        request.setValue("Bearer \(admin)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let text = String(decoding: data, as: UTF8.self)
        process.terminate()
        process.waitUntilExit()
        let route = #"http_route="/v1/chat/completions",http_request_method="POST",http_response_status_code="200""#
        for expected in [
            "http_server_request_duration_count{\(route)} 2",
            #"switchyard_model_calls_total{tenant="acme",model="smollm2"} 1"#,
            #"switchyard_model_prompt_tokens_total{tenant="acme",model="smollm2"}"#,
            #"switchyard_cache_lookups_total{tenant="acme",tier="exact",result="hit"} 1"#,
            #"switchyard_rate_limit_wait_seconds_count{tenant="acme",deployment="smollm2"} 1"#,
            #"switchyard_runs_queued{tenant="acme"} 1"#,
        ] {
            #expect(text.contains(expected), "\(expected) missing from /metrics")
        }
    }

    /// The port `serve --port 0` says it listens on.
    static func listeningPort(_ err: Pipe) throws -> Int {
        var log = ""
        let started = Date()
        while Date().timeIntervalSince(started) < 90 {
            log += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
            if let range = log.range(of: #"listening on [^\s]*:(\d+)"#, options: .regularExpression),
                let port = Int(log[range].split(separator: ":").last ?? "")
            {
                return port
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw SwitchyardError(code: .internalError, message: "the server did not say where it listens: \(log)")
    }

    static func request(_ method: String, _ url: String, key: String, body: String? = nil) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.timeoutInterval = 150
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONValue(parsing: String(decoding: data, as: UTF8.self))
    }

    /// A span's attributes as key → value (OTLP/JSON: `[{key, value: {stringValue | intValue | doubleValue}}]`;
    /// 64-bit integers are strings in OTLP/JSON).
    static func attributes(_ span: JSONValue) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for attribute in span["attributes"]?.arrayValue ?? [] {
            guard let key = attribute["key"]?.stringValue, case .object(let value)? = attribute["value"] else {
                continue
            }
            result[key] = value.values.first
        }
        return result
    }
}

/// An OTLP/HTTP collector on loopback that keeps what it receives on `/v1/traces`.
final class Collector: Sendable {
    /// What the collector received, one request body each.
    final class Inbox: Sendable {
        let bodies = Mutex<[String]>([])
    }

    let port: Int
    private let inbox: Inbox

    private init(port: Int, inbox: Inbox) {
        self.port = port
        self.inbox = inbox
    }

    func bodies() -> [String] { inbox.bodies.withLock { $0 } }

    /// Every span of every request (`resourceSpans[].scopeSpans[].spans[]`).
    func spans() -> [JSONValue] {
        bodies().flatMap { body -> [JSONValue] in
            guard let json = try? JSONValue(parsing: body) else { return [] }
            return (json["resourceSpans"]?.arrayValue ?? []).flatMap { resource in
                (resource["scopeSpans"]?.arrayValue ?? []).flatMap { $0["spans"]?.arrayValue ?? [] }
            }
        }
    }

    static func receiving(_ body: (Collector) async throws -> Void) async throws {
        let inbox = Inbox()
        let router = Router()
        router.post("v1/traces") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 16 << 20)
            inbox.bodies.withLock { $0.append(String(buffer: buffer)) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var port = 0
            for await p in ports { port = p }
            try await body(Collector(port: port, inbox: inbox))
            group.cancelAll()
        }
    }
}
