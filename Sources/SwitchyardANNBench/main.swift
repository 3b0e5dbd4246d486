import Foundation
import SwitchyardKnowledge

// The Swift half of bench/ann (see bench/ann/run). Two modes, so that the runner can interleave query passes of
// ours and hnswlib's on the shared box instead of measuring one after the other:
//
//   SwitchyardANNBench build DATA_DIR M EF_CONSTRUCTION INDEX_FILE EF_LIST
//       builds our HNSW over DATA_DIR/base.f32 single-threaded, saves it to INDEX_FILE, measures the
//       exact-vs-HNSW crossover size, prints one JSON object.
//   SwitchyardANNBench query DATA_DIR INDEX_FILE EF_LIST
//       loads INDEX_FILE, runs one single-threaded pass of all queries per ef, prints one JSON object
//       {"sweep": [{"ef", "recall", "qps"}]}.
//
// QPS counts CPU seconds of the query thread (CLOCK_THREAD_CPUTIME_ID); hnswlib's side uses Python's
// time.thread_time(), the same clock.

func readFloats(_ path: String) -> [Float] {
    let data = FileManager.default.contents(atPath: path)!
    return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
}

func readInts(_ path: String) -> [Int32] {
    let data = FileManager.default.contents(atPath: path)!
    return data.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func cpuNow() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

func emit(_ object: [String: Any]) throws {
    let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}

let dims = 384
let k = 10
let args = CommandLine.arguments
let mode = args[1]
let dir = args[2]
let queries = readFloats(dir + "/queries.f32")
let truth = readInts(dir + "/gt.i32")
let nq = queries.count / dims
func row(_ buffer: [Float], _ i: Int) -> [Float] { Array(buffer[(i * dims)..<((i + 1) * dims)]) }
let queryRows = (0..<nq).map { row(queries, $0) }
let scratch = HNSWScratch()

if mode == "query" {
    let index = try HNSWIndex(serialized: Array(FileManager.default.contents(atPath: args[3])!))
    var sweep: [[String: Double]] = []
    for ef in args[4].split(separator: ",").map({ Int($0)! }) {
        var found: [[VectorNeighbor]] = []
        found.reserveCapacity(nq)
        let start = cpuNow()
        for q in queryRows { found.append(index.search(q, k: k, ef: ef, scratch: scratch)) }
        let seconds = cpuNow() - start
        var hits = 0
        for (qi, result) in found.enumerated() {
            let expected = Set(truth[(qi * k)..<((qi + 1) * k)].map(Int.init))
            hits += result.filter { expected.contains($0.node) }.count
        }
        let recall = Double(hits) / Double(nq * k)
        sweep.append(["ef": Double(ef), "recall": recall, "qps": Double(nq) / seconds])
    }
    try emit(["sweep": sweep])
    exit(0)
}

// build
let m = Int(args[3])!
let efConstruction = Int(args[4])!
let indexFile = args[5]
let efList = args[6].split(separator: ",").map { Int($0)! }
let base = readFloats(dir + "/base.f32")
let n = base.count / dims
let index = HNSWIndex(dimensions: dims, parameters: .init(m: m, efConstruction: efConstruction), capacity: n)
let buildStart = now()
let buildCPUStart = cpuNow()
base.withUnsafeBufferPointer { all in
    for i in 0..<n {
        index.add(Array(UnsafeBufferPointer(rebasing: all[(i * dims)..<((i + 1) * dims)])))
        if i % 20000 == 0 && i > 0 { log("swift: inserted \(i) (\(Int(now() - buildStart)) s)") }
    }
}
let buildSeconds = now() - buildStart
let buildCPUSeconds = cpuNow() - buildCPUStart
log("swift: built \(n) in \(String(format: "%.1f", buildSeconds)) s (\(String(format: "%.1f", buildCPUSeconds)) CPU-s)")
FileManager.default.createFile(atPath: indexFile, contents: Data(index.serialized()))

// Crossover: the smallest tenant size at which HNSW (at the first ef reaching recall@10 >= 0.95 on that size)
// answers faster than an exact scan of the same vectors.
var crossover: [[String: Double]] = []
var crossoverSize: Int?
for size in [500, 1000, 2000, 4000, 8000, 16000, 32000] where size <= n {
    let small = HNSWIndex(dimensions: dims, parameters: .init(m: m, efConstruction: efConstruction), capacity: size)
    for i in 0..<size { small.append(row(base, i)) }
    small.linkPending()
    let probe = Array(queryRows.prefix(200))
    var exactSeconds = Double.infinity
    var exact: [[VectorNeighbor]] = []
    for _ in 0..<3 {
        let start = cpuNow()
        exact = probe.map { small.exactSearch($0, k: k) }
        exactSeconds = min(exactSeconds, cpuNow() - start)
    }
    let exactQPS = Double(probe.count) / exactSeconds
    var chosen: (ef: Int, qps: Double, recall: Double)?
    for ef in efList {
        var seconds = Double.infinity
        var approx: [[VectorNeighbor]] = []
        for _ in 0..<3 {
            let start = cpuNow()
            approx = probe.map { small.search($0, k: k, ef: ef, scratch: scratch) }
            seconds = min(seconds, cpuNow() - start)
        }
        var hits = 0
        for (a, e) in zip(approx, exact) {
            let expected = Set(e.map(\.node))
            hits += a.filter { expected.contains($0.node) }.count
        }
        let recall = Double(hits) / Double(probe.count * k)
        if recall >= 0.95 {
            chosen = (ef, Double(probe.count) / seconds, recall)
            break
        }
    }
    let c = chosen ?? (0, 0, 0)
    log("swift: size \(size): exact \(Int(exactQPS)) qps, hnsw ef \(c.ef) \(Int(c.qps)) qps recall \(c.recall)")
    crossover.append(["size": Double(size), "exact_qps": exactQPS, "hnsw_qps": c.qps, "ef": Double(c.ef)])
    if crossoverSize == nil && c.qps > exactQPS { crossoverSize = size }
}

try emit([
    "n": n, "queries": nq, "dims": dims, "m": m, "ef_construction": efConstruction,
    "build_seconds": buildSeconds, "build_cpu_seconds": buildCPUSeconds, "bytes_per_vector": index.bytesPerVector,
    "crossover": crossover, "crossover_size": crossoverSize ?? -1,
])
