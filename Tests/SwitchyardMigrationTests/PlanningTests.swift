import PropertyBased
import SwitchyardCore
import Testing

@testable import SwitchyardMigration

/// Discovery on synthetic estates with planted application groups and cross-group links.
@Suite struct PlanningTests {
    static func discover(_ synthetic: SyntheticEstate, cap: Int) throws -> Discovery {
        let estate = try InventoryLoader.load(texts: [
            ("vInfo.csv", synthetic.vInfoCSV()), ("vNetwork.csv", synthetic.vNetworkCSV()),
            ("vDisk.csv", synthetic.vDiskCSV(legacyUnits: true)),
        ])
        let flows = try FlowParser.parse(synthetic.flowsCSV(), file: "flows.csv", addresses: AddressBook(estate))
        return try Discovery.run(estate: estate, flows: flows, options: .init(waveCap: cap))
    }

    @Test(.timeLimit(.minutes(1))) func plantedGroupsAreRecoveredAndWavesAreSound() async {
        await propertyCheck(count: 12, input: Gen.int(in: 0...Int.max)) { seed in
            let synthetic = SyntheticEstate(
                .init(seed: UInt64(seed), groups: 25, groupSize: 3...12, crossGroupProbability: 0.4, flowRecords: 8000))
            let cap = 15
            guard let d = try? Self.discover(synthetic, cap: cap) else {
                Issue.record("discovery failed, seed \(seed)")
                return
            }
            let index = { (i: Int) in d.estate.index(of: synthetic.vms[i].name)! }
            // Groups recovered: each planted group is exactly one found group.
            for planted in synthetic.plantedGroups {
                let found = Set(planted.map { d.groups.groupOf[index($0)] })
                #expect(found.count == 1, "seed \(seed): planted group split into \(found.count)")
                if let g = found.first, found.count == 1 {
                    #expect(d.groups.groups[g].members.count == planted.count, "seed \(seed): group merged")
                }
                // No planted group split across waves.
                #expect(Set(planted.map { d.waves.waveOf[index($0)] }).count == 1, "seed \(seed)")
            }
            // Every VM in exactly one wave, no wave over the cap.
            let all = d.waves.waves.flatMap(\.vms)
            #expect(all.count == d.estate.count && Set(all).count == d.estate.count, "seed \(seed)")
            for wave in d.waves.waves { #expect(wave.vms.count <= cap, "seed \(seed)") }
            // Dependencies respected: no server moves after its client (shared-service clients excepted).
            for link in d.flows.links where d.graph.isOrdering(link) {
                #expect(d.waves.waveOf[link.client] >= d.waves.waveOf[link.server], "seed \(seed)")
            }
            #expect(d.waves.crossWaveLinks.isEmpty, "seed \(seed)")
            // Shared services were detected and each VM has a reason.
            #expect(d.graph.isHub.filter { $0 }.count == 3, "seed \(seed)")
            #expect(d.waves.reasons.allSatisfy { !$0.isEmpty })
        }
    }

    @Test func oversizedGroupIsSplitServersFirstAndReported() throws {
        // Four VMs that all talk to each other (one group), clients to servers 0 → 1 → 2 → 3; cap 2.
        let estate = Estate((0..<4).map { SourceVM(name: "mesh-\($0)", ipAddresses: ["10.9.0.\($0 + 1)"]) })
        var csv = "src,dst,port,protocol,bytes,count\n"
        for a in 0..<4 { for b in (a + 1)..<4 { csv += "10.9.0.\(a + 1),10.9.0.\(b + 1),80,tcp,90000,1\n" } }
        let flows = try FlowParser.parse(Array(csv.utf8), file: "f", addresses: AddressBook(estate))
        let d = try Discovery.run(estate: estate, flows: flows, options: .init(waveCap: 2))
        #expect(d.groups.groups.count == 1)
        #expect(d.waves.waves.map(\.vms.count) == [2, 2])
        let wave = d.waves.waveOf
        #expect(wave[3] <= wave[2] && wave[2] <= wave[1] && wave[1] <= wave[0])
        #expect(d.waves.reasons.allSatisfy { $0.contains("over the cap of 2") })
        // Acyclic inside, so the servers-first split leaves no link pointing backwards.
        #expect(d.waves.crossWaveLinks.isEmpty)
    }

    @Test func cyclesMoveTogetherAndAllowedLinksMayCrossWaves() throws {
        let estate = Estate((0..<4).map { SourceVM(name: "n\($0)", ipAddresses: ["10.8.0.\($0 + 1)"]) })
        // Two pairs, each pair strongly linked; pair 0 calls pair 1 and pair 1 calls pair 0 lightly.
        let csv =
            "src,dst,port,protocol,bytes,count\n10.8.0.1,10.8.0.2,80,tcp,9000000,1\n10.8.0.3,10.8.0.4,80,tcp,9000000,1\n"
            + "10.8.0.2,10.8.0.3,80,tcp,10,1\n10.8.0.4,10.8.0.1,80,tcp,10,1\n"
        let flows = try FlowParser.parse(Array(csv.utf8), file: "f", addresses: AddressBook(estate))
        let together = try Discovery.run(estate: estate, flows: flows, options: .init(waveCap: 4))
        #expect(Set(together.waves.waveOf).count == 1)
        let split = try Discovery.run(
            estate: estate, flows: flows, options: .init(waveCap: 4, allowedCrossWave: [(client: "n3", server: "n0")]))
        #expect(split.waves.crossWaveLinks.allSatisfy { $0.reason == "allowed by the user" })
        let unknown = #expect(throws: SwitchyardError.self) {
            try Discovery.run(
                estate: estate, flows: flows, options: .init(allowedCrossWave: [(client: "x", server: "n0")]))
        }
        #expect(unknown?.code == .invalidArguments)
    }
}
