import ArgumentParser
import Foundation
import SwitchyardAIOpsWorkflow
import SwitchyardBlueprints
import SwitchyardCore
import SwitchyardKnowledge
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardRuntime
import SwitchyardStorage

/// Where runtime commands find workflows and the gateway configuration.
struct RuntimeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Directory of your own workflows (*.yaml, prompts in prompts/); default workflows/ beside the data dir.")
    var workflows: String?

    @Option(name: .long, help: "Gateway configuration; without the file the installed local models are used.")
    var config = "switchyard.yaml"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Directory the migration workflow reads inventories and flows from ({tenant} becomes the tenant id; env "
                + "SWITCHYARD_MIGRATION_DIR); default: the data dir's parent, without the data dir."))
    var migrationDir: String?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Let migration runs whose input names a cluster (cluster.kubeconfig) run approved waves with kubectl / "
                + "virtctl from PATH (env SWITCHYARD_MIGRATION_EXECUTE=1); otherwise every apply is a dry run."))
    var migrationExecute = false

    func workflowsDirectory(dataDir: String) -> String {
        if let workflows { return workflows }
        let parent = URL(fileURLWithPath: dataDir).standardizedFileURL.deletingLastPathComponent()
        return parent.appendingPathComponent("workflows").path
    }

    /// The blueprints this binary ships, reading files where `--migration-dir` says.
    func blueprints(dataDir: String) -> [WorkflowBlueprint] {
        shippedBlueprints(migrationDir: migrationDir, dataDir: dataDir, execute: migrationExecute)
    }

    /// The built-in and blueprint workflows plus the user's.
    func catalog(dataDir: String) throws -> WorkflowCatalog {
        try WorkflowCatalog.load(
            directory: workflowsDirectory(dataDir: dataDir), blueprints: blueprints(dataDir: dataDir))
    }
}

/// The blueprints this binary ships (for runs, `workflows` and `serve` alike): migration (reading files where
/// `migrationDir` says) and AIOps (the `incident` workflow, whose files come in the run's input).
func shippedBlueprints(migrationDir: String?, dataDir: String, execute: Bool = false) -> [WorkflowBlueprint] {
    let allowed = execute || ProcessInfo.processInfo.environment["SWITCHYARD_MIGRATION_EXECUTE"] == "1"
    return [
        MigrationBlueprint.make(
            access: migrationAccess(migrationDir, dataDir: dataDir), execution: allowed ? .enabled() : .disabled),
        IncidentWorkflow.blueprint,
    ]
}

/// Where the migration workflow may read files: `directory` (or `SWITCHYARD_MIGRATION_DIR`) without the data
/// dir, or by default the data dir's parent without the data dir.
func migrationAccess(_ directory: String?, dataDir: String) -> MigrationFileAccess {
    let configured =
        directory
        ?? ProcessInfo.processInfo.environment["SWITCHYARD_MIGRATION_DIR"].flatMap {
            $0.isEmpty ? nil : $0
        }
    guard let configured else { return .beside(dataDirectory: dataDir) }
    return MigrationFileAccess(
        root: configured, excluded: [URL(fileURLWithPath: dataDir).standardizedFileURL.path])
}

/// The runtime opened over a data dir: the store (runs, checkpoints, knowledge) and the workflow catalog.
struct RuntimeEnvironment {
    let store: SQLiteStore
    let runtime: Runtime
    let tenant: TenantID

    init(global: GlobalOptions, options: RuntimeOptions, create: Bool = true) throws {
        store = try global.openStore(create: create)
        let catalog = try options.catalog(dataDir: global.resolvedDataDir)
        runtime = Runtime(store: store, checkpointer: store, catalog: catalog)
        tenant = try global.tenantID()
    }

    /// Runs `body` with an executor whose model calls go through the gateway (switchyard.yaml, or the installed
    /// local models when there is no file) and whose retrieval uses the tenant's knowledge base; the gateway's
    /// timer runs for as long as `body` does.
    func withExecutor<T: Sendable>(
        options: RuntimeOptions, _ body: (RunExecutor) async throws -> T
    ) async throws -> T {
        let gateway = try await EmbeddedGateway.make(configPath: options.config)
        let knowledge = KnowledgeBase(store: store, embedder: try? makeEmbedder())
        let executor = RunExecutor(
            store: store, checkpointer: store, catalog: runtime.catalog,
            models: { context in gateway.chatModel(for: context) }, knowledge: knowledge)
        return try await gateway.timer.withRunning { try await body(executor) }
    }
}

/// The gateway a worker uses: the configured one, or with no configuration file the installed local models
/// (SmolLM2 for every task when it is there).
enum EmbeddedGateway {
    static func make(configPath: String) async throws -> Gateway {
        let config =
            FileManager.default.fileExists(atPath: configPath)
            ? try GatewayConfig.load(path: configPath) : try GatewayConfig.installedLocalModels()
        return await Gateway(config: config, clients: try config.makeClients())
    }
}

/// Runs a runtime command body, turning errors into the right output and exit code.
func runRuntimeCommand(
    _ global: GlobalOptions, _ options: RuntimeOptions, _ body: (RuntimeEnvironment) async throws -> Void
) async throws {
    do {
        try await body(try RuntimeEnvironment(global: global, options: options))
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw Output.fail(error, json: global.json)
    }
}

/// Reads `--input`: inline JSON, or `@path` for a file.
func readJSONArgument(_ text: String, name: String) throws -> JSONValue {
    var source = text
    if text.hasPrefix("@") {
        let path = String(text.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(code: .fileNotFound, message: "\(name): cannot read \(path)")
        }
        source = String(decoding: data, as: UTF8.self)
    }
    do {
        return try JSONValue(parsing: source)
    } catch {
        throw SwitchyardError(
            code: .invalidJSON, message: "\(name) is not valid JSON (\(error)); pass a JSON object or @file.json")
    }
}

/// Parses `30d`, `12h`, `15m`, `45s` into seconds.
func parseSpan(_ text: String, name: String) throws -> Double {
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]
    guard let unit = text.last, let scale = units[unit], let value = Double(text.dropLast()), value > 0 else {
        throw SwitchyardError(
            code: .invalidArgument, message: "\(name) '\(text)' is not a duration; use e.g. 45s, 15m, 12h, 7d")
    }
    return value * scale
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
