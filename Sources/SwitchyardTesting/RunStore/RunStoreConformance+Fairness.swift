import Foundation
import SwitchyardCore
import SwitchyardRuntime
import Testing

extension RunStoreConformance {
    /// Claims one run at a time until `count` runs are claimed (or none is left); the tenants of the claims, in order.
    func claimOneByOne(_ store: any RunStore, count: Int, from start: Double = 100) async throws -> [String] {
        var order: [String] = []
        for i in 0..<count {
            guard
                let run = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.at(start + Double(i)))
                    .first
            else { break }
            order.append(run.tenant.rawValue)
        }
        return order
    }

    func aFloodDoesNotHoldBackAnotherTenantsSingleRun() async throws {
        let store = try await make()
        try await F.tenants(store, ["flood", "lone"])
        for i in 0..<1000 { try await F.submit(store, "flood", id: "flood-\(i)", at: F.at(Double(i) / 100)) }
        try await F.submit(store, "lone", id: "lone-0", at: F.at(20))
        let order = try await claimOneByOne(store, count: 3)
        #expect(order.prefix(2).contains("lone"), "claim order \(order)")
        // Batched claims too: the lone run is in the first batch.
        let again = try await make()
        try await F.tenants(again, ["flood", "lone"])
        for i in 0..<1000 { try await F.submit(again, "flood", id: "flood-\(i)", at: F.at(Double(i) / 100)) }
        try await F.submit(again, "lone", id: "lone-0", at: F.at(20))
        let batch = try await again.claim(worker: "w", limit: 4, lease: F.lease, now: F.at(100))
        #expect(batch.contains { $0.id == "lone-0" })
    }

    func tierTwoGetsTwiceTierOnesShare() async throws {
        let store = try await make()
        try await F.tenants(store, ["gold"], tier: 2)
        try await F.tenants(store, ["basic"], tier: 1)
        for i in 0..<200 {
            try await F.submit(store, "basic", id: "basic-\(i)", at: F.at(Double(i)))
            try await F.submit(store, "gold", id: "gold-\(i)", at: F.at(Double(i) + 0.5))
        }
        let order = try await claimOneByOne(store, count: 150, from: 1000)
        let gold = order.filter { $0 == "gold" }.count
        #expect((99...101).contains(gold), "gold got \(gold) of 150")
        // And in every window of 30 claims the split stays near 2:1.
        for start in stride(from: 0, to: 120, by: 30) {
            let window = order[start..<(start + 30)].filter { $0 == "gold" }.count
            #expect((19...21).contains(window), "window at \(start): gold \(window) of 30")
        }
    }

    func aNewlyActiveTenantNeitherStarvesOthersNorIsStarved() async throws {
        let store = try await make()
        try await F.tenants(store, ["busy", "idle"])
        for i in 0..<300 { try await F.submit(store, "busy", id: "busy-\(i)", at: F.at(Double(i) / 10)) }
        // "busy" alone for 100 claims: its pass is far ahead of idle's stored pass.
        _ = try await claimOneByOne(store, count: 100, from: 100)
        for i in 0..<100 { try await F.submit(store, "idle", id: "idle-\(i)", at: F.at(300 + Double(i) / 10)) }
        let order = try await claimOneByOne(store, count: 20, from: 400)
        let idle = order.filter { $0 == "idle" }.count
        #expect((9...11).contains(idle), "claim order after idle joined: \(order)")
        #expect(order.prefix(2).contains("idle"))
    }

    func aResumedRunRejoinsTheQueueFairly() async throws {
        let store = try await make()
        try await F.tenants(store, ["busy", "agency"])
        try await F.submit(store, "agency", id: "agency-0")
        let first = try await store.claim(worker: "w", limit: 1, lease: F.lease, now: F.at(1))
        #expect(first.map(\.id) == ["agency-0"])
        _ = try await store.complete(
            RunCompletion(tenant: F.tenant("agency"), run: "agency-0", status: .interrupted, interrupt: "approve?"),
            worker: "w", now: F.at(2))
        for i in 0..<200 { try await F.submit(store, "busy", id: "busy-\(i)", at: F.at(3 + Double(i) / 100)) }
        _ = try await claimOneByOne(store, count: 50, from: 10)
        _ = try await store.resume(tenant: F.tenant("agency"), id: "agency-0", value: "approve", now: F.at(70))
        let order = try await claimOneByOne(store, count: 2, from: 80)
        #expect(order.contains("agency"), "claim order after the approval: \(order)")
    }
}
