import Foundation
import SwitchyardCore
import SwitchyardGraph
import SwitchyardMigration
import SwitchyardModelAPI
import SwitchyardRuntime

/// `migration.propose_fixes`: an `llm` step that asks a model for JSON Patch fixes to the lint and policy
/// findings, then re-lints every proposal before anything is shown: a proposal is kept only when its finding is
/// gone and the whole manifest set passes the schemas and the policy with nothing new; the others are dropped
/// and counted with the reason. Nothing unvalidated is emitted.
///
/// Writes `manifests` (with the accepted patches), `findings` (what is left) and `fix_proposals`
/// (`{shown, proposed, accepted: [...], dropped: [{finding, reason}], error}`). With no findings the model is not
/// called. A failed model call is recorded in `fix_proposals.error` and the run goes on without fixes: the step
/// only advises.
///
/// Fields: `prompt` (sections; `findings` is the numbered list), `task` (default `reason`), `model`,
/// `max_tokens` (default 600), `max_findings` (default 8), `temperature`, `next`.
public struct ProposeFixesNodeKind: WorkflowNodeKind {
    public let name = "migration.propose_fixes"
    let access: MigrationFileAccess

    /// Makes the kind.
    /// - Parameter access: where runs may read a policy file.
    public init(access: MigrationFileAccess) { self.access = access }

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(
            node, allowed: ["prompt", "task", "model", "max_tokens", "max_findings", "temperature", "next"])
        if node.fields["prompt"] == nil {
            checks.problems.append(
                WorkflowProblem(node.location, "node '\(node.name)' needs a 'prompt' (a prompt file name or sections)"))
        }
        checks.optionalInt("max_tokens", min: 1)
        checks.optionalInt("max_findings", min: 1)
        return checks.problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> {
        [MigrationState.manifests, MigrationState.findings, "fix_proposals"]
    }

    public func localVariables(_ node: NodeDefinition) -> Set<String> { ["findings_list", "finding_count"] }

