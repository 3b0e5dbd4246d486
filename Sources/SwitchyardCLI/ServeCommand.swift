import ArgumentParser
import Foundation
import Logging
import SwitchyardCore
import SwitchyardServer

/// `switchyard serve`: the product's HTTP API — runs, approvals, schedules, usage, tenants and keys over the data
/// dir, and the OpenAI-compatible model endpoints — with the server's own workers.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API: runs, approvals and schedules of the data dir, and OpenAI-compatible models.",
        discussion: """
            Requests authenticate with 'Authorization: Bearer KEY'; a key names its tenant and scopes (make one \
            with `switchyard keys create --tenant NAME`). Keys in SWITCHYARD_API_KEYS (key=tenant,…) work too. \
            Without any key the server listens only on a loopback address; --dev-tenant-header lets a request name \
            its tenant in X-Switchyard-Tenant instead (loopback only, for development).

            The server works the run queue itself (--workers, 0 to leave it to `switchyard worker` processes) and \
            fires due schedules. SIGTERM or SIGINT stops it gracefully: runs in progress stop at their next step \
            and go back to the queue with their checkpoints.

            Without --config (or SWITCHYARD_CONFIG) and without ./switchyard.yaml, serves the installed local \
            models under their short names: smollm2 (and gemma3-270m if present) for chat, minilm for embeddings \
            (scripts/fetch-models installs them; SWITCHYARD_MODELS_DIR says where).
            """)

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The gateway configuration (env SWITCHYARD_CONFIG; default ./switchyard.yaml if present, else the "
                + "installed local models; see docs/gateway.md)."))
    var config: String?

    @Option(name: .long, help: "Data directory (env SWITCHYARD_DATA_DIR; default .switchyard/).")
    var dataDir: String?

    @Option(name: .long, help: "Directory of your own workflows; default workflows/ beside the data dir.")
    var workflows: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Directory the migration workflow reads inventories and flows from ({tenant} becomes the tenant id; env "
                + "SWITCHYARD_MIGRATION_DIR); default: the data dir's parent, without the data dir."))
    var migrationDir: String?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Let migration runs whose input names a cluster run approved waves with kubectl / virtctl (env "
                + "SWITCHYARD_MIGRATION_EXECUTE=1). A kubeconfig can run credential plugins: only for trusted tenants.")
    )
    var migrationExecute = false

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port = 8080

    @Option(name: .long, help: "Runs the server executes at once (0: leave the queue to `switchyard worker`).")
    var workers = 2

    @Flag(
        name: .long,
        help: "Development only, loopback only: a request without a key names its tenant in X-Switchyard-Tenant.")
    var devTenantHeader = false

    @Option(name: .long, help: "Largest request body accepted, in bytes (larger ones get 413).")
    var maxBodyBytes = ServerOptions.defaultMaxBodyBytes

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Option(name: .long, help: "Log lines as text, or json (one object per line, with request, tenant and run ids).")
    var logFormat = "text"

    func run() async throws {
        do {
            switch logFormat {
            case "text": break
            case "json":
                let level = Logger.Level(rawValue: logLevel) ?? .info
                LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
            default:
                throw SwitchyardError(code: .invalidArgument, message: "--log-format '\(logFormat)': use text or json")
            }
            let options = ServerOptions(
                host: host, port: port, maxBodyBytes: maxBodyBytes, apiKeys: try ServerOptions.apiKeys(),
                tenantHeader: devTenantHeader)
            let environment = ProcessInfo.processInfo.environment
            let path = config ?? environment["SWITCHYARD_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            let data = dataDir ?? environment["SWITCHYARD_DATA_DIR"] ?? ".switchyard"
            let runtime = RuntimeSettings(
                dataDirectory: data,
                workflowsDirectory: workflows
                    ?? URL(fileURLWithPath: data).standardizedFileURL.deletingLastPathComponent()
                    .appendingPathComponent("workflows").path,
                workers: max(0, workers),
                blueprints: shippedBlueprints(migrationDir: migrationDir, dataDir: data, execute: migrationExecute))
            try await serve(configPath: path, options: options, runtime: runtime, logLevel: logLevel)
        } catch let e as SwitchyardError {
            FileHandle.standardError.write(Data("error[\(e.code)]: \(e.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
