import SwitchyardAIOps
import SwitchyardCore
import SwitchyardGraph
import SwitchyardRuntime

/// `aiops.incidents`: the incidents step in a workflow. Reads the run's input (``IncidentInput``: series and
/// logs inline, an optional topology and window), finds the incidents and ranks their root causes
/// (``IncidentAnalysis``) and, with `summarize: true`, has the run's model summarise each one, grounded on its
/// evidence (``IncidentSummarizer``: sentences without a valid `[S1]`/`[L1]` citation are dropped and listed).
/// Writes the report's JSON (`switchyard aiops incidents --json`'s shape) to `output`.
///
/// Fields: `output` (required), `summarize` (bool, default false), `task` (default `summarize`), `max_tokens`
/// (default 240), `next`.
public struct IncidentsNodeKind: WorkflowNodeKind {
    public let name = "aiops.incidents"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(node, allowed: ["output", "summarize", "task", "max_tokens", "next"])
        checks.requireString("output", "the state key for the report")
        checks.optionalInt("max_tokens", min: 1)
        var problems = checks.problems
        if let summarize = node.fields["summarize"], summarize.boolValue == nil {
            problems.append(WorkflowProblem(node.location(of: "summarize"), "'summarize' is true or false"))
        }
        if let task = node.fields["task"], task.stringValue == nil {
            problems.append(WorkflowProblem(node.location(of: "task"), "'task' is a string"))
        }
        return problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { Set([node.string("output")].compactMap { $0 }) }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let request = try IncidentInput(input.state.values["input"] ?? .null)
        var report = try IncidentAnalysis.run(series: request.series, logs: request.logs, options: request.options)
        if node.fields["summarize"]?.boolValue == true, !report.incidents.isEmpty {
            let model = JournaledChatModel(
                services: input.services, node: node.name,
                key: "\(input.services.runID)/\(input.context.taskID)")
            let summarizer = IncidentSummarizer(
                model: model, maxTokens: node.int("max_tokens") ?? 240, task: node.string("task") ?? "summarize")
            report = try await summarizer.summarize(report)
        }
        input.services.emit(
            "incidents",
            [
                "incidents": .int(report.incidents.count),
                "root_causes": .array(
                    report.incidents.compactMap { $0.incident.rootCauses.first.map { .string($0.service) } }),
            ])
        return NodeOutput(writes: [(node.string("output") ?? node.name, report.json)])
    }
}
