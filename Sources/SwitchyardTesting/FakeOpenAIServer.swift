import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import SwitchyardCore
import SwitchyardModels

/// An OpenAI-compatible server for tests and benchmarks, on loopback: it enforces its own requests- and
/// tokens-per-minute limits (answering 429 with Retry-After and x-ratelimit-* headers), can fail the first
/// calls with 5xx, streams slowly on demand, and answers tool calls. It stands in for a remote provider, which
/// this machine cannot reach; it is not a model.
public enum FakeOpenAIServer {
    /// How the server behaves.
    public struct Behavior: Sendable {
        public var requestsPerMinute: Double?
        public var tokensPerMinute: Double?
        /// Server minutes per real minute (60: a minute of limits passes in a second).
        public var timeScale: Double = 1
        /// Answer the first `failFirst` calls with `failStatus`.
        public var failFirst = 0
        public var failStatus = 503
        /// Pause between streamed chunks.
        public var chunkDelay: Duration = .zero
        /// Pause before answering.
        public var latency: Duration = .zero
        /// Answers to give, in order, to the first chat-completions calls (then the usual echo).
        public var script: [ScriptedReply] = []
        public init() {}
    }

    /// One scripted assistant answer: text and tool calls whose arguments are sent verbatim (so they may be
    /// invalid JSON or break the tool's schema).
    public struct ScriptedReply: Sendable {
        public var content: String
        public var toolCalls: [(name: String, arguments: String)]
        /// A scripted answer.
        ///
        /// - Parameters:
        ///   - content: The assistant's text.
        ///   - toolCalls: Tool calls, their arguments sent as given.
        public init(content: String = "", toolCalls: [(name: String, arguments: String)] = []) {
            self.content = content
            self.toolCalls = toolCalls
        }
    }

    /// What the server saw.
    public final class Stats: Sendable {
        struct Values {
            var requests = 0
            var tooMany = 0
            var failed = 0
            var authorization: String?
            var lastBody = ""
            var bodies: [String] = []
            var chunksSent = 0
            var streamsCompleted = 0
            var streamsAborted = 0
        }
        let values = Mutex(Values())
        public var requests: Int { values.withLock { $0.requests } }
        public var tooMany: Int { values.withLock { $0.tooMany } }
        public var failed: Int { values.withLock { $0.failed } }
        public var authorization: String? { values.withLock { $0.authorization } }
        public var lastBody: String { values.withLock { $0.lastBody } }
        /// Every chat-completions request body, in order.
        public var bodies: [String] { values.withLock { $0.bodies } }
        /// Streamed chunks written so far.
        public var chunksSent: Int { values.withLock { $0.chunksSent } }
        /// Streams written to the end.
        public var streamsCompleted: Int { values.withLock { $0.streamsCompleted } }
        /// Streams that stopped early because the client went away.
        public var streamsAborted: Int { values.withLock { $0.streamsAborted } }
    }

