import Foundation
import SwitchyardCore
import SwitchyardRuntime
import Testing

extension RunStoreConformance {
    func eventsAreNumberedAndReadAfterACursor() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1")
        try await F.submit(store, "acme", id: "run-2")
        for (i, kind) in ["run.created", "node.start", "node.end", "run.succeeded"].enumerated() {
            let event = try await store.appendEvent(
                tenant: acme, run: "run-1", kind: kind, data: ["i": .int(i)], now: F.at(Double(i)))
            #expect(event.seq == i + 1)
        }
        let other = try await store.appendEvent(tenant: acme, run: "run-2", kind: "run.created", data: [:], now: F.t0)
        #expect(other.seq == 1)
        let all = try await store.events(tenant: acme, run: "run-1", after: 0, limit: 100)
        #expect(all.map(\.kind) == ["run.created", "node.start", "node.end", "run.succeeded"])
        #expect(all[2].data == ["i": 2] && all[2].time == F.at(2) && all[2].run == "run-1")
        #expect(try await store.events(tenant: acme, run: "run-1", after: 2, limit: 1).map(\.seq) == [3])
        #expect(try await store.events(tenant: acme, run: "run-1", after: 4, limit: 10).isEmpty)
    }

    func batchedEventsAndArtifactsAreOneWriteAndStayTenantOwned() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme", "globex"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1")
        try await store.appendEvent(tenant: acme, run: "run-1", kind: "run.created", data: [:], now: F.t0)
        let batch = try await store.appendEvents(
            tenant: acme, run: "run-1",
            events: [("node.end", ["n": 1]), ("checkpoint", ["n": 2]), ("node.start", [:])],
            now: F.at(1))
        #expect(batch.map(\.seq) == [2, 3, 4])
        #expect(
            try await store.events(tenant: acme, run: "run-1", after: 1, limit: 10).map(\.kind) == [
                "node.end", "checkpoint", "node.start",
            ])
        #expect(try await store.appendEvents(tenant: acme, run: "run-1", events: [], now: F.t0).isEmpty)
        // Another tenant's run: refused whole, nothing written.
        await #expect(throws: SwitchyardError.self) {
            try await store.appendEvents(
                tenant: F.tenant("globex"), run: "run-1", events: [("x", [:]), ("y", [:])], now: F.t0)
        }
        await #expect(throws: SwitchyardError.self) {
            try await store.putArtifacts(tenant: F.tenant("globex"), [Artifact(run: "run-1", name: "stolen", value: 1)])
        }
        try await store.putArtifacts(
            tenant: acme, [Artifact(run: "run-1", name: "a", value: 1), Artifact(run: "run-1", name: "b", value: 2)])
        #expect(try await store.artifacts(tenant: acme, run: "run-1").map(\.name) == ["a", "b"])
        #expect(try await store.events(tenant: acme, run: "run-1", after: 0, limit: 10).count == 4)
    }

    func artifactsAreReplacedByName() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let acme = F.tenant("acme")
        try await F.submit(store, "acme", id: "run-1")
        try await store.putArtifact(tenant: acme, Artifact(run: "run-1", name: "review-1", value: ["pass": false]))
        try await store.putArtifact(
            tenant: acme, Artifact(run: "run-1", name: "deliverable", value: "v1", created: F.t0))
        try await store.putArtifact(
            tenant: acme, Artifact(run: "run-1", name: "deliverable", value: "v2", created: F.t0))
        let artifacts = try await store.artifacts(tenant: acme, run: "run-1")
        #expect(artifacts.map(\.name) == ["deliverable", "review-1"])
        #expect(artifacts[0] == Artifact(run: "run-1", name: "deliverable", value: "v2", created: F.t0))
    }

    func usageIsRecordedOncePerKeyAndGrouped() async throws {
        let store = try await make()
        let acme = F.tenant("acme")
        let day = 86400.0
        #expect(try await store.recordUsage(usage("a", acme, cost: 1, run: "r1", node: "draft", model: "m1")))
        // The same key again (a replay after a crash): not charged twice.
        #expect(!(try await store.recordUsage(usage("a", acme, cost: 1, run: "r1", node: "draft", model: "m1"))))
        try await store.recordUsage(usage("b", acme, cost: 2, run: "r1", node: "critic", model: "m2", at: F.at(day)))
        try await store.recordUsage(usage("c", acme, cost: 4, run: "r2", node: "draft", model: "m1", at: F.at(2 * day)))
        try await store.recordUsage(usage("d", acme, cost: 8, run: nil, node: nil, model: "m2", at: F.at(2 * day)))
        let byModel = try await store.usage(tenant: acme, since: .distantPast, by: .model)
        #expect(
            byModel == [
                UsageTotal(group: "m1", calls: 2, promptTokens: 200, completionTokens: 20, costUSD: 5),
                UsageTotal(group: "m2", calls: 2, promptTokens: 200, completionTokens: 20, costUSD: 10),
            ])
        #expect(try await store.usage(tenant: acme, since: .distantPast, by: .run).map(\.group) == ["", "r1", "r2"])
        #expect(try await store.usage(tenant: acme, since: .distantPast, by: .node).map(\.costUSD) == [8, 2, 5])
        let byDay = try await store.usage(tenant: acme, since: .distantPast, by: .day)
        // t0 is 2027-01-15 08:00 UTC.
        #expect(byDay.map(\.group) == ["2027-01-15", "2027-01-16", "2027-01-17"])
        #expect(byDay.map(\.costUSD) == [1, 2, 12])
        #expect(try await store.spend(tenant: acme, since: .distantPast) == 15)
        #expect(try await store.spend(tenant: acme, since: F.at(day)) == 14)
        #expect(try await store.spend(tenant: acme, since: F.at(3 * day)) == 0)
        #expect(try await store.usage(tenant: acme, since: F.at(2 * day), by: .model).map(\.calls) == [1, 1])
    }

    func schedulesAreSavedPausedAdvancedByCompareAndSetAndDeleted() async throws {
        let store = try await make()
        try await F.tenants(store, ["acme"])
        let audit = ScheduleRecord(
            id: "seo-audit", tenant: nil, workflow: "agency", cron: "0 9 * * MON", timezone: "Europe/Berlin",
            input: ["task": "seo"], nextFire: F.at(100), created: F.t0)
        let own = ScheduleRecord(
            id: "acme-report", tenant: F.tenant("acme"), workflow: "agency", cron: "@daily", timezone: "UTC",
            input: [:], nextFire: F.at(50), created: F.t0)
        try await store.createSchedule(audit)
        try await store.createSchedule(own)
        #expect(try await store.schedules(tenant: nil) == [own, audit])
        #expect(try await store.schedules(tenant: F.tenant("acme")) == [own])
        #expect(await F.errorCode { try await store.createSchedule(audit) } == .scheduleExists)
        var stray = own
        stray.id = "stray"
        stray.tenant = F.tenant("nobody")
        #expect(await F.errorCode { try await store.createSchedule(stray) } == .unknownTenant)

        #expect(try await store.advanceSchedule(tenant: nil, id: "seo-audit", expected: F.at(100), next: F.at(200)))
        #expect(!(try await store.advanceSchedule(tenant: nil, id: "seo-audit", expected: F.at(100), next: F.at(300))))
        try await store.setSchedulePaused(tenant: nil, id: "seo-audit", paused: true)
        #expect(!(try await store.advanceSchedule(tenant: nil, id: "seo-audit", expected: F.at(200), next: F.at(300))))
        try await store.setSchedulePaused(tenant: nil, id: "seo-audit", paused: false)
        let saved = try await store.schedules(tenant: nil).first { $0.id == "seo-audit" }
        #expect(saved?.nextFire == F.at(200) && saved?.paused == false)
        #expect(
            await F.errorCode { try await store.setSchedulePaused(tenant: nil, id: "nope", paused: true) }
                == .scheduleNotFound)
        #expect(try await store.deleteSchedule(tenant: nil, id: "seo-audit"))
        #expect(!(try await store.deleteSchedule(tenant: nil, id: "seo-audit")))
        #expect(try await store.schedules(tenant: nil) == [own])

        // Ids are per owner: another tenant's schedule of the same id is its own, and neither sees the other's.
        try await F.tenants(store, ["globex"])
        var theirs = own
        theirs.tenant = F.tenant("globex")
        try await store.createSchedule(theirs)
        #expect(try await store.schedules(tenant: F.tenant("globex")) == [theirs])
        #expect(try await store.schedules(tenant: F.tenant("acme")) == [own])
        try await store.setSchedulePaused(tenant: F.tenant("globex"), id: own.id, paused: true)
        #expect(try await store.schedules(tenant: F.tenant("acme")).first?.paused == false)
        #expect(
            await F.errorCode {
                try await store.setSchedulePaused(tenant: F.tenant("initech"), id: own.id, paused: true)
            }
                == .scheduleNotFound)
        #expect(try await store.deleteSchedule(tenant: F.tenant("globex"), id: own.id))
        #expect(try await store.schedules(tenant: F.tenant("acme")) == [own])
    }
}

extension RunStoreConformance {
    func aScheduleReadBackAdvancesFromItsOwnFractionalTime() async throws {
        let store = try await make()
        let odd = Date(timeIntervalSinceReferenceDate: 819_692_800.123_456_7)
        try await store.createSchedule(
            ScheduleRecord(
                id: "s", tenant: nil, workflow: "w", cron: "@hourly", timezone: "UTC", input: [:], nextFire: odd))
        let saved = try #require(try await store.schedules(tenant: nil).first)
        #expect(abs(saved.nextFire.timeIntervalSince(odd)) < 1e-6)
        #expect(try await store.advanceSchedule(tenant: nil, id: "s", expected: saved.nextFire, next: F.at(3600)))
    }
}
