import Foundation
import SwitchyardCore
import SwitchyardGraph

/// The demo workflow: plan → research fan-out (one task per subtopic) → draft ⇄ critic (a bounded cycle) →
/// human approval (an interrupt) → publish. Nodes append to `log`, so a run shows which node ran when.
struct DemoState: GraphState {
    var topic = ""
    var subtopics: [String] = []
    var notes: [String] = []
    var draft = ""
    var revisions = 0
    var maxRevisions = 2
    var requireApproval = true
    var delayMs = 0
    var approval = ""
    var published = false
    var log: [String] = []

    static let channels: [Channel<DemoState>] = [
        Channel("topic", \.topic),
        Channel("subtopics", \.subtopics),
        Channel("notes", \.notes, reducer: .append),
        Channel("draft", \.draft),
        Channel("revisions", \.revisions, reducer: .sum),
        Channel("maxRevisions", \.maxRevisions),
        Channel("requireApproval", \.requireApproval),
        Channel("delayMs", \.delayMs),
        Channel("approval", \.approval),
        Channel("published", \.published),
        Channel("log", \.log, reducer: .append),
    ]
}

enum DemoGraph {
    static let name = "demo"

    static func make(checkpointer: any Checkpointer) throws -> CompiledGraph<DemoState> {
        var graph = StateGraph(DemoState.self)
        graph.addNode("plan") { state, ctx in
            try await pause(state)
            let subtopics = ["audience", "competitors", "keywords"].map { "\(state.topic): \($0)" }
            return [.write(\.subtopics, subtopics), .write(\.log, ["\(ctx.step):plan"])]
        }
        graph.addNode(
            "research", options: NodeOptions(retry: RetryPolicy(maxAttempts: 3, initialInterval: .milliseconds(10)))
        ) {
            state, ctx in
            try await pause(state)
            let subtopic = try ctx.argument(String.self)
            return [.write(\.notes, ["finding on \(subtopic)"]), .write(\.log, ["\(ctx.step):research(\(subtopic))"])]
        }
        graph.addNode("draft") { state, ctx in
            try await pause(state)
            let text =
                "Report on \(state.topic) (revision \(state.revisions + 1)): "
                + state.notes.sorted().joined(separator: "; ")
            return [.write(\.draft, text), .write(\.revisions, 1), .write(\.log, ["\(ctx.step):draft"])]
        }
        graph.addNode("critic") { state, ctx in
            try await pause(state)
            return [.write(\.log, ["\(ctx.step):critic(\(state.revisions)/\(state.maxRevisions))"])]
        }
        graph.addNode("approve") { state, ctx in
            let answer = try ctx.interrupt(["question": "Publish this report?", "draft": .string(state.draft)])
            let approved =
                answer.boolValue
                ?? (answer["approved"]?.boolValue
                    ?? (answer.stringValue.map { ["yes", "y", "approve", "approved"].contains($0.lowercased()) }
                        ?? false))
            return [.write(\.approval, approved ? "approved" : "rejected"), .write(\.log, ["\(ctx.step):approve"])]
        }
        graph.addNode("publish") { state, ctx in
            try await pause(state)
            return [.write(\.published, true), .write(\.log, ["\(ctx.step):publish"])]
        }
        graph.setEntry("plan")
        graph.addConditionalEdges(from: "plan", targets: ["research"]) { state in
            try state.subtopics.map { try Target.send("research", $0) }
        }
        graph.addEdge(from: "research", to: "draft")
        graph.addEdge(from: "draft", to: "critic")
        graph.addConditionalEdge(from: "critic", targets: ["draft", "approve", "publish"]) { state in
            if state.revisions < state.maxRevisions { return .node("draft") }
            return .node(state.requireApproval ? "approve" : "publish")
        }
        graph.addConditionalEdge(from: "approve", targets: ["publish", END]) { state in
            state.approval == "approved" ? .node("publish") : .end
        }
        graph.addEdge(from: "publish", to: END)
        return try graph.compile(checkpointer: checkpointer, name: name)
    }

    /// The input that starts a demo thread.
    /// Steps a run of `revisions` draft/critic rounds may take: two per round, plus plan, research, approval and
    /// publish, with room to spare; a resumed thread gets the same.
    static func recursionLimit(revisions: Int) -> Int { 4 * max(1, revisions) + 20 }

    static func input(topic: String, revisions: Int, approval: Bool, delayMs: Int) -> Update<DemoState> {
        [
            .write(\.topic, topic), .write(\.maxRevisions, revisions), .write(\.requireApproval, approval),
            .write(\.delayMs, delayMs),
        ]
    }

    private static func pause(_ state: DemoState) async throws {
        if state.delayMs > 0 { try await Task.sleep(for: .milliseconds(state.delayMs)) }
    }
}
