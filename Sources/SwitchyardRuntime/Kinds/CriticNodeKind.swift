import Foundation
import SwitchyardCore
import SwitchyardGraph
import SwitchyardModelAPI

/// `critic`: reviews a draft against a rubric and returns `{pass, issues[], feedback}`.
///
/// Grounding is checked deterministically first: every `[n]` the draft cites must be one of the run's retrieved
/// sources, and a draft must cite at least one when sources exist — a citation that is not among them fails the
/// draft whatever the model says. On fail it goes back to `revise` with the feedback, at most `max_revisions`
/// times; then to `on_exhausted` (an approval, with the reviews attached) or, with `on_exhausted: fail`, the run
/// fails with `revisions_exhausted`.
public struct CriticNodeKind: WorkflowNodeKind {
    public let name = "critic"
    public init() {}

    public static let reviewSchema: JSONValue = [
        "type": "object", "required": ["pass", "issues", "feedback"], "additionalProperties": false,
        "properties": [
            "pass": ["type": "boolean"],
            "issues": ["type": "array", "items": ["type": "string", "maxLength": 160], "maxItems": 3],
            "feedback": ["type": "string", "maxLength": 300],
        ],
    ]

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(
            node,
            allowed: [
                "prompt", "task", "draft", "sources", "rubric", "output", "max_revisions", "revise", "on_exhausted",
                "next", "max_tokens", "model",
            ])
        checks.prompt(in: workflow, required: true)
        checks.requireString("draft", "the state key holding the draft to review")
        checks.requireString("revise", "the node that revises the draft on fail")
        checks.requireStrings("rubric", "criteria")
        checks.optionalInt("max_revisions", min: 0)
        if node.fields["max_revisions"] == nil {
            checks.problems.append(
                WorkflowProblem(node.location, "critic '\(node.name)' needs 'max_revisions' (the loop's bound)"))
        }
        if let output = node.string("output"), !workflow.appendKeys.contains(output) {
            checks.problems.append(
                WorkflowProblem(
                    node.location(of: "output"),
                    "critic output '\(output)' keeps every review: declare it in 'state' with 'reducer: append'"))
        }
        return checks.problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> {
        Set([node.string("output"), "feedback"].compactMap { $0 })
    }

    public func successors(_ node: NodeDefinition) -> [String] {
        var targets = [node.next, node.string("revise")].compactMap { $0 }
        if let exhausted = node.string("on_exhausted"), exhausted != "fail" { targets.append(exhausted) }
        return targets
    }

    public var boundsLoops: Bool { true }
    public func localVariables(_ node: NodeDefinition) -> Set<String> { ["item", "draft_text", "rubric", "grounding"] }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let draft = input.state[node.string("draft") ?? ""]?.stringValue ?? ""
        let sources = node.string("sources").flatMap { input.state[$0]?.arrayValue } ?? []
        let revisions = input.state.values["__revisions__.\(node.name)"]?.intValue ?? 0
        let grounding = Grounding.check(draft, sourceCount: sources.count)
        let rubric = node.strings("rubric") ?? []
        let response = try await ModelCall.ask(
            node, input, schema: Self.reviewSchema, defaultTask: "reason",
            extra: [
                "draft_text": .string(draft), "rubric": .array(rubric.map(JSONValue.string)),
                "grounding": .string(
                    grounding.issues.isEmpty ? "all citations found" : grounding.issues.joined(separator: "; ")),
            ])
        var modelPass = true
        var issues = grounding.issues
        var feedback = ""
        if let review = try? JSONValue(parsing: response.message.content) {
            modelPass = review["pass"]?.boolValue ?? true
            issues += review["issues"]?.arrayValue?.compactMap(\.stringValue) ?? []
            feedback = review["feedback"]?.stringValue ?? ""
        } else {
            issues.append("the reviewer's answer was not readable; judged on grounding alone")
        }
        let pass = grounding.issues.isEmpty && modelPass
        if !grounding.issues.isEmpty {
            feedback = (["Fix the citations: " + grounding.issues.joined(separator: "; ")] + [feedback])
                .filter { !$0.isEmpty }.joined(separator: " ")
        }
        let review: JSONValue = [
            "node": .string(node.name), "revision": .int(revisions), "pass": .bool(pass),
            "model_pass": .bool(modelPass), "issues": .array(issues.map(JSONValue.string)),
            "feedback": .string(feedback), "citations": .array(grounding.citations.map(JSONValue.int)),
            "grounded": .bool(grounding.issues.isEmpty),
        ]
        var writes: [(String, JSONValue)] = [("feedback", .string(pass ? "" : feedback))]
        if let output = node.string("output") { writes.append((output, review)) }
        input.services.emit("review", review)
        if pass { return NodeOutput(writes: writes, goto: [.node(target(node.next ?? "end"))]) }
        if revisions < (node.int("max_revisions") ?? 0) {
            writes.append(("__revisions__.\(node.name)", .int(revisions + 1)))
            return NodeOutput(writes: writes, goto: [.node(target(node.string("revise") ?? "end"))])
        }
        guard let exhausted = node.string("on_exhausted"), exhausted != "fail" else {
            throw SwitchyardError(
                code: .revisionsExhausted,
                message: "critic '\(node.name)': the draft still fails after \(revisions) revisions",
                details: issues)
        }
        writes.append(("escalated", .bool(true)))
        return NodeOutput(writes: writes, goto: [.node(target(exhausted))])
    }
}

/// The deterministic grounding check: which `[n]` a text cites, and which of those are not sources.
public struct Grounding: Sendable, Hashable {
    public var citations: [Int]
    public var issues: [String]

    /// Checks `text` against `sourceCount` numbered sources (1…sourceCount).
    /// - Parameters:
    ///   - text: The draft, citing sources as `[n]`.
    ///   - sourceCount: How many sources were retrieved.
    public static func check(_ text: String, sourceCount: Int) -> Grounding {
        var citations: [Int] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: "]") else { break }
            let inside = rest[..<close]
            for part in inside.split(separator: ",") {
                if let n = Int(part.trimmingCharacters(in: .whitespaces)) { citations.append(n) }
            }
            rest = rest[rest.index(after: close)...]
        }
        var issues: [String] = []
        if sourceCount > 0 && citations.isEmpty {
            issues.append("the draft cites no source; cite the retrieved sources as [n]")
        }
        for n in Set(citations).sorted() where n < 1 || n > sourceCount {
            issues.append(
                sourceCount == 0
                    ? "citation [\(n)] has no retrieved source (none were retrieved)"
                    : "citation [\(n)] is not among the retrieved sources [1]–[\(sourceCount)]")
        }
        return Grounding(citations: citations, issues: issues)
    }
}
