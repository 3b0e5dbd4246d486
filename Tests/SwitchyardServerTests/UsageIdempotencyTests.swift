import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardRuntime
@testable import SwitchyardServer
import SwitchyardStorage
import Testing

@Suite("Runtime API: workflows, schedules, usage and idempotency", .timeLimit(.minutes(1)))
struct UsageIdempotencyTests {
    @Test("GET /v1/usage totals the tenant's ledger by model, run, node and day, from `since` on")
    func usageGroupings() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        let acme = try TenantID("acme")
        let day: TimeInterval = 86_400
        let today = Date()
        func record(
            _ key: String, run: String?, node: String?, model: String, cost: Double, daysAgo: Double
        ) async throws {
            try await h.store.recordUsage(
                UsageRecord(
                    key: key, tenant: acme, run: run, node: node, model: model, promptTokens: 100,
                    completionTokens: 10, costUSD: cost, cached: false, latencySeconds: 0.2,
                    time: today.addingTimeInterval(-daysAgo * day)))
        }
        try await record("a", run: "run_1", node: "draft", model: "gpt-4o-mini", cost: 0.5, daysAgo: 0)
        try await record("b", run: "run_1", node: "critic", model: "claude", cost: 1.0, daysAgo: 0)
        try await record("c", run: "run_2", node: "draft", model: "gpt-4o-mini", cost: 2.0, daysAgo: 1)
        try await record("d", run: nil, node: nil, model: "claude", cost: 4.0, daysAgo: 40)  // before the default since
        try await h.store.recordUsage(
            UsageRecord(
                key: "x", tenant: try TenantID("globex"), run: "run_9", node: "draft", model: "gpt-4o-mini",
                promptTokens: 1, completionTokens: 1, costUSD: 9, cached: false, latencySeconds: 0.1))
        try await h.app().test(.router) { client in
            func totals(_ query: String) async throws -> [String: (calls: Int, cost: Double)] {
                let response = try await client.get("/v1/usage?\(query)", key: h.acme)
                #expect(response.status == .ok)
                var result: [String: (Int, Double)] = [:]
                let body = try json(response)
                for row in body["usage"]?.arrayValue ?? [] {
                    let group =
                        row.objectValue?.first {
                            !["calls", "prompt_tokens", "completion_tokens", "cost_usd"]
                                .contains($0.key)
                        }?.value.stringValue ?? "?"
                    result[group] = (row["calls"]?.intValue ?? -1, row["cost_usd"]?.numberValue ?? -1)
                }
                return result
            }
            let byModel = try await totals("by=model")
            #expect(byModel["gpt-4o-mini"]?.calls == 2 && byModel["gpt-4o-mini"]?.cost == 2.5, "\(byModel)")
            #expect(byModel["claude"]?.calls == 1 && byModel["claude"]?.cost == 1.0, "\(byModel)")
            let byRun = try await totals("by=run")
            #expect(byRun["run_1"]?.calls == 2 && byRun["run_2"]?.calls == 1 && byRun.count == 2, "\(byRun)")
            let byDay = try await totals("by=day&since=60d")
            #expect(byDay.count == 3 && byDay.values.map(\.calls).reduce(0, +) == 4, "\(byDay)")
            let byNode = try await totals("by=node&since=2d")
            #expect(byNode["draft"]?.calls == 2 && byNode["critic"]?.calls == 1, "\(byNode)")
            #expect(try await totals("by=model&since=\(today.addingTimeInterval(60).iso8601)").isEmpty)
        }
    }

    @Test("GET /v1/workflows lists the catalog; GET /v1/workflows/{name} has the input schema; unknown is a 404")
    func workflows() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            let all = try json(try await client.get("/v1/workflows", key: h.acme))
            let names = Set(all["workflows"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
            #expect(names.isSuperset(of: ["review", "slow"]), "\(names)")
            let review = try json(try await client.get("/v1/workflows/review", key: h.acme))
            #expect(review["version"] == "3" && review["input_schema"]?["required"] == ["topic"])
            #expect(review["nodes"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["write", "approve"])
            let unknown = try await client.get("/v1/workflows/nope", key: h.acme)
            #expect(unknown.status == .notFound && errorBody(unknown).code == "unknown_workflow")
        }
    }

    @Test("schedules over HTTP: create, list, pause, resume and delete, as `switchyard schedules` does")
    func schedules() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        try await h.app().test(.router) { client in
            let body =
                #"{"id": "weekly", "workflow": "review", "cron": "0 9 * * MON", "timezone": "Europe/Berlin", "input": {"topic": "w"}}"#
            let made = try await client.post("/v1/schedules", body, key: h.acme)
            #expect(made.status == .created)
            let madeBody = try json(made)
            #expect(madeBody["schedule_id"] == "weekly" && madeBody["paused"] == false)
            let again = try await client.post("/v1/schedules", body, key: h.acme)
            #expect(again.status == .conflict && errorBody(again).code == "schedule_exists")
            let listed = try json(try await client.get("/v1/schedules", key: h.acme))
            #expect(listed["schedules"]?.arrayValue?.compactMap { $0["schedule_id"]?.stringValue } == ["weekly"])
            let paused = try await client.post("/v1/schedules/weekly/pause", "", key: h.acme)
            let pausedBody = try json(paused)
            #expect(paused.status == .ok && pausedBody["paused"] == true)
            #expect(try await h.runtime.schedules(tenant: try TenantID("acme")).first?.paused == true)
            let resumed = try await client.post("/v1/schedules/weekly/resume", "", key: h.acme)
            let resumedBody = try json(resumed)
            #expect(resumed.status == .ok && resumedBody["paused"] == false)
            let deleted = try await client.execute(
                uri: "/v1/schedules/weekly", method: .delete, headers: bearer(h.acme))
            #expect(deleted.status == .noContent)
            let gone = try await client.execute(uri: "/v1/schedules/weekly", method: .delete, headers: bearer(h.acme))
            #expect(gone.status == .notFound && errorBody(gone).code == "schedule_not_found")
            #expect(try await h.runtime.schedules(tenant: nil).isEmpty)
        }
    }

    @Test("a repeat of an Idempotency-Key while its first request is being accepted is a 409; afterwards it runs")
    func idempotencyInFlight() async throws {
        let keys = InFlightKeys()
        let (entered, enter) = AsyncStream.makeStream(of: Void.self)
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        let first = Task {
            try await keys.holding("acme\u{0}req-1") {
                enter.yield()
                for await _ in released { break }
                return "first"
            }
        }
        for await _ in entered { break }
        do {
            _ = try await keys.holding("acme\u{0}req-1") { "second" }
            Issue.record("the repeat was accepted while the first held the key")
        } catch let error as APIError {
            #expect(error.status == .conflict && error.code == .idempotencyInFlight)
        }
        // Another key, and no key, are not held up.
        #expect(try await keys.holding("acme\u{0}req-2") { "other" } == "other")
        #expect(try await keys.holding(nil) { "none" } == "none")
        release.yield()
        #expect(try await first.value == "first")
        #expect(try await keys.holding("acme\u{0}req-1") { "again" } == "again")
    }
}