    /// Runs the server on an ephemeral loopback port for the duration of `body`, which gets its base URL
    /// (`http://127.0.0.1:PORT/v1`).
    ///
    /// - Parameters:
    ///   - behavior: Limits, failures, delays and scripted answers.
    ///   - body: The test: gets the base URL and the server's ``Stats``.
    /// - Throws: What `body` throws, or the server's start-up failure.
    public static func run<T: Sendable>(
        _ behavior: Behavior = Behavior(), _ body: @Sendable (String, Stats) async throws -> T
    ) async throws -> T {
        let stats = Stats()
        let limits = Mutex(
            (
                requests: behavior.requestsPerMinute.map { TokenBucket.perMinute($0, now: 0) },
                tokens: behavior.tokensPerMinute.map { TokenBucket.perMinute($0, now: 0) }
            ))
        let start = ContinuousClock.now
        let router = Router()
        router.post("v1/chat/completions") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 16 << 20)
            let text = String(buffer: bytes)
            guard let json = try? JSONValue(parsing: text) else {
                return error(400, "the body is not JSON")
            }
            if behavior.latency > .zero { try await Task.sleep(for: behavior.latency) }
            let scripted: ScriptedReply? = stats.values.withLock { v in
                let index = v.bodies.count
                v.bodies.append(text)
                return index < behavior.script.count ? behavior.script[index] : nil
            }
            let reply = Reply(json, scripted: scripted)
            let elapsed = ContinuousClock.now - start
            let now = elapsed.inSeconds * behavior.timeScale
            let verdict: (status: Int, remaining: (Double?, Double?)) = stats.values.withLock { v in
                v.requests += 1
                v.authorization = request.headers[.authorization]
                v.lastBody = text
                if v.requests <= behavior.failFirst {
                    v.failed += 1
                    return (behavior.failStatus, (nil, nil))
                }
                return limits.withLock { l in
                    let okRequests =
                        l.requests.map {
                            var b = $0; return b.wait(for: 1, now: now) == 0
                        } ?? true
                    let okTokens =
                        l.tokens.map {
                            var b = $0; return b.wait(for: Double(reply.totalTokens), now: now) == 0
                        } ?? true
                    guard okRequests && okTokens else {
                        v.tooMany += 1
                        return (429, (l.requests?.available, l.tokens?.available))
                    }
                    _ = l.requests?.take(1, now: now)
                    _ = l.tokens?.take(Double(reply.totalTokens), now: now)
                    return (200, (l.requests?.available, l.tokens?.available))
                }
            }
            var headers = HTTPFields()
            if let r = verdict.remaining.0 {
                headers[HTTPField.Name("x-ratelimit-remaining-requests")!] = String(Int(max(0, r)))
            }
            if let t = verdict.remaining.1 {
                headers[HTTPField.Name("x-ratelimit-remaining-tokens")!] = String(Int(max(0, t)))
            }
            switch verdict.status {
            case 200: break
            case 429:
                headers[HTTPField.Name("retry-after")!] = String(format: "%.3f", max(0.001, 1 / behavior.timeScale))
                return error(429, "rate limit reached", headers: headers)
            default:
                return error(verdict.status, "the upstream is overloaded")
            }
            if json["stream"]?.boolValue == true {
                headers[.contentType] = "text/event-stream"
                let chunks = reply.streamChunks()
                let delay = behavior.chunkDelay
                return Response(
                    status: .ok, headers: headers,
                    body: ResponseBody { writer in
                        do {
                            for chunk in chunks {
                                if delay > .zero { try await Task.sleep(for: delay) }
                                try await writer.write(ByteBuffer(string: "data: \(chunk)\n\n"))
                                stats.values.withLock { $0.chunksSent += 1 }
                            }
                            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                            try await writer.finish(nil)
                            stats.values.withLock { $0.streamsCompleted += 1 }
                        } catch {
                            stats.values.withLock { $0.streamsAborted += 1 }
                            throw error
                        }
                    })
            }
            headers[.contentType] = "application/json"
            return Response(
                status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: reply.whole())))
        }
        router.post("v1/embeddings") { request, _ -> Response in
            // Deterministic 8-d vectors (byte histogram of the text), listed in reverse order with their index.
            let text = String(buffer: try await request.body.collect(upTo: 16 << 20))
            guard let json = try? JSONValue(parsing: text), case .array(let inputs)? = json["input"] else {
                return Response(
                    status: .badRequest, headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"error":{"message":"input must be a list"}}"#))
                )
            }
            var data: [JSONValue] = []
            for (index, input) in inputs.enumerated().reversed() {
                var counts = [Int](repeating: 1, count: 8)
                for byte in (input.stringValue ?? "").utf8 { counts[Int(byte) % 8] += 1 }
                data.append(["index": .int(index), "embedding": .array(counts.map { .int($0) })])
            }
            let body = JSONValue.object(["object": "list", "data": .array(data)]).jsonText
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("v1/models") { _, _ -> Response in
            let body = JSONValue.object(["object": "list", "data": [["id": "fake-model", "object": "model"]]]).jsonText
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        router.post("v1/messages") { request, _ -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 16 << 20))
            guard let json = try? JSONValue(parsing: text), request.headers[HTTPField.Name("anthropic-version")!] != nil
            else {
                return error(400, "missing anthropic-version or malformed body")
            }
            stats.values.withLock { v in
                v.requests += 1
                v.authorization = request.headers[HTTPField.Name("x-api-key")!]
                v.lastBody = text
            }
            let reply = AnthropicReply(json)
            if json["stream"]?.boolValue == true {
                let events = reply.events()
                return Response(
                    status: .ok, headers: [.contentType: "text/event-stream"],
                    body: ResponseBody { writer in
                        for (name, data) in events {
                            try await writer.write(ByteBuffer(string: "event: \(name)\ndata: \(data)\n\n"))
                        }
                        try await writer.finish(nil)
                    })
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: reply.whole())))
        }
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            })
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var port = 0
            for await p in portStream { port = p }
            let result = try await body("http://127.0.0.1:\(port)/v1", stats)
            group.cancelAll()
            return result
        }
    }

    static func error(_ status: Int, _ message: String, headers: HTTPFields = HTTPFields()) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        let body = JSONValue.object(["error": ["message": .string(message), "type": "fake"]]).jsonText
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// The fake's answer to one request: an echo of the last user message, or a call of the requested tool.
struct Reply {
    let model: String
    var text: String
    var tool: String?
    let promptTokens: Int
    /// Tool calls (name, raw arguments) to send instead of the default one.
    var calls: [(name: String, arguments: String)] = []
    var completionTokens: Int { max(1, text.split(separator: " ").count) }
    var totalTokens: Int { promptTokens + completionTokens }