    /// What the model must answer: `{fixes: [{finding, patch: [{op, path, value}], why}]}`.
    static let answerSchema: JSONValue = [
        "type": "object", "required": ["fixes"], "additionalProperties": false,
        "properties": [
            "fixes": [
                "type": "array", "maxItems": 16,
                "items": [
                    "type": "object", "required": ["finding", "patch"], "additionalProperties": false,
                    "properties": [
                        "finding": ["type": "integer", "minimum": 0],
                        "why": ["type": "string", "maxLength": 240],
                        "patch": [
                            "type": "array", "minItems": 1, "maxItems": 8,
                            "items": [
                                "type": "object", "required": ["op", "path"], "additionalProperties": false,
                                "properties": [
                                    "op": ["enum": ["add", "replace", "remove"]],
                                    "path": ["type": "string", "maxLength": 300],
                                    "value": ["type": ["string", "number", "boolean", "object", "array"]],
                                ],
                            ],
                        ],
                    ],
                ],
            ]
        ],
    ]

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let settings = try MigrationState.settings(input)
        let (estate, _) = try MigrationState.estate(input, node: node.name)
        let manifests = try MigrationState.read([Manifest].self, MigrationState.manifests, input, node: node.name)
        let findings = try MigrationState.read([LintFinding].self, MigrationState.findings, input, node: node.name)
        let validator = FixValidator(
            linter: try ManifestLinter(), policy: try MigrationState.policy(settings, access, input),
            expectedVMs: MigrationState.expectedVMs(estate))
        // Errors first; the model sees at most max_findings.
        let shown = Array(
            (findings.filter { $0.severity == .error } + findings.filter { $0.severity != .error })
                .prefix(node.int("max_findings") ?? 8))
        var report: [String: JSONValue] = [
            "shown": .int(shown.count), "proposed": 0, "accepted": [], "dropped": [], "error": .null,
        ]
        guard !shown.isEmpty else {
            return NodeOutput(writes: [("fix_proposals", .object(report))])
        }
        guard settings.target != "aws" else {
            // The fixes are JSON Patches re-linted against Kubernetes schemas; Terraform findings are fixed by
            // transpiling again.
            report["error"] = "target aws: no model fixes for Terraform findings"
            return NodeOutput(writes: [("fix_proposals", .object(report))])
        }
        let proposals: [FixProposal]
        do {
            proposals = try await ask(node, input, shown: shown, manifests: manifests)
        } catch let error as SwitchyardError where error.code != .budgetExceeded {
            report["error"] = .string("\(error.code): \(error.message)")
            return NodeOutput(writes: [("fix_proposals", .object(report))])
        }
        let review = validator.review(proposals, findings: shown, manifests: manifests)
        report["proposed"] = .int(proposals.count)
        report["accepted"] = try MigrationState.encode(review.accepted)
        report["dropped"] = try MigrationState.encode(review.dropped)
        input.services.emit(
            "migration.fixes",
            [
                "proposed": .int(proposals.count), "accepted": .int(review.accepted.count),
                "dropped": .int(review.dropped.count),
            ])
        return NodeOutput(writes: [
            (MigrationState.manifests, try MigrationState.encode(review.manifests)),
            (MigrationState.findings, try MigrationState.encode(review.findings)),
            ("fix_proposals", .object(report)),
        ])
    }

    /// One model call; the answer read as proposals.
    /// - Throws: what the model throws; `model_output_invalid` when the answer is not JSON of the answer schema.
    func ask(
        _ node: NodeDefinition, _ input: NodeInput, shown: [LintFinding], manifests: [Manifest]
    ) async throws -> [FixProposal] {
        guard let prompt = input.workflow.prompt(for: node) else {
            throw SwitchyardError(code: .invalidWorkflow, message: "node '\(node.name)' has no prompt")
        }
        let byPath = Dictionary(manifests.map { ($0.path, $0) }) { first, _ in first }
        var lines: [String] = []
        for (i, f) in shown.enumerated() {
            let path = String(f.object.split(separator: "#").first ?? "")
            lines.append(
                "[\(i)] \(f.severity.rawValue) \(f.rule) in \(f.object) at \(f.pointer.isEmpty ? "(object)" : f.pointer): "
                    + "\(f.message). Suggested fix: \(f.fix)")
            if let manifest = byPath[path] {
                lines.append("    current value: " + Self.excerpt(manifest.object, at: f.pointer))
            }
        }
        var variables = input.variables
        if case .object(var object) = variables {
            object["findings_list"] = .string(lines.joined(separator: "\n"))
            object["finding_count"] = .int(shown.count)
            variables = .object(object)
        }
        let request = ChatRequest(
            model: node.string("model") ?? "", messages: try prompt.messages(variables),
            responseSchema: Self.answerSchema, temperature: node.fields["temperature"]?.numberValue ?? 0,
            maxTokens: node.int("max_tokens") ?? 600, task: node.string("task") ?? "reason")
        let key = "\(input.services.runID)/\(input.context.taskID)/0"
        let response = try await input.services.complete(request, node: node.name, key: key)
        let text = response.message.content
        let answer: JSONValue
        do {
            answer = try JSONValue(parsing: text)
        } catch {
            throw SwitchyardError(
                code: .modelOutputInvalid, message: "the model's answer is not JSON: \(text.quotedExcerpt(limit: 120))")
        }
        let errors = try JSONSchema(Self.answerSchema).validate(answer)
        guard errors.isEmpty else {
            throw SwitchyardError(
                code: .modelOutputInvalid, message: "the model's answer does not match the proposal schema",
                details: errors.map(\.description))
        }
        return (answer["fixes"]?.arrayValue ?? []).map {
            FixProposal(
                finding: $0["finding"]?.intValue ?? -1, patch: $0["patch"] ?? .null, why: $0["why"]?.stringValue ?? "")
        }
    }

    /// The JSON at `pointer` (or its parent when it does not exist), cut to 400 characters.
    static func excerpt(_ object: JSONValue, at pointer: String) -> String {
        var tokens = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        while true {
            var node: JSONValue? = object
            for token in tokens {
                if let i = Int(token), case .array(let items)? = node {
                    node = items.indices.contains(i) ? items[i] : nil
                } else {
                    node = node?[token]
                }
            }
            if let node {
                let text = node.jsonText
                return text.count > 400 ? String(text.prefix(400)) + "…" : text
            }
            if tokens.isEmpty { return "(none)" }
            tokens.removeLast()
        }
    }
}
