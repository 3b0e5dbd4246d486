import Foundation
import SwitchyardCore
import SwitchyardGraph
import Testing

/// The hand-written JSON of checkpoints (`CheckpointJSON`) and of common channel values must decode, with
/// Foundation's `JSONDecoder`, to exactly what was written.
@Suite struct CheckpointJSONTests {
    /// Strings that stress escaping: quotes, backslashes, every control character, slashes, non-ASCII.
    static func randomString(_ rng: inout SplitMix64) -> String {
        let pool: [String] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{0}", "\u{1F}", "\u{7F}", "é", "😀", "𝄞",
            "\u{2028}",
        ]
        return (0..<Int.random(in: 0...12, using: &rng)).map { _ in pool.randomElement(using: &rng)! }.joined()
    }

    @Test func metadataAndNextRoundTripThroughJSONDecoder() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let nodes = (0..<Int.random(in: 0...4, using: &rng)).map { _ in Self.randomString(&rng) }
            var durations: [String: Double] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                durations[Self.randomString(&rng)] = Double.random(in: 0...5000, using: &rng)
            }
            let fork =
                Bool.random(using: &rng)
                ? ForkOrigin(thread: Self.randomString(&rng), checkpoint: Self.randomString(&rng)) : nil
            let metadata = CheckpointMetadata(
                source: Self.randomString(&rng), nodes: nodes, durationsMs: durations, forkedFrom: fork,
                createdAt: Date(timeIntervalSinceReferenceDate: Double.random(in: -1e9...1e9, using: &rng)))
            let decoded = try JSONDecoder().decode(
                CheckpointMetadata.self, from: Data(CheckpointJSON.metadata(metadata)))
            #expect(decoded.source == metadata.source, "seed \(seed)")
            #expect(decoded.nodes == metadata.nodes, "seed \(seed)")
            #expect(decoded.durationsMs == metadata.durationsMs, "seed \(seed)")
            #expect(decoded.forkedFrom == metadata.forkedFrom, "seed \(seed)")
            #expect(decoded.createdAt == metadata.createdAt, "seed \(seed)")

            let tasks = (0..<Int.random(in: 0...3, using: &rng)).map { i in
                TaskSpec(
                    id: Self.randomString(&rng), node: Self.randomString(&rng),
                    argument: i == 1 ? .object(["k": .string(Self.randomString(&rng)), "n": 3]) : nil)
            }
            #expect(try JSONDecoder().decode([TaskSpec].self, from: Data(CheckpointJSON.next(tasks))) == tasks)
        }
    }

    @Test func metadataIsTheJSONThatJSONEncoderWrites() throws {
        let metadata = CheckpointMetadata(
            source: "loop", nodes: ["a", "b/c"], durationsMs: ["1:a": 0.25, "1:b": 3],
            forkedFrom: ForkOrigin(thread: "t", checkpoint: "c"), createdAt: Date(timeIntervalSinceReferenceDate: 5))
        let ours = try JSONSerialization.jsonObject(with: Data(CheckpointJSON.metadata(metadata))) as? NSDictionary
        let foundation = try JSONSerialization.jsonObject(with: JSONCoding.encoder.encode(metadata)) as? NSDictionary
        #expect(ours == foundation)
    }

    struct Values: GraphState, Equatable {
        var int = 0
        var double = 0.0
        var flag = false
        var text = ""
        var texts: [String] = []
        var ints: [Int] = []
        static let channels: [Channel<Values>] = [
            Channel("int", \.int), Channel("double", \.double), Channel("flag", \.flag), Channel("text", \.text),
            Channel("texts", \.texts), Channel("ints", \.ints),
        ]
    }

    @Test func channelValuesWrittenWithoutJSONEncoderReplayToTheSameState() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        let store = InMemoryCheckpointer()
        for round in 0..<30 {
            let value = Values(
                int: Int.random(in: Int.min...Int.max, using: &rng),
                double: [Double.random(in: -1e6...1e6, using: &rng), 1e300, -0.5, 123][round % 4],
                flag: Bool.random(using: &rng), text: Self.randomString(&rng),
                texts: (0..<3).map { _ in Self.randomString(&rng) },
                ints: (0..<3).map { _ in Int.random(in: -1000...1000, using: &rng) })
            var graph = StateGraph(Values.self)
            graph.addNode("set") { _, _ in
                [
                    .write(\.int, value.int), .write(\.double, value.double), .write(\.flag, value.flag),
                    .write(\.text, value.text), .write(\.texts, value.texts), .write(\.ints, value.ints),
                ]
            }
            graph.setEntry("set")
            let thread = "r\(round)"
            // The input checkpoint is a snapshot; the step's writes are a delta of channel JSON, replayed below.
            _ = try await graph.compile(checkpointer: store, name: "v").invoke(tenant: tenant, thread: thread)
            let replayed = try await graph.compile(checkpointer: store, name: "v").state(tenant: tenant, thread: thread)
            #expect(replayed.checkpoint.delta != nil, "seed \(seed)")
            #expect(replayed.state == value, "seed \(seed) round \(round)")
        }
    }

    struct JSONFields: GraphState, Equatable {
        var one: JSONValue = .null
        var object: [String: JSONValue] = [:]
        var lists: [String: [JSONValue]] = [:]
        static let channels: [Channel<JSONFields>] = [
            Channel("one", \.one), Channel("object", \.object), Channel("lists", \.lists),
        ]
    }

    static func randomJSON(_ rng: inout SplitMix64, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &rng))
        case 3:
            return .double(
                [Double.random(in: -1e6...1e6, using: &rng), 1e300, -0.5, 0.1][Int.random(in: 0..<4, using: &rng)])
        case 4: return .string(randomString(&rng))
        case 5: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in randomJSON(&rng, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                members[randomString(&rng)] = randomJSON(&rng, depth: depth + 1)
            }
            return .object(members)
        }
    }

    /// A declarative workflow's state is JSON values: written with the byte-level JSON writer and read back with
    /// its parser, not Foundation's coders, they must replay to the same state; JSON cannot hold a NaN, so a value
    /// with one is refused as `JSONEncoder` refused it, not written as `null`.
    @Test func jsonValueChannelsReplayToTheSameStateAndNaNIsRefused() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        let store = InMemoryCheckpointer()
        for round in 0..<30 {
            var object: [String: JSONValue] = [:]
            var lists: [String: [JSONValue]] = [:]
            for _ in 0..<3 {
                object[Self.randomString(&rng)] = Self.randomJSON(&rng)
                lists[Self.randomString(&rng)] = (0..<2).map { _ in Self.randomJSON(&rng) }
            }
            let value = JSONFields(one: Self.randomJSON(&rng), object: object, lists: lists)
            var graph = StateGraph(JSONFields.self)
            graph.addNode("set") { _, _ in
                [.write(\.one, value.one), .write(\.object, value.object), .write(\.lists, value.lists)]
            }
            graph.setEntry("set")
            let thread = "j\(round)"
            _ = try await graph.compile(checkpointer: store, name: "j").invoke(tenant: tenant, thread: thread)
            let replayed = try await graph.compile(checkpointer: store, name: "j").state(tenant: tenant, thread: thread)
            #expect(replayed.checkpoint.delta != nil, "seed \(seed)")
            #expect(replayed.state == value, "seed \(seed) round \(round)")
        }
        var graph = StateGraph(JSONFields.self)
        graph.addNode("set") { _, _ in [.write(\.object, ["x": .array([.double(.nan)])])] }
        graph.setEntry("set")
        let result = try await graph.compile(checkpointer: store, name: "j").invoke(tenant: tenant, thread: "nan")
        #expect(result.status == .failed)
        #expect(try await store.thread(tenant: tenant, id: "nan")?.status != .completed)
    }
}
