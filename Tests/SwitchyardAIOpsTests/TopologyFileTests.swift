import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// Topology files: both shapes in YAML and JSON, and every kind of bad input refused with a located message.
@Suite struct TopologyFileTests {
    @Test(arguments: [
        ("calls:\n  - {caller: frontend, callee: cart}\n  - caller: cart\n    callee: redis\n", "t.yaml"),
        ("- {caller: frontend, callee: cart}\n- {caller: cart, callee: redis}\n", "t.yml"),
        (#"{"calls": [{"caller": "frontend", "callee": "cart"}, {"caller": "cart", "callee": "redis"}]}"#, "t.json"),
        (#"[{"caller": "frontend", "callee": "cart"}, {"caller": "cart", "callee": "redis"}]"#, "t.json"),
        ("frontend: [cart]\ncart: redis\n", "t.yaml"),
        (#"{"frontend": ["cart"], "cart": ["redis"]}"#, "t.json"),
    ])
    func readsBothShapes(text: String, name: String) throws {
        let topology = try ServiceTopology.read(path: AIOpsTestFiles.write(text, name: name))
        #expect(topology.transitiveDependencies(of: "frontend") == ["cart", "redis"])
        #expect(topology.contains("redis"))
    }

    @Test(arguments: [
        ("", "the topology is empty"),
        ("calls: [\n", "not valid YAML or JSON"),
        (#"{"calls": [{"caller": "a", "callee": "b"}"#, "not valid YAML or JSON"),
        ("calls:\n  - frontend -> cart\n", "each call is a mapping {caller: NAME, callee: NAME}, not the value"),
        ("calls:\n  - {caller: frontend}\n", "missing 'callee'"),
        ("calls:\n  - {caller: frontend, callee: \"\"}\n", "'callee' must be a service name"),
        ("calls:\n  - {caller: a, callee: b, to: c}\n", "unknown key 'to' in a call; use caller and callee"),
        ("calls:\n  - {caller: cart, callee: cart}\n", "'cart' calls itself"),
        ("calls: []\n", "the topology lists no call"),
        ("calls: 3\n", "expected a list of calls or a mapping of callers"),
        ("just text\n", "expected a list of calls or a mapping of callers"),
        ("frontend: {cart: yes}\n", "'frontend' maps to a mapping; give the list of services it calls"),
        ("- {caller: [a], callee: b}\n", "'caller' must be a service name"),
    ])
    func refusesBadTopologies(text: String, message: String) {
        let path = AIOpsTestFiles.write(text, name: "bad.yaml")
        do {
            _ = try ServiceTopology.read(path: path)
            Issue.record("accepted \(text)")
        } catch let error as SwitchyardError {
            #expect(error.code == .invalidTopology)
            #expect(error.message.hasPrefix(path), "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect(
            DetectBadInputTests.code { _ = try ServiceTopology.read(path: "/no/such/topology.yaml") } == .fileNotFound)
    }
}
