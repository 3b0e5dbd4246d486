import Foundation
import Testing
import SwitchyardCore
import SwitchyardGraph
@testable import SwitchyardRuntime

@Suite struct WorkflowLoaderTests {
    @Test func builtinAgencyLoads() throws {
        let catalog = try WorkflowCatalog.builtin()
        let agency = try catalog.workflow("agency")
        #expect(agency.nodes.map(\.kind) == ["router", "retrieve", "llm", "transform", "critic", "approval"])
        #expect(agency.hash.count == 64)
        #expect(Set(agency.prompts.keys) == ["agency-classify", "agency-draft", "agency-critic"])
        #expect(agency.appendKeys == ["reviews"])
        // The same text gives the same hash; provenance depends on it.
        #expect(try WorkflowCatalog.builtin().workflow("agency").hash == agency.hash)
    }

    @Test func unknownWorkflowNamesTheKnownOnes() throws {
        let catalog = try WorkflowCatalog.builtin()
        #expect {
            try catalog.workflow("nope")
        } throws: { error in
            (error as? SwitchyardError)?.code == .unknownWorkflow && "\(error)".contains("agency")
        }
    }

    @Test func everyProblemIsReportedAtOnceWithItsLocation() throws {
        let text = """
            name: broken
            nodes:
              first:
                kind: transform
                set: {greeting: "hello {{nobody}}"}
                next: missing
              second:
                kind: teleport
              third:
                kind: llm
                prompt: {context: "hi"}
                output: answer
                schema: {type: 12}
                next: fourth
              fourth:
                kind: transform
                set: {x: 1}
                next: third
            """
        let error = try #require(throws: SwitchyardError.self) {
            try WorkflowLoader().load(text: text, file: "broken.yaml")
        }
        #expect(error.code == .invalidWorkflow)
        let details = error.details.joined(separator: "\n")
        #expect(details.contains("broken.yaml:5:"))  // the undefined variable, on the set line
        #expect(details.contains("'nobody' is not defined"))
        #expect(details.contains("goes to 'missing', which is not a node"))
        #expect(details.contains("broken.yaml:7:3: unknown node kind 'teleport'"))
        #expect(details.contains("the schema in 'schema' does not compile"))
        #expect(details.contains("loop without a bound"))
        #expect(error.details.count >= 5)
    }

    @Test func durabilityIsReadAndAnUnknownOneIsAProblemWithItsLocation() throws {
        let base = "name: d\nnodes:\n  a: {kind: transform, set: {x: 1}, next: end}\n"
        #expect(try WorkflowLoader().load(text: base, file: "d.yaml").durability == .sync)
        let async = try WorkflowLoader().load(text: base + "durability: async\n", file: "d.yaml")
        #expect(async.durability == .async)
        #expect(try WorkflowLoader().load(text: base + "durability: exit\n", file: "d.yaml").durability == .exit)
        let error = try #require(throws: SwitchyardError.self) {
            try WorkflowLoader().load(text: base + "durability: eventually\n", file: "d.yaml")
        }
        #expect(error.code == .invalidWorkflow)
        #expect(error.details.count == 1)
        #expect(error.details.first?.contains("d.yaml:4:") == true)
        #expect(error.details.first?.contains("durability 'eventually' is unknown") == true)
    }

    @Test func yamlSyntaxErrorsHaveLineAndColumn() throws {
        let error = try #require(throws: SwitchyardError.self) {
            try WorkflowLoader().load(text: "name: x\nnodes: [a, b\n", file: "bad.yaml")
        }
        #expect(error.code == .invalidWorkflow)
        #expect(error.details.first?.hasPrefix("bad.yaml:") == true)
        #expect(error.details.first?.contains("not valid YAML") == true)
    }

    @Test func criticLoopsAreBoundedButPlainLoopsAreNot() throws {
        let bounded = """
            name: ok
            state: {reviews: {reducer: append}}
            nodes:
              write: {kind: llm, prompt: {context: "write"}, output: draft, next: check}
              check:
                kind: critic
                prompt: {context: "check {{draft_text}}"}
                draft: draft
                rubric: [clear]
                output: reviews
                max_revisions: 2
                revise: write
                next: end
            """
        #expect(try WorkflowLoader().load(text: bounded, file: "ok.yaml").nodes.count == 2)
    }

    @Test func customNodeKindsCanBeRegistered() throws {
        struct Shout: WorkflowNodeKind {
            let name = "shout"
            func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] { [] }
            func writes(_ node: NodeDefinition) -> Set<String> { ["loud"] }
            func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
                NodeOutput(writes: [("loud", .string((input.state["text"]?.stringValue ?? "").uppercased()))])
            }
        }
        var kinds = NodeKindRegistry.builtin
        kinds.register(Shout())
        let text = "name: s\nnodes:\n  a: {kind: shout, next: end}\n"
        #expect(throws: SwitchyardError.self) { try WorkflowLoader().load(text: text, file: "s.yaml") }
        #expect(try WorkflowLoader(kinds: kinds).load(text: text, file: "s.yaml").nodes.first?.kind == "shout")
    }

    @Test func templateVariablesOutsideSections() {
        let names = TemplateRenderer.topLevelVariables(
            "{{a}} {{#list}}{{inner}}{{/list}} {{{b.c}}} {{^d}}x{{/d}} {{! note}}")
        #expect(names == ["a", "list", "b", "d"])
    }

    @Test func groundingFindsCitationsThatAreNotSources() {
        #expect(Grounding.check("Fast [1] and cheap [2, 3].", sourceCount: 3).issues.isEmpty)
        #expect(Grounding.check("Fast [1] and cheap [2, 3].", sourceCount: 3).citations == [1, 2, 3])
        let wrong = Grounding.check("As shown [7].", sourceCount: 4)
        #expect(wrong.issues == ["citation [7] is not among the retrieved sources [1]–[4]"])
        #expect(Grounding.check("No sources cited.", sourceCount: 2).issues.count == 1)
        #expect(Grounding.check("Nothing retrieved, nothing cited.", sourceCount: 0).issues.isEmpty)
    }

    @Test func approvalDecisionsAreChecked() throws {
        #expect(throws: SwitchyardError.self) { try ApprovalDecision(decision: "maybe") }
        #expect(throws: SwitchyardError.self) { try ApprovalDecision(decision: "reject") }
        #expect(throws: SwitchyardError.self) { try ApprovalDecision(decision: "edit", text: "") }
        #expect(try ApprovalDecision(decision: "edit", text: "new").json["text"] == "new")
    }
}
