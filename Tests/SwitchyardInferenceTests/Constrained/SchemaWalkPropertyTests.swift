import PropertyBased
import SwitchyardCore
import Testing

@testable import SwitchyardInference

/// Without a model: random byte walks through random schemas' automata (random allowed bytes, then the
/// shortest way to acceptance) always end in JSON that the Core validator accepts.
@Suite("JSON Schema automaton walks")
struct SchemaWalkPropertyTests {
    @Test func randomWalksValidate() async throws {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SeededGenerator(seed: UInt64(seed))
            let schema = RandomSchemas.schema(using: &rng)
            let constraint = try DecodingConstraint.jsonSchema(schema)
            var state = constraint.start()
            var bytes: [UInt8] = []
            let freeSteps = Int.random(in: 0...120, using: &rng)
            while !state.isComplete {
                if bytes.count >= freeSteps && state.isAccepting { break }
                var options: [(UInt8, ConstraintState)] = []
                for b in UInt8(0)...UInt8(255) {
                    var next = state
                    if next.advance(byte: b) { options.append((b, next)) }
                }
                if bytes.count >= freeSteps {
                    let here = state.bytesToAccept ?? 0
                    options = options.filter { ($0.1.bytesToAccept ?? .max) < here }
                }
                let pick = try #require(options.randomElement(using: &rng), "stuck after \(bytes)")
                bytes.append(pick.0)
                state = pick.1
                #expect(bytes.count < 5_000)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let value = try JSONValue(parsing: text)
            #expect(try JSONSchema(schema).isValid(value), "\(schema.jsonText) → \(text)")
        }
    }
}
