import Foundation
import PropertyBased
import SwitchyardCore
import SwitchyardRuntime
import Testing

@Suite struct FairQueueTests {
    static func tenant(_ name: String, tier: Int = 1, pass: Double = 0, capacity: Int = 1000) -> FairQueue.Tenant {
        FairQueue.Tenant(id: try! TenantID(name), tier: tier, pass: pass, capacity: capacity)
    }

    /// Serves `count` claims; the tenants in order.
    static func serve(_ queue: inout FairQueue, _ count: Int) -> [String] {
        var order: [String] = []
        for _ in 0..<count {
            guard let next = queue.next() else { break }
            queue.charge(next)
            order.append(next.rawValue)
        }
        return order
    }

    @Test func sharesFollowTiers() {
        var queue = FairQueue([Self.tenant("a", tier: 3), Self.tenant("b", tier: 1), Self.tenant("c", tier: 2)])
        let order = Self.serve(&queue, 600)
        #expect(order.filter { $0 == "a" }.count == 300)
        #expect(order.filter { $0 == "c" }.count == 200)
        #expect(order.filter { $0 == "b" }.count == 100)
        #expect(Array(order.prefix(3)) == ["a", "c", "b"])
    }

    @Test func capacityAndExhaustionRemoveATenant() {
        var queue = FairQueue([Self.tenant("a", capacity: 2), Self.tenant("b", capacity: 10)])
        #expect(Self.serve(&queue, 6) == ["a", "b", "a", "b", "b", "b"])
        queue.exhaust(try! TenantID("b"))
        #expect(queue.next() == nil)
    }

    @Test func aJoiningTenantStartsAtTheSmallestActivePass() {
        #expect(FairQueue.joiningPass(own: 0, active: [120, 80.5]) == 80.5)
        #expect(FairQueue.joiningPass(own: 100, active: [80]) == 100)
        #expect(FairQueue.joiningPass(own: 3, active: []) == 3)
    }

    /// However passes and tiers start, while all tenants stay backlogged each one's claims stay within one claim
    /// of its weighted share from the moment the passes meet: no tenant is starved or served in a burst.
    @Test func backloggedTenantsStayNearTheirWeightedShare() async {
        await propertyCheck(input: Gen.int(in: 1...4).array(of: 2...5), Gen.int(in: 50...400)) { tiers, claims in
            var queue = FairQueue(tiers.enumerated().map { Self.tenant("t\($0)", tier: $1) })
            let order = Self.serve(&queue, claims)
            let total = Double(tiers.reduce(0, +))
            for (index, tier) in tiers.enumerated() {
                let got = Double(order.filter { $0 == "t\(index)" }.count)
                let share = Double(claims) * Double(tier) / total
                #expect(
                    abs(got - share) <= Double(tiers.count), "tiers \(tiers), \(claims) claims: t\(index) got \(got)")
            }
        }
    }
}

@Suite struct RunIDTests {
    @Test func idsAreTimeOrderedAndWellFormed() {
        var generator = SplitMix64(seed: 11)
        let early = RunID.make(now: Date(timeIntervalSince1970: 1_800_000_000), using: &generator)
        let late = RunID.make(now: Date(timeIntervalSince1970: 1_800_000_000.001), using: &generator)
        #expect(early.count == 30 && early.hasPrefix("run_"))
        #expect(early < late)
        let alphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        #expect(early.dropFirst(4).allSatisfy { alphabet.contains($0) })
        // The same millisecond and seed give the same id; another draw gives another one.
        var a = SplitMix64(seed: 5)
        var b = SplitMix64(seed: 5)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(RunID.make(now: now, using: &a) == RunID.make(now: now, using: &b))
        #expect(RunID.make(now: now, using: &a) != RunID.make(now: now, using: &generator))
        #expect(Set((0..<1000).map { _ in RunID.make(now: now) }).count == 1000)
    }
}
