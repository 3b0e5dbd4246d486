import SwitchyardRuntime

/// The AIOps blueprint for the runtime: the `aiops.incidents` node kind and the `incident` workflow.
///
/// The runtime knows no blueprint; whoever assembles a deployment passes ``blueprint`` to the workflow catalog (the
/// CLI and `switchyard serve` do), or registers the kinds with the loader and the compiler
/// (`NodeKindRegistry.register`) and loads ``text`` as a workflow.
public enum IncidentWorkflow {
    /// The node kinds the workflow uses.
    public static var kinds: [any WorkflowNodeKind] { [IncidentsNodeKind()] }

    /// The AIOps blueprint as a deployment registers it (`WorkflowCatalog.load(directory:blueprints:)`): the
    /// `aiops.incidents` kind and the `incident` workflow.
    public static var blueprint: WorkflowBlueprint {
        WorkflowBlueprint(name: "aiops", kinds: kinds, workflows: ["incident": text])
    }

    /// The built-in kinds plus the AIOps ones.
    public static var registry: NodeKindRegistry {
        var registry = NodeKindRegistry.builtin
        for kind in kinds { registry.register(kind) }
        return registry
    }

    /// The `incident` workflow: the series, logs and topology in the run's input → incidents with ranked root
    /// causes → a grounded summary per incident, all in the `report` artifact.
    public static let text = """
        name: incident
        version: "1"
        description: >-
          Metric series and logs (their text in the run's input) correlated into incidents, each with its
          evidence cited as [S1] (a series window) or [L1] (log lines), its probable root causes ranked with every
          reason, and a summary by the model in which every sentence cites the evidence (sentences that do not are
          dropped and listed).
        input:
          type: object
          required: [series]
          additionalProperties: false
          properties:
            series:
              type: array
              minItems: 1
              items:
                type: object
                required: [name, text]
                additionalProperties: false
                properties:
                  name: {type: string, minLength: 1}
                  text: {type: string}
                  service: {type: string, minLength: 1}
            logs:
              type: array
              items:
                type: object
                required: [name, text]
                additionalProperties: false
                properties:
                  name: {type: string, minLength: 1}
                  text: {type: string}
                  service: {type: string, minLength: 1}
            topology: {type: string}
            window: {type: number, exclusiveMinimum: 0}
        entry: incidents
        nodes:
          incidents:
            kind: aiops.incidents
            summarize: true
            task: summarize
            max_tokens: 240
            output: report
            next: end
        """
}
