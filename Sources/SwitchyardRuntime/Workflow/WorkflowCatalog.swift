import Foundation
import SwitchyardCore

/// The workflows a deployment runs: the built-in ones shipped in the binary, and a user's own from a directory
/// (`workflows/*.yaml` with prompts in `prompts/*.yaml` beside it, or inside it), and those of the blueprints the
/// deployment ships (``WorkflowBlueprint``). A user's workflow with a built-in's name replaces it.
public struct WorkflowCatalog: Sendable {
    public private(set) var workflows: [String: WorkflowDefinition] = [:]
    /// The node kinds the catalog's workflows were checked with (the built-in ones plus the blueprints'); compile
    /// its workflows with these (``RunExecutor`` does by default).
    public private(set) var kinds: NodeKindRegistry = .builtin
    /// The source of each shipped workflow (built-in or from a blueprint), for `workflows show`.
    private var shippedTexts: [String: String] = BuiltinWorkflows.workflows

    /// A catalog of `workflows`.
    /// - Parameters:
    ///   - workflows: The workflows, by name.
    ///   - kinds: The node kinds they were checked with.
    public init(_ workflows: [WorkflowDefinition] = [], kinds: NodeKindRegistry = .builtin) {
        for workflow in workflows { self.workflows[workflow.name] = workflow }
        self.kinds = kinds
    }

    /// The built-in workflows, the blueprints' workflows, plus those in `directory` (skipped when `nil` or absent).
    /// - Parameters:
    ///   - directory: the user's workflows.
    ///   - loader: the loader; the blueprints' kinds are added to its kinds.
    ///   - blueprints: the blueprints the deployment ships: their kinds, workflows and prompts.
    /// - Throws: `invalid_workflow` with every problem of every file.
    public static func load(
        directory: String?, loader: WorkflowLoader = WorkflowLoader(), blueprints: [WorkflowBlueprint] = []
    ) throws -> WorkflowCatalog {
        let loader = prepared(loader, blueprints)
        var catalog = try builtin(loader: loader, blueprints: blueprints)
        guard let directory, FileManager.default.fileExists(atPath: directory) else { return catalog }
        var details: [String] = []
        for workflow in try loadDirectory(directory, loader: loader, blueprints: blueprints, problems: &details) {
            catalog.workflows[workflow.name] = workflow
        }
        if !details.isEmpty {
            throw SwitchyardError(
                code: .invalidWorkflow, message: "\(directory): the workflows have problems; fix them and load again",
                details: details)
        }
        return catalog
    }

    /// The workflows shipped in the binary, and the blueprints'.
    /// - Parameters:
    ///   - loader: The loader, with the node kinds it knows.
    ///   - blueprints: Blueprints whose kinds and workflows join the built-in ones.
    /// - Throws: `invalid_workflow` when a shipped workflow does not load.
    public static func builtin(
        loader: WorkflowLoader = WorkflowLoader(), blueprints: [WorkflowBlueprint] = []
    ) throws -> WorkflowCatalog {
        let loader = prepared(loader, blueprints)
        let prompts = shippedPrompts(blueprints)
        var catalog = WorkflowCatalog(kinds: loader.kinds)
        var texts = BuiltinWorkflows.workflows
        for blueprint in blueprints { texts.merge(blueprint.workflows) { first, _ in first } }
        for (name, text) in texts {
            let workflow = try loader.load(text: text, file: "builtin:workflows/\(name).yaml", prompts: prompts)
            catalog.workflows[workflow.name] = workflow
        }
        catalog.shippedTexts = texts
        return catalog
    }

    /// `loader` with the blueprints' kinds registered.
    static func prepared(_ loader: WorkflowLoader, _ blueprints: [WorkflowBlueprint]) -> WorkflowLoader {
        var loader = loader
        for kind in blueprints.flatMap(\.kinds) { loader.kinds.register(kind) }
        return loader
    }

