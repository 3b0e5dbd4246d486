import PropertyBased
import SwitchyardCore
import Testing

@Suite("JSONSchema properties")
struct JSONSchemaPropertyTests {
    @Test func generatedInstancesValidate() async throws {
        await propertyCheck(count: 300, maxDiscardRatio: 0.2, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SeededRandom(seed: seed)
            let shape = SampleShape.random(depth: 3, using: &rng)
            guard shape.isSatisfiable else { return .discarded }
            let schema = try JSONSchema(shape.schema)
            let instance = shape.instance(using: &rng)
            #expect(schema.validate(instance).isEmpty, "\(shape.schema.jsonText) vs \(instance.jsonText)")
            #expect(schema.isValid(instance))
            return .checked
        }
    }

    @Test func oneWrongTypeGivesExactlyOneErrorAtItsPointer() async throws {
        await propertyCheck(count: 300, maxDiscardRatio: 0.3, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SeededRandom(seed: seed)
            let shape = SampleShape.random(depth: 3, using: &rng)
            guard shape.isSatisfiable else { return .discarded }
            let schema = try JSONSchema(shape.schema)
            let instance = shape.instance(using: &rng)
            let leaves = InstanceEdit.leafPointers(instance)
            guard let leaf = leaves.randomElement(using: &rng) else { return .discarded }
            let original = JSONPointer.resolve(InstanceEdit.pointer(leaf), in: instance)!
            let (replacement, wrongName) = InstanceEdit.wrongType(for: original)
            let broken = InstanceEdit.replacing(instance, at: leaf[...], with: replacement)
            let errors = schema.validate(broken)
            #expect(errors.count == 1, "\(errors) for \(broken.jsonText)")
            #expect(errors.first?.instanceLocation == InstanceEdit.pointer(leaf))
            #expect(errors.first?.message.hasSuffix("got \(wrongName)") == true, "\(errors)")
            #expect(!schema.isValid(broken))
            return .checked
        }
    }

    @Test func everyBrokenLeafIsReported() async throws {
        await propertyCheck(count: 200, maxDiscardRatio: 0.2, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SeededRandom(seed: seed)
            let shape = SampleShape.random(depth: 3, using: &rng)
            guard shape.isSatisfiable else { return .discarded }
            let schema = try JSONSchema(shape.schema)
            var instance = shape.instance(using: &rng)
            let chosen = InstanceEdit.leafPointers(instance).shuffled(using: &rng).prefix(3)
            for leaf in chosen {
                let (replacement, _) = InstanceEdit.wrongType(
                    for: JSONPointer.resolve(InstanceEdit.pointer(leaf), in: instance)!)
                instance = InstanceEdit.replacing(instance, at: leaf[...], with: replacement)
            }
            let errors = schema.validate(instance)
            #expect(Set(errors.map(\.instanceLocation)) == Set(chosen.map(InstanceEdit.pointer)), "\(errors)")
            #expect(errors.count == chosen.count)
            return .checked
        }
    }

    @Test func quickCheckAgreesWithFullReport() async throws {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SeededRandom(seed: seed)
            let schemaShape = SampleShape.random(depth: 3, using: &rng)
            let otherShape = SampleShape.random(depth: 3, using: &rng)
            let schema = try JSONSchema(schemaShape.schema)
            let instance =
                Bool.random(using: &rng) ? otherShape.instance(using: &rng) : schemaShape.instance(using: &rng)
            let errors = schema.validate(instance)
            #expect(schema.isValid(instance) == errors.isEmpty)
            for error in errors {
                #expect(JSONPointer.resolve(error.instanceLocation, in: instance) != nil, "\(error)")
            }
        }
    }
}
