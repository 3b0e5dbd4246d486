// bench/migration: discovery of a synthetic estate (RVTools sheets + a flow CSV) timed step by step — parse,
// graph, groups (Louvain), waves — plus the application graph written out for networkx to group the same
// graph. Prints one JSON line. Usage: SwitchyardMigrationBench DIR [GROUPS] [RECORDS] [REPEATS]
import Foundation
import SwitchyardCore
import SwitchyardMigration

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: SwitchyardMigrationBench DIR [GROUPS] [RECORDS] [REPEATS]\n".utf8))
    exit(2)
}
let dir = arguments[1]
let groups = arguments.count > 2 ? Int(arguments[2]) ?? 303 : 303
let records = arguments.count > 3 ? Int(arguments[3]) ?? 2_000_000 : 2_000_000
let repeats = arguments.count > 4 ? Int(arguments[4]) ?? 5 : 5

func write(_ name: String, _ bytes: [UInt8]) -> String {
    let path = (dir as NSString).appendingPathComponent(name)
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
let synthetic = SyntheticEstate(
    .init(seed: 2026, groups: groups, groupSize: 3...30, crossGroupProbability: 0.3, flowRecords: records))
let inventory = [
    write("RVTools_tabvInfo.csv", Array(synthetic.vInfoCSV().utf8)),
    write("RVTools_tabvNetwork.csv", Array(synthetic.vNetworkCSV().utf8)),
    write("RVTools_tabvDisk.csv", Array(synthetic.vDiskCSV().utf8)),
]
let flowsPath = write("flows.csv", synthetic.flowsCSV())

let clock = ContinuousClock()
func seconds(_ d: Duration) -> Double { d.inSeconds }

let t0 = clock.now
let estate = try InventoryLoader.load(paths: inventory)
let t1 = clock.now
let flows = try FlowParser.load(path: flowsPath, addresses: AddressBook(estate))
let t2 = clock.now
var graphTimes: [Double] = []
var groupTimes: [Double] = []
var waveTimes: [Double] = []
var last: Discovery?
for _ in 0..<repeats {
    let d = try Discovery.run(estate: estate, flows: flows, options: .init(waveCap: 100))
    graphTimes.append(d.timings[1].seconds)
    groupTimes.append(d.timings[2].seconds)
    waveTimes.append(d.timings[3].seconds)
    last = d
}
let d = last!
func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

// The application graph (hubs' edges dropped) as "a b weight" lines, and our partition, for networkx.
let app = d.graph.applicationGraph
var edgeText = ""
for (a, b, w) in app.edges { edgeText += "\(a) \(b) \(w)\n" }
_ = write("edges.txt", Array(edgeText.utf8))
var community = [Int](repeating: 0, count: estate.count)
for (g, group) in d.groups.groups.enumerated() { for vm in group.members { community[vm] = g } }
_ = write("ours.txt", Array((community.map(String.init).joined(separator: "\n") + "\n").utf8))

// Planted groups recovered intact: every planted group inside one found group and alone there.
let nameToIndex = Dictionary(uniqueKeysWithValues: estate.vms.enumerated().map { ($1.name, $0) })
var intact = 0
var splitAcrossWaves = 0
for planted in synthetic.plantedGroups {
    let found = Set(planted.map { d.groups.groupOf[nameToIndex[synthetic.vms[$0].name]!] })
    if found.count == 1, d.groups.groups[found.first!].members.count == planted.count { intact += 1 }
    let waves = Set(planted.map { d.waves.waveOf[nameToIndex[synthetic.vms[$0].name]!] })
    if waves.count > 1 { splitAcrossWaves += 1 }
}

let result: JSONValue = [
    "vms": .int(estate.count), "records": .int(flows.records), "links": .int(flows.links.count),
    "edges": .int(app.edges.count), "parse_inventory_s": .double(seconds(t1 - t0)),
    "parse_flows_s": .double(seconds(t2 - t1)), "graph_s": .double(median(graphTimes)),
    "groups_s": .double(median(groupTimes)), "waves_s": .double(median(waveTimes)),
    "groups": .int(d.groups.groups.count), "waves": .int(d.waves.waves.count),
    "modularity": .double(d.groups.modularity), "planted_groups": .int(synthetic.plantedGroups.count),
    "planted_intact": .int(intact), "planted_split_across_waves": .int(splitAcrossWaves),
]
print(result.jsonText)