    /// The built-in prompts and the blueprints'.
    static func shippedPrompts(_ blueprints: [WorkflowBlueprint]) -> [String: (text: String, file: String)] {
        var prompts: [String: (text: String, file: String)] = [:]
        var texts = BuiltinWorkflows.prompts
        for blueprint in blueprints { texts.merge(blueprint.prompts) { first, _ in first } }
        for (name, text) in texts { prompts[name] = (text, "builtin:prompts/\(name).yaml") }
        return prompts
    }

    /// Loads every `*.yaml` in `directory` (prompts from `directory/prompts` and `directory/../prompts`).
    static func loadDirectory(
        _ directory: String, loader: WorkflowLoader, blueprints: [WorkflowBlueprint], problems: inout [String]
    ) throws -> [WorkflowDefinition] {
        var prompts = shippedPrompts(blueprints)
        let base = URL(fileURLWithPath: directory)
        for promptDir in [
            base.appendingPathComponent("prompts"), base.deletingLastPathComponent().appendingPathComponent("prompts"),
        ] {
            for file in yamlFiles(in: promptDir.path) {
                let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                prompts[name] = (try String(contentsOfFile: file, encoding: .utf8), file)
            }
        }
        var workflows: [WorkflowDefinition] = []
        for file in yamlFiles(in: directory) {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                problems.append("\(file): cannot be read as UTF-8 text: \(error.localizedDescription)")
                continue
            }
            do {
                workflows.append(try loader.load(text: text, file: file, prompts: prompts))
            } catch let error as SwitchyardError {
                problems += error.details.isEmpty ? [error.message] : error.details
            }
        }
        return workflows
    }

    /// Loads one workflow file, with prompts from the built-ins, `prompts/` beside the file, and `promptsNear`'s
    /// `prompts/`.
    /// - Parameters:
    ///   - file: The workflow file's path.
    ///   - directory: Another directory whose `prompts/` is searched.
    ///   - loader: The loader, with the node kinds it knows.
    ///   - blueprints: Blueprints whose kinds and prompts join the built-in ones.
    /// - Throws: `file_not_found`; `invalid_workflow` with every problem.
    public static func loadFile(
        _ file: String, promptsNear directory: String? = nil, loader: WorkflowLoader = WorkflowLoader(),
        blueprints: [WorkflowBlueprint] = []
    ) throws -> WorkflowDefinition {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SwitchyardError(code: .fileNotFound, message: "cannot read \(file)")
        }
        let loader = prepared(loader, blueprints)
        var prompts = shippedPrompts(blueprints)
        let near = URL(fileURLWithPath: file).deletingLastPathComponent()
        var folders = [
            near.appendingPathComponent("prompts").path,
            near.deletingLastPathComponent().appendingPathComponent("prompts").path,
        ]
        if let directory { folders.append(directory + "/prompts") }
        for folder in folders {
            for promptFile in yamlFiles(in: folder) {
                let name = URL(fileURLWithPath: promptFile).deletingPathExtension().lastPathComponent
                if let text = try? String(contentsOfFile: promptFile, encoding: .utf8) {
                    prompts[name] = (text, promptFile)
                }
            }
        }
        return try loader.load(text: String(decoding: data, as: UTF8.self), file: file, prompts: prompts)
    }

    static func yamlFiles(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { directory + "/" + $0 }
    }

    /// The workflow called `name`.
    /// - Parameter name: The workflow's name.
    /// - Throws: `unknown_workflow`, listing the known ones.
    public func workflow(_ name: String) throws -> WorkflowDefinition {
        guard let workflow = workflows[name] else {
            throw SwitchyardError(
                code: .unknownWorkflow,
                message: "no workflow named '\(name)'; known: \(workflows.keys.sorted().joined(separator: ", "))")
        }
        return workflow
    }

    /// The workflows, by name.
    public var all: [WorkflowDefinition] { workflows.values.sorted { $0.name < $1.name } }

    /// The source text of a built-in workflow (for `workflows show`).
    /// - Parameter name: The workflow's name.
    public static func builtinText(_ name: String) -> String? { BuiltinWorkflows.workflows[name] }

    /// The source text of a shipped workflow, built-in or a blueprint's (for `workflows show`).
    /// - Parameter name: The workflow's name.
    public func shippedText(_ name: String) -> String? { shippedTexts[name] }
}