    init(_ json: JSONValue, scripted: FakeOpenAIServer.ScriptedReply?) {
        self.init(json)
        if let scripted {
            text = scripted.content
            calls = scripted.toolCalls
            tool = calls.first?.name
        }
    }

    init(_ json: JSONValue) {
        model = json["model"]?.stringValue ?? "fake"
        var last = ""
        var chars = 0
        if case .array(let messages)? = json["messages"] {
            for m in messages {
                let content = m["content"]?.stringValue ?? ""
                chars += content.utf8.count
                if m["role"]?.stringValue == "user" { last = content }
            }
        }
        promptTokens = chars / 4 + 1
        let choice = json["tool_choice"]
        var tool: String?
        if case .array(let tools)? = json["tools"], !tools.isEmpty, choice?.stringValue != "none" {
            if let named = choice?["function"]?["name"]?.stringValue {
                tool = named
            } else if choice?.stringValue == "required" || last.lowercased().contains("use a tool") {
                tool = tools[0]["function"]?["name"]?.stringValue
            }
        }
        self.tool = tool
        if let tool { calls = [(tool, #"{"query":"x"}"#)] }
        text = "echo: " + last
    }

    func whole() -> String {
        var message: [String: JSONValue] = ["role": "assistant", "content": .string(tool == nil ? text : "")]
        if tool != nil {
            message["tool_calls"] = .array(
                calls.enumerated().map { i, call in
                    [
                        "id": .string("call_\(i + 1)"), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.arguments)],
                    ]
                })
        }
        return JSONValue.object([
            "id": "chatcmpl-fake", "object": "chat.completion", "model": .string(model),
            "choices": [
                [
                    "index": 0, "message": .object(message),
                    "finish_reason": .string(tool == nil ? "stop" : "tool_calls"),
                ]
            ],
            "usage": [
                "prompt_tokens": .int(promptTokens), "completion_tokens": .int(completionTokens),
                "total_tokens": .int(totalTokens),
            ],
        ]).jsonText
    }

    func streamChunks() -> [String] {
        var chunks: [JSONValue] = []
        if tool != nil {
            for (i, call) in calls.enumerated() {
                let cut = call.arguments.index(call.arguments.startIndex, offsetBy: call.arguments.count / 2)
                chunks.append([
                    "choices": [
                        [
                            "index": 0,
                            "delta": [
                                "tool_calls": [
                                    [
                                        "index": .int(i), "id": .string("call_\(i + 1)"),
                                        "function": [
                                            "name": .string(call.name),
                                            "arguments": .string(String(call.arguments[..<cut])),
                                        ],
                                    ]
                                ]
                            ],
                        ]
                    ]
                ])
                chunks.append([
                    "choices": [
                        [
                            "index": 0,
                            "delta": [
                                "tool_calls": [
                                    [
                                        "index": .int(i),
                                        "function": ["arguments": .string(String(call.arguments[cut...]))],
                                    ]
                                ]
                            ],
                        ]
                    ]
                ])
            }
        } else {
            let words = text.split(separator: " ", omittingEmptySubsequences: false)
            for (i, word) in words.enumerated() {
                chunks.append([
                    "choices": [["index": 0, "delta": ["content": .string(i == 0 ? String(word) : " " + word)]]]
                ])
            }
        }
        chunks.append([
            "choices": [["index": 0, "delta": [:], "finish_reason": .string(tool == nil ? "stop" : "tool_calls")]]
        ])
        chunks.append([
            "choices": [], "usage": ["prompt_tokens": .int(promptTokens), "completion_tokens": .int(completionTokens)],
        ])
        return chunks.map(\.jsonText)
    }
}

/// The fake's answer in Anthropic's format: echo the last user text, or use the forced tool.
struct AnthropicReply {
    let text: String
    let tool: String?

