import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardKnowledge
import SwitchyardModels
import SwitchyardRuntime
import SwitchyardServer
import SwitchyardStorage
import Synchronization
import Testing

/// The runtime over HTTP: a real SQLite store, real API keys, a real worker pool; workflows without model calls.
struct RuntimeHarness {
    static let review = """
        name: review
        version: "3"
        description: A draft that stops for approval.
        input: {type: object, required: [topic], additionalProperties: false, properties: {topic: {type: string}}}
        entry: write
        nodes:
          write:
            kind: transform
            set: {draft: "About {{topic}}"}
            next: approve
          approve:
            kind: approval
            title: Approve the draft
            deliverable: draft
            next: end
        """
    static let slow = """
        name: slow
        version: "1"
        description: Two slow steps.
        entry: first
        nodes:
          first:
            kind: transform
            sleep_ms: 600
            set: {a: "1"}
            next: second
          second:
            kind: transform
            sleep_ms: 600
            set: {b: "2"}
            next: end
        """

    let directory: String
    let gateway: Gateway
    let store: SQLiteStore
    let runtime: Runtime
    let api: RuntimeAPI
    let metrics = ServerMetrics()
    /// `runs` keys of acme and globex, an acme key with only `models`, and an admin key.
    let acme: String
    let globex: String
    let acmeModelsOnly: String
    /// `knowledge` keys of acme and globex.
    let acmeKnowledge: String
    let globexKnowledge: String
    let admin: String

    init() async throws {
        directory = NSTemporaryDirectory() + "switchyard-api-\(UUID().uuidString)"
        let workflows = directory + "/workflows"
        try FileManager.default.createDirectory(atPath: workflows, withIntermediateDirectories: true)
        try Self.review.write(toFile: workflows + "/review.yaml", atomically: true, encoding: .utf8)
        try Self.slow.write(toFile: workflows + "/slow.yaml", atomically: true, encoding: .utf8)
        gateway = try await makeGateway()
        store = try SQLiteStore(directory: directory + "/data")
        runtime = Runtime(store: store, checkpointer: store, catalog: try WorkflowCatalog.load(directory: workflows))
        // Keyword search needs no embedding model; the routes are the same.
        api = RuntimeAPI(runtime: runtime, keys: store, knowledge: KnowledgeBase(store: store), webhooks: store)
        for name in ["acme", "globex", "ops"] { try await store.createTenant(TenantRecord(id: try TenantID(name))) }
        let store = self.store
        func key(_ tenant: String, _ scopes: Set<APIKeyScope>) async throws -> String {
            let (key, record) = APIKeys.generate(tenant: try TenantID(tenant), scopes: scopes)
            try await store.createAPIKey(record)
            return key
        }
        acme = try await key("acme", [.runs])
        globex = try await key("globex", [.runs])
        acmeModelsOnly = try await key("acme", [.models])
        acmeKnowledge = try await key("acme", [.knowledge])
        globexKnowledge = try await key("globex", [.knowledge])
        admin = try await key("ops", [.admin])
    }

    func app() -> some ApplicationProtocol {
        buildApplication(gateway: gateway, options: ServerOptions(), runtime: api, metrics: metrics)
    }

    /// Works the queue in the background until `body` returns.
    /// An executor for workflows without model calls (the gateway's model is never reached).
    var executor: RunExecutor {
        let gateway = self.gateway
        return RunExecutor(
            store: store, checkpointer: store, catalog: runtime.catalog, models: { gateway.chatModel(for: $0) })
    }

