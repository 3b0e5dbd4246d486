import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage
import Testing

@testable import SwitchyardServer

/// LangGraph's Agent Server protocol over the runtime: keys in `x-api-key` as `langgraph-sdk` sends them, the
/// workflows of ``RuntimeHarness`` (no model calls) and its worker pool.
@Suite("LangGraph API", .timeLimit(.minutes(2)))
struct LangGraphAPITests {
    static let apiKey = HTTPField.Name("x-api-key")!

    @Test("assistants, threads, wait until the approval, resume with a command while streaming, state and history")
    func lifecycle() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            try await h.withWorkers {
                let search = try await client.lg(.post, "/assistants/search", #"{"limit": 10, "offset": 0}"#, h.acme)
                #expect(search.status == .ok)
                let names = try json(search).arrayValue?.compactMap { $0["graph_id"]?.stringValue } ?? []
                #expect(names.contains("review") && names.contains("slow"))
                let system = try json(
                    try await client.lg(
                        .post, "/assistants/search", #"{"metadata": {"created_by": "system"}, "graph_id": "review"}"#,
                        h.acme))
                #expect(system.arrayValue?.count == 1)
                let assistant = try json(try await client.lg(.get, "/assistants/review", nil, h.acme))
                #expect(assistant["assistant_id"] == "review" && assistant["version"] == 3)

                let created = try await client.lg(.post, "/threads", #"{"metadata": {"user": "ann"}}"#, h.acme)
                #expect(created.status == .ok)
                let thread = try #require(try json(created)["thread_id"]?.stringValue)
                let fresh = try json(try await client.lg(.get, "/threads/\(thread)", nil, h.acme))
                #expect(fresh["status"] == "idle" && fresh["values"] == [:] && fresh["metadata"]?["user"] == "ann")

                // runs.wait stops at the approval: the state with __interrupt__ [{value, id}].
                let waited = try await client.lg(
                    .post, "/threads/\(thread)/runs/wait", #"{"assistant_id": "review", "input": {"topic": "tides"}}"#,
                    h.acme)
                #expect(waited.status == .ok)
                let values = try json(waited)
                #expect(values["draft"] == "About tides")
                let interrupt = try #require(values["__interrupt__"]?[0])
                #expect(interrupt["value"]?["deliverable"] == "About tides")
                #expect(interrupt["id"]?.stringValue?.isEmpty == false)
                let waiting = try json(try await client.lg(.get, "/threads/\(thread)", nil, h.acme))
                #expect(waiting["status"] == "interrupted" && waiting["interrupts"]?.objectValue?.count == 1)
                #expect(waiting["metadata"]?["graph_id"] == "review")

                // Resume while streaming values and updates: metadata first, end last.
                let resume = #"{"assistant_id": "review", "command": {"resume": "approve"}, "#
                let streamed = try await client.lg(
                    .post, "/threads/\(thread)/runs/stream", resume + #""stream_mode": ["values", "updates"]}"#, h.acme)
                #expect(streamed.status == .ok && streamed.headers[.contentType] == "text/event-stream")
                let events = Self.parseSSE(String(buffer: streamed.body))
                #expect(events.first?.event == "metadata")
                #expect(events.first?.data["thread_id"]?.stringValue == thread)
                let run = try #require(events.first?.data["run_id"]?.stringValue)
                #expect(events.last?.event == "end" && events.last?.data["status"] == "success")
                #expect(events.contains { $0.event == "updates" && $0.data["approve"]?["approval"] != nil })
                let last = events.last { $0.event == "values" }
                #expect(last?.data["approval"]?["decision"] == "approve" && last?.data["__interrupt__"] == nil)

                let shown = try json(try await client.lg(.get, "/threads/\(thread)/runs/\(run)", nil, h.acme))
                #expect(shown["status"] == "success" && shown["assistant_id"] == "review")
                let state = try json(try await client.lg(.get, "/threads/\(thread)/state", nil, h.acme))
                #expect(state["values"]?["approval"]?["decision"] == "approve" && state["next"] == [])
                #expect(state["checkpoint"]?["thread_id"]?.stringValue == thread)
                let history = try json(
                    try await client.lg(.post, "/threads/\(thread)/history", #"{"limit": 2}"#, h.acme))
                #expect(history.arrayValue?.count == 2)
                let before = try #require(history[0]?["checkpoint"]?["checkpoint_id"]?.stringValue)
                let older = try json(
                    try await client.lg(
                        .post, "/threads/\(thread)/history", #"{"limit": 100, "before": "\#(before)"}"#, h.acme))
                #expect(
                    older.arrayValue?.contains { $0["checkpoint"]?["checkpoint_id"]?.stringValue == before } == false)
                #expect((older.arrayValue?.count ?? 0) >= 2)

                // A background run on a new thread made by if_not_exists, then join.
                let background = try await client.lg(
                    .post, "/threads/mine-1/runs",
                    #"{"assistant_id": "slow", "input": {}, "if_not_exists": "create", "metadata": {"n": 1}}"#, h.acme)
                #expect(background.status == .ok)
                let started = try json(background)
                let id = try #require(started["run_id"]?.stringValue)
                #expect(background.headers[.contentLocation] == "/threads/mine-1/runs/\(id)")
                #expect(started["status"] == "pending" && started["metadata"]?["n"] == 1)
                let joined = try json(try await client.lg(.get, "/threads/mine-1/runs/\(id)/join", nil, h.acme))
                #expect(joined["a"] == "1" && joined["b"] == "2")
            }
        }
    }

    @Test("multitask on a busy thread: reject is a 409, enqueue queues behind it, interrupt stops it; cancel")
    func multitask() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            try await Self.withQuickWorkers(h) {
                _ = try await client.lg(.post, "/threads", #"{"thread_id": "busy"}"#, h.acme)
                let first = try json(
                    try await client.lg(.post, "/threads/busy/runs", #"{"assistant_id": "slow"}"#, h.acme))
                let firstID = try #require(first["run_id"]?.stringValue)
                let rejected = try await client.lg(
                    .post, "/threads/busy/runs", #"{"assistant_id": "slow", "multitask_strategy": "reject"}"#, h.acme)
                #expect(rejected.status == .conflict && errorBody(rejected).code == "thread_busy")
                let queued = try json(
                    try await client.lg(
                        .post, "/threads/busy/runs", #"{"assistant_id": "slow", "multitask_strategy": "enqueue"}"#,
                        h.acme))
                let queuedID = try #require(queued["run_id"]?.stringValue)
                let interrupting = try json(
                    try await client.lg(
                        .post, "/threads/busy/runs/wait",
                        #"{"assistant_id": "slow", "multitask_strategy": "interrupt"}"#, h.acme))
                #expect(interrupting["b"] == "2")
                for id in [firstID, queuedID] {
                    let run = try json(try await client.lg(.get, "/threads/busy/runs/\(id)", nil, h.acme))
                    #expect(run["status"] == "interrupted")
                }

                let running = try json(
                    try await client.lg(.post, "/threads/busy/runs", #"{"assistant_id": "slow"}"#, h.acme))
                let runningID = try #require(running["run_id"]?.stringValue)
                let cancelled = try await client.lg(
                    .post, "/threads/busy/runs/\(runningID)/cancel?wait=1&action=interrupt", nil, h.acme)
                #expect(cancelled.status == .noContent)
                let after = try json(try await client.lg(.get, "/threads/busy/runs/\(runningID)", nil, h.acme))
                #expect(after["status"] == "interrupted")
                let thread = try json(try await client.lg(.get, "/threads/busy", nil, h.acme))
                #expect(thread["status"] == "idle")
            }
        }
    }

    @Test("another tenant's thread and run are 404s on every LangGraph route; a key without runs is 403")
    func isolation() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            _ = try await client.lg(.post, "/threads", #"{"thread_id": "acme-t"}"#, h.acme)
            let run = try json(
                try await client.lg(
                    .post, "/threads/acme-t/runs", #"{"assistant_id": "review", "input": {"topic": "x"}}"#, h.acme))
            let id = try #require(run["run_id"]?.stringValue)
            let requests: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/threads/acme-t", nil), (.get, "/threads/acme-t/state", nil),
                (.post, "/threads/acme-t/history", "{}"),
                (.post, "/threads/acme-t/runs", #"{"assistant_id": "review", "input": {"topic": "y"}}"#),
                (.post, "/threads/acme-t/runs/wait", #"{"assistant_id": "review", "input": {"topic": "y"}}"#),
                (.post, "/threads/acme-t/runs/stream", #"{"assistant_id": "review", "input": {"topic": "y"}}"#),
                (.post, "/threads/acme-t/runs", #"{"assistant_id": "review", "command": {"resume": "approve"}}"#),
                (.get, "/threads/acme-t/runs/\(id)", nil), (.get, "/threads/acme-t/runs/\(id)/join", nil),
                (.post, "/threads/acme-t/runs/\(id)/cancel", nil),
            ]
            for (method, uri, body) in requests {
                let response = try await client.lg(method, uri, body, h.globex)
                #expect(response.status == .notFound, "\(method) \(uri) for another tenant")
                #expect(["thread_not_found", "run_not_found"].contains(errorBody(response).code))
            }
            // globex may use the same thread id for a thread of its own; acme's is untouched.
            let own = try await client.lg(.post, "/threads", #"{"thread_id": "acme-t"}"#, h.globex)
            #expect(own.status == .ok)
            let still = try json(try await client.lg(.get, "/threads/acme-t/runs/\(id)", nil, h.acme))
            #expect(still["status"] == "pending")
            let forbidden = try await client.lg(.post, "/assistants/search", "{}", h.acmeModelsOnly)
            #expect(forbidden.status == .forbidden && errorBody(forbidden).code == "insufficient_scope")
            let anonymous = try await client.execute(uri: "/threads/acme-t", method: .get)
            #expect(anonymous.status == .unauthorized && errorBody(anonymous).code == "missing_tenant")
        }
    }

    @Test("bad input gets a 4xx with its own code and changes nothing")
    func badInput() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            _ = try await client.lg(.post, "/threads", #"{"thread_id": "t1"}"#, h.acme)
            let cases: [(HTTPRequest.Method, String, String?, HTTPResponse.Status, String)] = [
                (.post, "/threads/t1/runs", "{", .badRequest, "invalid_json"),
                (.post, "/threads/t1/runs", "[]", .badRequest, "invalid_request"),
                (.post, "/threads/t1/runs", #"{"assistant_id": "review", "bogus": 1}"#, .badRequest, "invalid_request"),
                (.post, "/threads/t1/runs", #"{"input": {}}"#, .badRequest, "missing_argument"),
                (.post, "/threads/t1/runs", #"{"assistant_id": 7}"#, .badRequest, "invalid_request"),
                (.post, "/threads/t1/runs", #"{"assistant_id": "nope"}"#, .notFound, "unknown_workflow"),
                (.post, "/threads/t1/runs", #"{"assistant_id": "review", "input": {}}"#, .badRequest, "invalid_input"),
                (
                    .post, "/threads/t1/runs", #"{"assistant_id": "review", "input": "x"}"#, .badRequest,
                    "invalid_request"
                ),
                (
                    .post, "/threads/t1/runs", #"{"assistant_id": "slow", "interrupt_before": ["first"]}"#, .badRequest,
                    "unsupported_option"
                ),
                (
                    .post, "/threads/t1/runs/stream", #"{"assistant_id": "slow", "stream_mode": "debug"}"#, .badRequest,
                    "unsupported_option"
                ),
                (
                    .post, "/threads/t1/runs", #"{"assistant_id": "slow", "multitask_strategy": "x"}"#, .badRequest,
                    "invalid_argument"
                ),
                (
                    .post, "/threads/t1/runs", #"{"assistant_id": "slow", "command": {"resume": "maybe"}}"#,
                    .badRequest, "invalid_decision"
                ),
                (
                    .post, "/threads/t1/runs", #"{"assistant_id": "slow", "command": {"goto": "first"}}"#,
                    .badRequest, "unsupported_option"
                ),
                (
                    .post, "/threads/t1/runs", #"{"assistant_id": "slow", "command": {"resume": "approve"}}"#,
                    .conflict, "run_not_interrupted"
                ),
                (
                    .post, "/threads/t1/runs",
                    #"{"assistant_id": "slow", "input": {}, "command": {"resume": "approve"}}"#,
                    .badRequest, "invalid_request"
                ),
                (.post, "/threads/none/runs", #"{"assistant_id": "slow"}"#, .notFound, "thread_not_found"),
                (.get, "/threads/none", nil, .notFound, "thread_not_found"),
                (.get, "/threads/t1/runs/run_X", nil, .notFound, "run_not_found"),
                (.post, "/threads", #"{"thread_id": "t1"}"#, .conflict, "thread_exists"),
                (.post, "/threads", #"{"thread_id": "a b"}"#, .badRequest, "invalid_argument"),
                (.post, "/threads", #"{"ttl": 5}"#, .badRequest, "unsupported_option"),
                (.post, "/threads/t1/history", #"{"limit": 0}"#, .badRequest, "invalid_argument"),
                (.post, "/assistants/search", #"{"limit": "ten"}"#, .badRequest, "invalid_request"),
                (.get, "/assistants/nope", nil, .notFound, "unknown_workflow"),
            ]
            for (method, uri, body, status, code) in cases {
                let response = try await client.lg(method, uri, body, h.acme)
                #expect(response.status == status, "\(method) \(uri) \(body ?? "")")
                #expect(errorBody(response).code == code, "\(method) \(uri) \(body ?? "")")
                #expect(errorBody(response).message.isEmpty == false)
            }
            let runs = try await h.store.runs(tenant: try TenantID("acme"), filter: RunFilter(limit: 10))
            #expect(runs.isEmpty)
            let existing = try await client.lg(
                .post, "/threads", #"{"thread_id": "t1", "if_exists": "do_nothing"}"#, h.acme)
            #expect(existing.status == .ok)
        }
    }

    @Test("the stream translation: values per checkpoint, updates per node, messages, interrupt, error")
    func streamTranslation() {
        var stream = LangGraphStream(run: "run_1", modes: ["values", "updates", "messages-tuple"], initial: nil)
        func event(_ seq: Int, _ kind: String, _ data: JSONValue) -> RunEvent {
            RunEvent(seq: seq, run: "run_1", kind: kind, data: data)
        }
        #expect(stream.translate(event(1, "checkpoint", ["checkpoint": "c1"]), values: ["topic": "x"]).count == 1)
        #expect(stream.translate(event(2, "node.end", ["node": "write"])).isEmpty)
        let step = stream.translate(event(3, "checkpoint", ["checkpoint": "c2"]), values: ["topic": "x", "draft": "d"])
        #expect(step.count == 2)
        #expect(step[1] == "event: updates\ndata: {\"write\":{\"draft\":\"d\"}}\n\n")
        let message = stream.translate(event(4, "message", ["node": "write", "text": "hi"]))
        #expect(message.count == 1 && message[0].hasPrefix("event: messages\n"))
        let interrupt = stream.translate(event(5, "interrupt", ["deliverable": "d", "interrupt_id": "2:approve:0"]))
        #expect(interrupt.count == 2)
        #expect(interrupt[0].contains("\"__interrupt__\":[{\"id\":\"2:approve:0\""))
        let failed = stream.translate(event(6, "run.failed", ["code": "node_failed", "message": "m"]))
        #expect(failed == ["event: error\ndata: {\"error\":\"node_failed\",\"message\":\"m\"}\n\n"])
    }

    /// Workers that renew their leases every 200 ms, so a running run asked to stop (multitask interrupt, cancel)
    /// stops at the end of its current 600 ms step rather than after the default 5 s heartbeat.
    static func withQuickWorkers<T>(_ h: RuntimeHarness, _ body: () async throws -> T) async throws -> T {
        let pool = WorkerPool(
            store: h.store, executor: h.executor, concurrency: 2, lease: .milliseconds(600),
            pollInterval: .milliseconds(20))
        let draining = AtomicFlag()
        let worker = Task { try await pool.run(draining: draining) }
        defer { draining.set() }
        let result = try await body()
        draining.set()
        try await worker.value
        return result
    }

    static func parseSSE(_ text: String) -> [(event: String, data: JSONValue)] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var event = ""
            var data = JSONValue.null
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = (try? JSONValue(parsing: String(line.dropFirst(6)))) ?? .null }
            }
            return event.isEmpty ? nil : (event, data)
        }
    }
}

extension TestClientProtocol {
    /// A request as `langgraph-sdk` sends it: the key in `x-api-key`, a JSON body when there is one.
    func lg(_ method: HTTPRequest.Method, _ uri: String, _ body: String?, _ key: String) async throws -> TestResponse {
        var headers: HTTPFields = [LangGraphAPITests.apiKey: key]
        if body != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}