    init(_ json: JSONValue) {
        var last = ""
        if case .array(let messages)? = json["messages"] {
            for m in messages where m["role"]?.stringValue == "user" { last = m["content"]?.stringValue ?? last }
        }
        text = "echo: " + last
        tool = json["tool_choice"]?["type"]?.stringValue == "tool" ? json["tool_choice"]?["name"]?.stringValue : nil
    }

    func whole() -> String {
        let block: JSONValue =
            tool.map { ["type": "tool_use", "id": "toolu_1", "name": .string($0), "input": ["answer": "x"]] }
            ?? ["type": "text", "text": .string(text)]
        return JSONValue.object([
            "id": "msg_fake", "type": "message", "role": "assistant", "model": "claude-fake", "content": [block],
            "stop_reason": .string(tool == nil ? "end_turn" : "tool_use"),
            "usage": ["input_tokens": 10, "output_tokens": .int(text.split(separator: " ").count)],
        ]).jsonText
    }

    func events() -> [(String, String)] {
        var out: [(String, JSONValue)] = [
            (
                "message_start",
                ["type": "message_start", "message": ["usage": ["input_tokens": 10, "output_tokens": 0]]]
            )
        ]
        out.append(
            (
                "content_block_start",
                ["type": "content_block_start", "index": 0, "content_block": ["type": "text", "text": ""]]
            ))
        for (i, word) in text.split(separator: " ").enumerated() {
            out.append(
                (
                    "content_block_delta",
                    [
                        "type": "content_block_delta", "index": 0,
                        "delta": ["type": "text_delta", "text": .string(i == 0 ? String(word) : " " + word)],
                    ]
                ))
        }
        out.append(("content_block_stop", ["type": "content_block_stop", "index": 0]))
        out.append(
            (
                "message_delta",
                [
                    "type": "message_delta", "delta": ["stop_reason": "end_turn"],
                    "usage": ["output_tokens": .int(text.split(separator: " ").count)],
                ]
            ))
        out.append(("message_stop", ["type": "message_stop"]))
        return out.map { ($0.0, $0.1.jsonText) }
    }
}