    func withWorkers<T>(_ body: () async throws -> T) async throws -> T {
        let pool = WorkerPool(store: store, executor: executor, concurrency: 2, pollInterval: .milliseconds(20))
        let draining = AtomicFlag()
        let worker = Task { try await pool.run(draining: draining) }
        defer { draining.set() }
        let result = try await body()
        draining.set()
        try await worker.value
        return result
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

func bearer(_ key: String, json: Bool = true) -> HTTPFields {
    var fields: HTTPFields = [.authorization: "Bearer \(key)"]
    if json { fields[.contentType] = "application/json" }
    return fields
}

func json(_ response: TestResponse) throws -> JSONValue { try JSONValue(parsing: String(buffer: response.body)) }

extension TestClientProtocol {
    /// POSTs `body` as JSON with `key`.
    func post(_ uri: String, _ body: String, key: String, headers extra: HTTPFields = [:]) async throws -> TestResponse
    {
        var headers = bearer(key)
        headers.append(contentsOf: extra)
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func get(_ uri: String, key: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = bearer(key, json: false)
        headers.append(contentsOf: extra)
        return try await execute(uri: uri, method: .get, headers: headers)
    }
}

@Suite("Runtime API", .timeLimit(.minutes(2)))
struct RuntimeAPITests {
    @Test("keys: none, unknown, revoked, expired and out-of-scope keys each get their own answer")
    func authentication() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        let (expiredKey, expired) = APIKeys.generate(
            tenant: try TenantID("acme"), scopes: [.runs], expires: Date().addingTimeInterval(-1),
            now: Date().addingTimeInterval(-60))
        try await h.store.createAPIKey(expired)
        let (revokedKey, revoked) = APIKeys.generate(tenant: try TenantID("acme"), scopes: [.runs])
        try await h.store.createAPIKey(revoked)
        _ = try await h.store.revokeAPIKey(tenant: try TenantID("acme"), id: revoked.id, now: Date())
        try await h.app().test(.router) { client in
            let none = try await client.execute(uri: "/v1/runs", method: .get)
            #expect(none.status == .unauthorized && errorBody(none).code == "missing_tenant")
            // The development header is refused unless the server was started with it.
            let header = try await client.execute(uri: "/v1/runs", method: .get, headers: tenantHeaders)
            #expect(header.status == .unauthorized && errorBody(header).code == "missing_tenant")
            let unknown = try await client.get(
                "/v1/runs", key: "sy_0123456789abcdef_" + String(repeating: "A", count: 43))
            #expect(unknown.status == .unauthorized && errorBody(unknown).code == "invalid_api_key")
            // A key that differs from a real one only in its secret is unknown too.
            let forged = try await client.get(
                "/v1/runs", key: String(h.acme.dropLast()) + (h.acme.hasSuffix("A") ? "B" : "A"))
            #expect(forged.status == .unauthorized && errorBody(forged).code == "invalid_api_key")
            let old = try await client.get("/v1/runs", key: expiredKey)
            #expect(old.status == .unauthorized && errorBody(old).code == "api_key_expired")
            let gone = try await client.get("/v1/runs", key: revokedKey)
            #expect(gone.status == .unauthorized && errorBody(gone).code == "api_key_revoked")
            let scoped = try await client.get("/v1/runs", key: h.acmeModelsOnly)
            #expect(scoped.status == .forbidden && errorBody(scoped).code == "insufficient_scope")
            let adminOnly = try await client.get("/v1/keys", key: h.acme)
            #expect(adminOnly.status == .forbidden && errorBody(adminOnly).code == "insufficient_scope")
            #expect(try await client.get("/v1/runs", key: h.acme).status == .ok)
            // No error message echoes a key.
            for response in [unknown, forged, old, gone] { #expect(!errorBody(response).message.contains("sy_")) }
        }
    }

    @Test("a run from submit to approval to result: idempotency, wait, SSE with Last-Event-ID, approvals, artifacts")
    func runLifecycle() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            try await h.withWorkers {
                let idempotent: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "req-1"]
                let body = #"{"workflow": "review", "input": {"topic": "tides"}, "metadata": {"source": "test"}}"#
                let first = try await client.post("/v1/runs", body, key: h.acme, headers: idempotent)
                #expect(first.status == .accepted)
                let run = try json(first)
                let id = try #require(run["run_id"]?.stringValue)
                #expect(first.headers[.location] == "/v1/runs/\(id)")
                #expect(run["workflow_version"] == "3" && run["status"] == "queued")
                // The same key and body: the first run again; the same key with another body: 422.
                let again = try await client.post("/v1/runs", body, key: h.acme, headers: idempotent)
                #expect(again.status == .accepted)
                #expect(try json(again)["run_id"]?.stringValue == id)
                #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                let other = try await client.post(
                    "/v1/runs", #"{"workflow": "review", "input": {"topic": "waves"}}"#, key: h.acme,
                    headers: idempotent)
                #expect(other.status == .unprocessableContent && errorBody(other).code == "idempotency_conflict")

                let waited = try json(try await client.get("/v1/runs/\(id)/wait?timeout=20", key: h.acme))
                #expect(waited["status"] == "interrupted")
                #expect(waited["interrupt"]?["deliverable"] == "About tides")

                let approvals = try json(try await client.get("/v1/approvals", key: h.acme))
                #expect(approvals["approvals"]?.arrayValue?.compactMap { $0["run_id"]?.stringValue } == [id])

                // Events: ids 1, 2, 3 … in order, the first is run.created with the run and thread ids.
                let stream = try await client.get("/v1/runs/\(id)/events", key: h.acme)
                #expect(stream.headers[.contentType] == "text/event-stream")
                let events = Self.parseSSE(String(buffer: stream.body))
                #expect(events.map(\.id) == Array(1...events.count).map(String.init))
                #expect(events.first?.event == "run.created")
                #expect(events.first?.data["run_id"]?.stringValue == id)
                #expect(events.first?.data["thread_id"] == run["thread_id"])
                #expect(events.last?.event == "interrupt")
                // Reconnecting after event 2 gives exactly the rest.
                let resumed = Self.parseSSE(
                    String(
                        buffer: try await client.get(
                            "/v1/runs/\(id)/events", key: h.acme, headers: [HTTPField.Name("Last-Event-ID")!: "2"]
                        ).body))
                #expect(resumed.map(\.id) == events.dropFirst(2).map(\.id))

                let decided = try await client.post("/v1/approvals/\(id)", #"{"decision": "approve"}"#, key: h.acme)
                #expect(decided.status == .ok)
                let twice = try await client.post("/v1/approvals/\(id)", #"{"decision": "approve"}"#, key: h.acme)
                #expect(twice.status == .conflict && errorBody(twice).code == "run_not_interrupted")
                let done = try json(try await client.get("/v1/runs/\(id)/wait?timeout=20", key: h.acme))
                #expect(done["status"] == "succeeded")
                let artifacts = try json(try await client.get("/v1/runs/\(id)/artifacts", key: h.acme))
                #expect(artifacts["artifacts"]?.arrayValue?.isEmpty == false)
                let cancel = try await client.post("/v1/runs/\(id)/cancel", "", key: h.acme)
                #expect(cancel.status == .conflict && errorBody(cancel).code == "run_finished")
                let all = Self.parseSSE(String(buffer: try await client.get("/v1/runs/\(id)/events", key: h.acme).body))
                #expect(all.last?.event == "run.succeeded")
                #expect(Set(all.map(\.id)).count == all.count)
            }
        }
    }

    @Test("another tenant's run, approval and schedule are 404s on every route, and never listed")
    func isolation() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            let submitted = try json(
                try await client.post("/v1/runs", #"{"workflow": "review", "input": {"topic": "x"}}"#, key: h.acme))
            let id = try #require(submitted["run_id"]?.stringValue)
            let thread = try #require(submitted["thread_id"]?.stringValue)
            // acme reads its own thread.
            let own = try json(try await client.get("/v1/threads/\(thread)", key: h.acme))
            #expect(own["thread_id"] == .string(thread) && own["runs"] == [.string(id)])
            #expect(try json(try await client.get("/v1/threads/\(thread)/history", key: h.acme))["states"] == [])
            let schedule = try json(
                try await client.post(
                    "/v1/schedules", #"{"workflow": "review", "cron": "0 9 * * MON", "input": {"topic": "weekly"}}"#,
                    key: h.acme))
            let sid = try #require(schedule["schedule_id"]?.stringValue)
            let probes: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/v1/runs/\(id)", nil), (.post, "/v1/runs/\(id)/cancel", ""),
                (.get, "/v1/runs/\(id)/wait?timeout=0", nil), (.get, "/v1/runs/\(id)/events", nil),
                (.get, "/v1/runs/\(id)/artifacts", nil), (.post, "/v1/approvals/\(id)", #"{"decision": "approve"}"#),
                (.post, "/v1/schedules/\(sid)/pause", ""), (.post, "/v1/schedules/\(sid)/resume", ""),
                (.delete, "/v1/schedules/\(sid)", nil), (.get, "/v1/threads/\(thread)", nil),
                (.get, "/v1/threads/\(thread)/history", nil),
            ]
            for (method, uri, body) in probes {
                let response = try await client.execute(
                    uri: uri, method: method, headers: bearer(h.globex), body: body.map { ByteBuffer(string: $0) })
                #expect(response.status == .notFound, "\(method) \(uri) gave \(response.status)")
                #expect(!String(buffer: response.body).contains("acme"))
            }
            for uri in ["/v1/runs", "/v1/approvals", "/v1/schedules", "/v1/usage?by=run"] {
                let body = String(buffer: try await client.get(uri, key: h.globex).body)
                #expect(!body.contains(id) && !body.contains(sid), "\(uri) shows acme's data to globex")
            }
            // Nothing changed for acme.
            #expect(try json(try await client.get("/v1/runs/\(id)", key: h.acme))["status"] == "queued")
            #expect(try await h.runtime.schedules(tenant: try TenantID("acme")).first?.paused == false)
        }
    }

    @Test("bad input gets a 4xx with its own code and changes nothing")
    func badInput() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("{not json", .badRequest, "invalid_json"),
                ("[1, 2]", .badRequest, "invalid_request"),
                (#"{"workflow": "review", "input": {"topic": "x"}, "priority": 9}"#, .badRequest, "invalid_request"),
                (#"{"workflow": 7}"#, .badRequest, "invalid_request"),
                (#"{"input": {}}"#, .badRequest, "missing_argument"),
                (#"{"workflow": "nope"}"#, .notFound, "unknown_workflow"),
                (#"{"workflow": "review", "input": {"topic": 5}}"#, .badRequest, "invalid_input"),
                (
                    #"{"workflow": "review", "input": {"topic": "x"}, "multitask_strategy": "yolo"}"#, .badRequest,
                    "invalid_argument"
                ),
                (
                    String(repeating: " ", count: ServerOptions.defaultMaxBodyBytes + 1), .contentTooLarge,
                    "body_too_large"
                ),
            ]
            for (body, status, code) in cases {
                let response = try await client.post("/v1/runs", body, key: h.acme)
                #expect(response.status == status && errorBody(response).code == code, "\(body.prefix(60))")
            }
            for (uri, code) in [
                ("/v1/runs?cursor=nope", "invalid_cursor"), ("/v1/runs?status=done", "invalid_argument"),
                ("/v1/runs?limit=0", "invalid_argument"), ("/v1/runs?since=yesterday", "invalid_argument"),
                ("/v1/usage?by=color", "invalid_argument"),
            ] {
                let response = try await client.get(uri, key: h.acme)
                #expect(response.status == .badRequest && errorBody(response).code == code, "\(uri)")
            }
            let route = try await client.get("/v1/nowhere", key: h.acme)
            #expect(route.status == .notFound && errorBody(route).code == "not_found")
            let badCron = try await client.post(
                "/v1/schedules", #"{"workflow": "review", "cron": "every day", "input": {"topic": "x"}}"#, key: h.acme)
            #expect(badCron.status == .badRequest && errorBody(badCron).code == "invalid_cron")
            let badDecision = try await client.post(
                "/v1/approvals/run_00000000000000000000000000", #"{"decision": "maybe"}"#, key: h.acme)
            #expect(badDecision.status == .badRequest && errorBody(badDecision).code == "invalid_decision")
            #expect(try await h.store.runs(tenant: try TenantID("acme"), filter: RunFilter()).isEmpty)
            #expect(try await h.runtime.schedules(tenant: nil).isEmpty)
        }
    }

    @Test("cursor pagination visits every run once, newest first")
    func pagination() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            var submitted: [String] = []
            for n in 0..<5 {
                let run = try json(
                    try await client.post(
                        "/v1/runs", #"{"workflow": "review", "input": {"topic": "t\#(n)"}}"#, key: h.acme))
                submitted.append(try #require(run["run_id"]?.stringValue))
                try await Task.sleep(for: .milliseconds(2))
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try json(
                    try await client.get("/v1/runs?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), key: h.acme))
                seen += page["runs"]?.arrayValue?.compactMap { $0["run_id"]?.stringValue } ?? []
                cursor = page["next_cursor"]?.stringValue
            } while cursor != nil && seen.count < 10
            #expect(seen == submitted.reversed())
        }
    }

    @Test("an admin key makes tenants and keys over the API; the new key works at once and can be revoked")
    func admin() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            let tenant = try await client.post("/v1/tenants", #"{"tenant": "initech", "tier": 2}"#, key: h.admin)
            #expect(tenant.status == .created)
            let duplicate = try await client.post("/v1/tenants", #"{"tenant": "initech"}"#, key: h.admin)
            #expect(duplicate.status == .conflict && errorBody(duplicate).code == "tenant_exists")
            let made = try json(
                try await client.post(
                    "/v1/keys", #"{"tenant": "initech", "scopes": ["runs"], "name": "ci"}"#, key: h.admin))
            let key = try #require(made["key"]?.stringValue)
            let keyID = try #require(made["key_id"]?.stringValue)
            #expect(try await client.get("/v1/runs", key: key).status == .ok)
            let listed = String(buffer: try await client.get("/v1/keys?tenant=initech", key: h.admin).body)
            #expect(listed.contains(keyID) && !listed.contains(key))
            let badScope = try await client.post(
                "/v1/keys", #"{"tenant": "initech", "scopes": ["root"]}"#, key: h.admin)
            #expect(badScope.status == .badRequest)
            let revoked = try await client.execute(uri: "/v1/keys/\(keyID)", method: .delete, headers: bearer(h.admin))
            #expect(revoked.status == .ok)
            let after = try await client.get("/v1/runs", key: key)
            #expect(after.status == .unauthorized && errorBody(after).code == "api_key_revoked")
        }
    }

    @Test("a graceful shutdown hands a running run back to the queue; the next worker finishes it exactly once")
    func drainReleasesRuns() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        let acme = try TenantID("acme")
        let submitted = try await h.runtime.submit(tenant: acme, workflow: "slow", input: [:])
        let id = submitted.run.id
        let executor = h.executor
        let draining = AtomicFlag()
        let first = WorkerPool(store: h.store, executor: executor, workerID: "first", pollInterval: .milliseconds(20))
        let worker = Task { try await first.run(draining: draining) }
        while try await h.store.run(tenant: acme, id: id)?.status != .running {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(800))  // into the second step
        draining.set()
        try await worker.value
        let released = try #require(try await h.store.run(tenant: acme, id: id))
        let firstEvents = try await h.store.events(tenant: acme, run: id, after: 0, limit: 100).map(\.kind)
        #expect(released.status == .queued && released.leaseOwner == nil, "\(released.status) \(firstEvents)")
        let second = WorkerPool(store: h.store, executor: executor, workerID: "second", pollInterval: .milliseconds(20))
        try await second.run {
            (try? await h.store.run(tenant: acme, id: id))?.status.isFinal == true
        }
        let events = try await h.store.events(tenant: acme, run: id, after: 0, limit: 100).map(\.kind)
        #expect(events.filter { $0 == "run.released" }.count == 1)
        #expect(events.filter { $0 == "run.succeeded" }.count == 1)
        #expect(!events.contains("run.cancelled"))
        // The first step ran once: the second worker continued from its checkpoint.
        #expect(events.filter { $0 == "node.end" }.count == 2, "\(events)")
        #expect(try await h.store.run(tenant: acme, id: id)?.status == .succeeded)
    }

    @Test("a server refuses to open tenants' data to the network without keys, or with the development header")
    func listenChecks() throws {
        #expect(throws: Never.self) { try ServerOptions(host: "127.0.0.1").checkListen(hasKeys: false) }
        #expect(throws: Never.self) { try ServerOptions(host: "0.0.0.0").checkListen(hasKeys: true) }
        for options in [ServerOptions(host: "0.0.0.0"), ServerOptions(host: "0.0.0.0", tenantHeader: true)] {
            do {
                try options.checkListen(hasKeys: !options.tenantHeader ? false : true)
                Issue.record("\(options.host) was allowed")
            } catch let error as SwitchyardError {
                #expect(error.code == .unsafeListen)
            }
        }
    }

    /// `id`, `event` and the JSON `data` of each event in an SSE body.
    static func parseSSE(_ text: String) -> [(id: String, event: String, data: JSONValue)] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var id = "", event = "", data = JSONValue.null
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = (try? JSONValue(parsing: String(line.dropFirst(6)))) ?? .null }
            }
            return id.isEmpty ? nil : (id, event, data)
        }
    }

    @Test("knowledge: upload, list, search and delete per tenant, as the CLI does; another tenant sees none of it")
    func knowledge() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            let upload = #"""
                {"documents": [
                  {"source": "brand-guide.md", "text": "# Acme brand\n\nThe Ridgeline backpack carries a lifetime repair promise."},
                  {"source": "notes.txt", "text": "Twelve product pages lack meta descriptions."}
                ]}
                """#
            let made = try await client.post("/v1/documents", upload, key: h.acmeKnowledge)
            #expect(made.status == .created)
            #expect(try json(made)["added"] == 2)
            let again = try json(try await client.post("/v1/documents", upload, key: h.acmeKnowledge))
            #expect(again["unchanged"] == 2 && again["added"] == 0)
            let listed = try json(try await client.get("/v1/documents", key: h.acmeKnowledge))
            #expect(
                listed["documents"]?.arrayValue?.compactMap { $0["document"]?.stringValue }.sorted() == [
                    "brand-guide.md", "notes.txt",
                ])
            let found = try json(
                try await client.post(
                    "/v1/search", #"{"query": "repair promise", "mode": "keyword", "k": 3}"#, key: h.acmeKnowledge))
            let first = try #require(found["results"]?[0])
            #expect(first["document"] == "brand-guide.md" && first["title"] == "Acme brand")
            #expect((first["end"]?.intValue ?? 0) > (first["start"]?.intValue ?? 0))
            // globex: nothing listed, nothing found, and acme's document is a 404 to delete.
            #expect(
                try json(try await client.get("/v1/documents", key: h.globexKnowledge))["documents"]?.arrayValue?
                    .isEmpty == true)
            let theirs = try json(
                try await client.post(
                    "/v1/search", #"{"query": "repair promise", "mode": "keyword"}"#, key: h.globexKnowledge))
            #expect(theirs["results"]?.arrayValue?.isEmpty == true)
            let steal = try await client.execute(
                uri: "/v1/documents/brand-guide.md", method: .delete, headers: bearer(h.globexKnowledge))
            #expect(steal.status == .notFound && errorBody(steal).code == "document_not_found")
            // Bad input changes nothing.
            for (body, code) in [
                (#"{"documents": []}"#, "invalid_request"),
                (#"{"documents": [{"source": "x.pdf", "text": "binary?"}]}"#, "unsupported_file_type"),
                (#"{"documents": [{"source": "blank.md", "text": "   "}]}"#, "empty_file"),
                (#"{"documents": [{"source": "r.jsonl", "text": "{not json"}]}"#, "malformed_json"),
                (#"{"documents": [{"source": "a.md", "text": "x", "owner": "me"}]}"#, "invalid_request"),
            ] {
                let response = try await client.post("/v1/documents", body, key: h.acmeKnowledge)
                #expect(response.status == .badRequest && errorBody(response).code == code, "\(body)")
            }
            let badMode = try await client.post(
                "/v1/search", #"{"query": "x", "mode": "psychic"}"#, key: h.acmeKnowledge)
            #expect(badMode.status == .badRequest && errorBody(badMode).code == "invalid_mode")
            #expect(try await client.get("/v1/documents", key: h.acme).status == .forbidden)
            let deleted = try await client.execute(
                uri: "/v1/documents/notes.txt", method: .delete, headers: bearer(h.acmeKnowledge))
            #expect(deleted.status == .noContent)
            #expect(
                try json(try await client.get("/v1/documents", key: h.acmeKnowledge))["documents"]?.arrayValue?.count
                    == 1)
        }
    }

    @Test(
        "knowledge: a multipart upload (as curl -F sends) gives the same documents; a cut or bad form changes nothing")
    func multipartUpload() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        @Sendable func form(_ parts: [(field: String, filename: String?, body: String)], close: Bool = true) -> String {
            var text = "preamble to ignore\r\n"
            for part in parts {
                text += "--XyZ\r\nContent-Disposition: form-data; name=\"\(part.field)\""
                if let filename = part.filename { text += "; filename=\"\(filename)\"" }
                text += "\r\nContent-Type: text/plain\r\n\r\n\(part.body)\r\n"
            }
            return text + (close ? "--XyZ--\r\n" : "")
        }
        try await h.app().test(.router) { client in
            func send(
                _ body: String, contentType: String = "multipart/form-data; boundary=XyZ"
            ) async throws
                -> (HTTPResponse.Status, JSONValue)
            {
                var headers = bearer(h.acmeKnowledge)
                headers[.contentType] = contentType
                let response = try await client.execute(
                    uri: "/v1/documents", method: .post, headers: headers, body: ByteBuffer(string: body))
                return (response.status, (try? json(response)) ?? .null)
            }
            let (status, report) = try await send(
                form([
                    (
                        "file", "brand-guide.md",
                        "# Acme brand\n\nThe Ridgeline backpack carries a lifetime repair promise."
                    ),
                    ("file", "notes.txt", "Twelve product pages lack meta descriptions."),
                ]))
            #expect(status == .created && report["added"] == 2, "\(report)")
            let found = try json(
                try await client.post(
                    "/v1/search", #"{"query": "repair promise", "mode": "keyword", "k": 3}"#, key: h.acmeKnowledge))
            #expect(found["results"]?[0]?["document"] == "brand-guide.md")
            // Bad forms: 400 each, and nothing stored.
            let bad: [(String, String, String)] = [
                (form([("file", "x.md", "cut short")], close: false), "multipart/form-data; boundary=XyZ", "cut short"),
                (form([("file", "x.md", "x")]), "multipart/form-data", "boundary"),
                (form([("attachment", "x.md", "x")]), "multipart/form-data; boundary=XyZ", "unknown form field"),
                (form([("file", nil, "no name")]), "multipart/form-data; boundary=XyZ", "filename"),
                (form([("type", nil, "md")]), "multipart/form-data; boundary=XyZ", "no 'file' part"),
                (form([("file", "x.pdf", "binary?")]), "multipart/form-data; boundary=XyZ", "unsupported"),
            ]
            for (body, contentType, phrase) in bad {
                let (status, error) = try await send(body, contentType: contentType)
                #expect(status == .badRequest, "\(phrase): \(status)")
                #expect(error["error"]?["message"]?.stringValue?.contains(phrase) == true, "\(phrase): \(error)")
            }
            var latin1 = bearer(h.acmeKnowledge)
            latin1[.contentType] = "multipart/form-data; boundary=XyZ"
            var bytes = ByteBuffer(
                string: "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"l.txt\"\r\n\r\n")
            bytes.writeBytes([0x63, 0x61, 0x66, 0xE9])  // "café" in Latin-1: not UTF-8
            bytes.writeString("\r\n--XyZ--\r\n")
            let notUTF8 = try await client.execute(uri: "/v1/documents", method: .post, headers: latin1, body: bytes)
            #expect(notUTF8.status == .badRequest && errorBody(notUTF8).message.contains("not UTF-8"))
            let listed = try json(try await client.get("/v1/documents", key: h.acmeKnowledge))
            #expect(listed["documents"]?.arrayValue?.count == 2)
        }
    }

    @Test("webhooks: approval.waiting is POSTed signed to a receiver on loopback, retried after a 500, and logged")
    func webhooks() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        let received = Mutex<[(headers: HTTPFields, body: String)]>([])
        let receiver = Router()
        receiver.post("hook") { request, _ -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let count = received.withLock {
                $0.append((request.headers, body))
                return $0.count
            }
            return Response(status: count == 1 ? .internalServerError : .ok)
        }
        try await Application(router: receiver, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            .test(.live) { live in
                let port = try #require(live.port)
                try await h.app().test(.router) { client in
                    for bad in [
                        #"{"url": "ftp://example.com/x"}"#,
                        #"{"url": "http://127.0.0.1:1/x", "events": ["run.maybe"]}"#,
                    ] {
                        let refused = try await client.post("/v1/webhooks", bad, key: h.acme)
                        #expect(refused.status == .badRequest && errorBody(refused).code == "invalid_argument")
                    }
                    let made = try json(
                        try await client.post(
                            "/v1/webhooks",
                            #"{"url": "http://127.0.0.1:\#(port)/hook", "events": ["approval.waiting"]}"#,
                            key: h.acme))
                    let hook = try #require(made["webhook_id"]?.stringValue)
                    let secret = try #require(made["secret"]?.stringValue)
                    #expect(!(String(buffer: try await client.get("/v1/webhooks", key: h.acme).body).contains(secret)))
                    let run = try #require(
                        try json(
                            try await client.post(
                                "/v1/runs", #"{"workflow": "review", "input": {"topic": "tides"}}"#, key: h.acme)
                        )["run_id"]?.stringValue)
                    try await h.withWorkers {
                        _ = try await client.get("/v1/runs/\(run)/wait?timeout=20", key: h.acme)
                    }
                    let dispatcher = WebhookDispatcher(
                        store: h.store, backoff: [.milliseconds(100)], timeout: .seconds(5))
                    #expect(try await dispatcher.deliverDue() == 1)  // the receiver answers 500
                    try await Task.sleep(for: .milliseconds(150))
                    #expect(try await dispatcher.deliverDue() == 1)  // the retry is delivered
                    #expect(try await dispatcher.deliverDue() == 0)
                    let calls = received.withLock { $0 }
                    #expect(calls.count == 2)
                    let delivery = calls.first?.headers[HTTPField.Name("X-Switchyard-Delivery")!]
                    #expect(
                        delivery != nil && calls.last?.headers[HTTPField.Name("X-Switchyard-Delivery")!] == delivery)
                    for call in calls {
                        let signature = try #require(call.headers[HTTPField.Name(WebhookSignature.header)!])
                        #expect(WebhookSignature.verify(header: signature, body: call.body, secret: secret))
                        #expect(!WebhookSignature.verify(header: signature, body: call.body + " ", secret: secret))
                        #expect(!WebhookSignature.verify(header: signature, body: call.body, secret: "whsec_wrong"))
                        let payload = try JSONValue(parsing: call.body)
                        #expect(payload["event"] == "approval.waiting" && payload["run"]?["run_id"]?.stringValue == run)
                    }
                    let log = try json(try await client.get("/v1/webhooks/\(hook)/deliveries", key: h.acme))
                    let entry = try #require(log["deliveries"]?[0])
                    #expect(
                        entry["status"] == "delivered" && entry["attempts"] == 2 && entry["last_status_code"] == 200)
                    // Another tenant: no log, no delete.
                    #expect(try await client.get("/v1/webhooks/\(hook)/deliveries", key: h.globex).status == .notFound)
                    let steal = try await client.execute(
                        uri: "/v1/webhooks/\(hook)", method: .delete, headers: bearer(h.globex))
                    #expect(steal.status == .notFound)
                    #expect(
                        try json(try await client.get("/v1/webhooks", key: h.globex))["webhooks"]?.arrayValue?.isEmpty
                            == true)
                }
            }
    }
}
