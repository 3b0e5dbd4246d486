import Foundation
import SwitchyardCore
import SwitchyardGraph

/// `approval`: stops the run for a person. The payload shows what an approver needs: the deliverable, the
/// citations, the reviews, the cost so far. The answer is `{decision: approve | reject | edit, comment, text}`:
/// `approve` goes to `next`; `edit` replaces the deliverable with `text`, then goes to `next`; `reject` writes
/// the comment to `feedback` and goes to `on_reject` (a node to loop back to, or `end`).
public struct ApprovalNodeKind: WorkflowNodeKind {
    public let name = "approval"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(node, allowed: ["deliverable", "show", "on_reject", "next", "title"])
        checks.requireString("deliverable", "the state key holding what is approved")
        if node.fields["show"] != nil, node.strings("show") == nil {
            checks.problems.append(WorkflowProblem(node.location(of: "show"), "'show' is a list of state keys"))
        }
        return checks.problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> {
        Set([node.string("deliverable"), "feedback", "approval"].compactMap { $0 })
    }

    public func successors(_ node: NodeDefinition) -> [String] {
        [node.next ?? "end", node.string("on_reject") ?? "end"]
    }

    public var boundsLoops: Bool { true }
    public func templates(
        _ node: NodeDefinition, in workflow: WorkflowDefinition
    ) -> [(text: String, location: SourceLocation)] { [] }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let deliverableKey = node.string("deliverable") ?? ""
        var payload: [String: JSONValue] = [
            "node": .string(node.name), "title": .string(node.string("title") ?? "Approve \(deliverableKey)"),
            "deliverable": input.state[deliverableKey] ?? .null,
        ]
        for key in node.strings("show") ?? [] { payload[key] = input.state[key] ?? .null }
        if let store = input.services.store {
            let usage = try await store.usage(tenant: input.services.tenant, since: .distantPast, by: .run)
            let mine = usage.first { $0.group == input.services.runID }
            payload["cost_so_far_usd"] = .double(mine?.costUSD ?? 0)
            payload["tokens_so_far"] = .int((mine?.promptTokens ?? 0) + (mine?.completionTokens ?? 0))
        }
        let answer = try input.context.interrupt(.object(payload))
        let decision = try ApprovalDecision(answer)
        let record: JSONValue = [
            "decision": .string(decision.decision), "comment": .string(decision.comment ?? ""),
            "node": .string(node.name),
        ]
        switch decision.decision {
        case "approve":
            return NodeOutput(writes: [("approval", record)], goto: [.node(target(node.next ?? "end"))])
        case "edit":
            return NodeOutput(
                writes: [("approval", record), (deliverableKey, .string(decision.text ?? ""))],
                goto: [.node(target(node.next ?? "end"))])
        default:
            return NodeOutput(
                writes: [("approval", record), ("feedback", .string(decision.comment ?? ""))],
                goto: [.node(target(node.string("on_reject") ?? "end"))])
        }
    }
}

/// A person's answer to an approval.
public struct ApprovalDecision: Sendable, Hashable {
    /// `approve`, `reject` or `edit`.
    public var decision: String
    public var comment: String?
    /// The replacement deliverable, for `edit`.
    public var text: String?

    /// A checked decision.
    /// - Parameters:
    ///   - decision: `approve`, `reject` or `edit`.
    ///   - comment: What to change; required for `reject`.
    ///   - text: The replacement deliverable; required for `edit`.
    /// - Throws: `invalid_decision` for an unknown decision, an edit without text or a rejection without comment.
    public init(decision: String, comment: String? = nil, text: String? = nil) throws {
        guard ["approve", "reject", "edit"].contains(decision) else {
            throw SwitchyardError(
                code: .invalidDecision,
                message: "decision \(decision.quotedExcerpt(limit: 40)) is unknown; use approve, reject or edit")
        }
        if decision == "edit", (text ?? "").isEmpty {
            throw SwitchyardError(code: .invalidDecision, message: "an edit needs the replacement text (--text)")
        }
        if decision == "reject", (comment ?? "").isEmpty {
            throw SwitchyardError(code: .invalidDecision, message: "a rejection needs a comment saying what to change")
        }
        self.decision = decision
        self.comment = comment
        self.text = text
    }

    /// Reads `{decision, comment, text}`.
    /// - Parameter json: The answer object.
    /// - Throws: `invalid_decision` when `decision` is missing or the decision is not valid.
    public init(_ json: JSONValue) throws {
        guard let decision = json["decision"]?.stringValue else {
            throw SwitchyardError(
                code: .invalidDecision, message: "an approval answer is {\"decision\": \"approve|reject|edit\", …}")
        }
        try self.init(decision: decision, comment: json["comment"]?.stringValue, text: json["text"]?.stringValue)
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = ["decision": .string(decision)]
        if let comment { object["comment"] = .string(comment) }
        if let text { object["text"] = .string(text) }
        return .object(object)
    }
}
