import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardKnowledge
import SwitchyardRuntime
import SwitchyardStorage

/// The HTTP API's routes: `GET /health`, `/healthz` and `/readyz`; the model routes `POST /v1/chat/completions`,
/// `POST /v1/embeddings` and `GET /v1/models` (scope `models`); with a runtime, its resources — workflows, runs,
/// events, artifacts, approvals, schedules, usage (scope `runs`) and tenants and keys (scope `admin`), and the core
/// of LangGraph's Agent Server protocol at the root (`/assistants`, `/threads`; scope `runs`). Every `/v1`
/// route needs a caller (an API key, or the tenant header in the development mode); errors are JSON
/// `{"error": {"code", "message"}}`.
/// - Parameters:
///   - gateway: Answers chat completions.
///   - options: Tenancy and body limits.
///   - embedders: Model name → embedding model, for `/v1/embeddings`
///     (``GatewayConfig/makeEmbedders()``).
///   - runtime: The runtime's store, workflows and API keys; without it only the model routes are served.
///   - metrics: Serves `GET /metrics` and records request latency by route and status.
///   - tracing: A span per request (``bootstrapTracing(environment:)`` sets where spans go).
public func buildRouter(
    gateway: Gateway, options: ServerOptions, embedders: [String: any EmbeddingModel] = [:],
    runtime: RuntimeAPI? = nil, metrics: ServerMetrics? = nil, tracing: Bool = false
) -> Router<SwitchyardRequestContext> {
    let router = Router(context: SwitchyardRequestContext.self)
    var tiers: [String: Int] = [:]
    for (name, tenant) in gateway.router.config.tenants { tiers[name] = tenant.tier ?? 0 }
    if tracing { router.add(middleware: TracingMiddleware()) }
    if metrics != nil { router.add(middleware: MetricsMiddleware()) }
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: TenantMiddleware(options: options, tiers: tiers, keys: runtime?.keys))
    metrics?.addRoute(to: router, store: runtime?.store)
    for path in ["health", "healthz"] {
        router.get(RouterPath(path)) { _, _ -> Response in JSONBody.response(["status": "ok"]) }
    }
    let openAPI = OpenAPIDocument.json(
        runtime: runtime != nil, metrics: metrics != nil, knowledge: runtime?.knowledge != nil,
        webhooks: runtime?.webhooks != nil
    ).jsonText
    router.get("openapi.json") { _, _ -> Response in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: openAPI)))
    }
    let embeddingModels = embedders.count
    router.get("readyz") { _, _ -> Response in
        // The chat models' clients (local weights included) and the embedding models are loaded before the server
        // listens: a model that cannot be loaded stops the start.
        var checks: [String: JSONValue] = [
            "models": .int(gateway.clients.count), "embedding_models": .int(embeddingModels),
        ]
        if let workers = runtime?.workers {
            checks["workers"] = .int(workers.concurrency)
            guard workers.running else {
                return notReady(.serviceNotRunning, "the server's workers are not running", checks: checks)
            }
        }
        if let runtime {
            do {
                checks["tenants"] = .int(try await runtime.store.tenants().count)
            } catch {
                return notReady(.storeFailed, "the store is not reachable: \(error)", checks: checks)
            }
        }
        return JSONBody.response(["status": "ready", "checks": .object(checks)])
    }
    let controller = ChatCompletionsController(
        gateway: gateway, cacheEnabled: gateway.router.config.cache.enabled ?? true, ledger: runtime?.store)
    let v1 = router.group("v1", context: TenantRequestContext.self)
    let models = v1.group().add(middleware: RequireScope(.models))
    controller.addRoutes(to: models)
    EmbeddingsController(embedders: embedders, ledger: runtime?.store).addRoutes(to: models)
    runtime?.addRoutes(to: v1)
    runtime?.addLangGraphRoutes(to: router)
    return router
}

/// `GET /readyz`'s 503: the error body every route uses, with `status` and the checks made so far.
func notReady(_ code: SwitchyardError.Code, _ message: String, checks: [String: JSONValue]) -> Response {
    let error = APIError(.serviceUnavailable, code: code, message: message)
    return JSONBody.response(
        ["error": error.body["error"] ?? .null, "status": "unavailable", "checks": .object(checks)],
        status: .serviceUnavailable)
}

/// Answers every error as JSON `{"error": {"code", "message"}}` with its status: Switchyard's errors by their
/// code, Hummingbird's own (no such route, wrong method) with theirs.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = SwitchyardRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            let code: SwitchyardError.Code = error.status == .notFound ? .notFound : .invalidRequest
            let message =
                error.status == .notFound
                ? "there is no route \(request.method) \(request.uri.path); see GET /openapi.json"
                : error.body ?? "\(error.status)"
            throw APIError(error.status, code: code, message: message, headers: error.headers)
        } catch {
            throw APIError.from(error)
        }
    }
}

/// The server as a Hummingbird application, listening where `options` says, serving `gateway` (and the runtime
/// when one is given). The gateway's timer (``Gateway/timer``) and any `services` (the workers) run in the
/// application's `ServiceGroup`, beside the HTTP server.
/// - Parameters:
///   - gateway: The model gateway.
///   - options: Where to listen, body limit, API keys, development mode.
///   - embedders: Embedding models by name, for `/v1/embeddings`.
///   - runtime: The runtime API (runs, threads, knowledge); nil serves the gateway alone.
///   - metrics: Where request metrics go; nil for none.
///   - tracing: Whether requests start trace spans.
///   - services: More services run beside the server (the workers).
///   - logger: The application's logger.
public func buildApplication(
    gateway: Gateway, options: ServerOptions, embedders: [String: any EmbeddingModel] = [:],
    runtime: RuntimeAPI? = nil, metrics: ServerMetrics? = nil, tracing: Bool = false, services: [any Service] = [],
    logger: Logger = Logger(label: "switchyard.server")
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(
            gateway: gateway, options: options, embedders: embedders, runtime: runtime, metrics: metrics,
            tracing: tracing),
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "switchyard"),
        services: [gateway.timer] + services,
        logger: logger)
}

/// The server's gateway configuration: the file at `path` when one is named (it must exist); otherwise
/// `defaultPath` when it exists; otherwise the installed local models under their short names
/// (``GatewayConfig/installedLocalModels(modelsDirectory:)``), which `logger` says at `notice` level.
/// - Parameters:
///   - path: A file the user named (`--config`, env `SWITCHYARD_CONFIG`), or nil.
///   - defaultPath: The file looked for when none is named.
///   - modelsDirectory: Where the local models are (default: env `SWITCHYARD_MODELS_DIR`, else `models/`).
///   - environment: Variables for provider overrides.
///   - logger: Where to say which configuration is served.
/// - Throws: `config_not_found` for a named file that is missing, or with no file and no local chat model;
///   `invalid_config` for a file with problems.
public func gatewayConfiguration(
    path: String?, defaultPath: String = "switchyard.yaml", modelsDirectory: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
) throws -> GatewayConfig {
    if let path { return try GatewayConfig.load(path: path, environment: environment) }
    if FileManager.default.fileExists(atPath: defaultPath) {
        return try GatewayConfig.load(path: defaultPath, environment: environment)
    }
    let config = try GatewayConfig.installedLocalModels(modelsDirectory: modelsDirectory)
    let chat = config.models.filter { !$0.isEmbedding }.map(\.name)
    let embeddings = config.models.filter(\.isEmbedding).map(\.name)
    let note =
        "no \(defaultPath): serving the installed local models; create \(defaultPath) for remote providers, "
        + "tenants, budgets and limits (docs/gateway.md)"
    logger.notice(
        "\(note)",
        metadata: [
            "models.chat": .string(chat.joined(separator: ",")),
            "models.embeddings": .string(embeddings.joined(separator: ",")),
            "models.dir": .string(GatewayConfig.localModelsDirectory(modelsDirectory)),
        ])
    return config
}

/// Where the server keeps its state and finds its workflows, and how many runs it works itself.
public struct RuntimeSettings: Sendable {
    /// The data dir (SQLite store: tenants, keys, runs, checkpoints, knowledge).
    public var dataDirectory: String
    /// The user's workflows (`workflows/` beside the data dir by default); the built-in ones are always there.
    public var workflowsDirectory: String
    /// Runs the server executes at once itself; 0 leaves the queue to `switchyard worker` processes.
    public var workers: Int
    /// The blueprints served: their node kinds and workflows join the built-in ones.
    public var blueprints: [WorkflowBlueprint]

    /// Settings for the runtime.
    /// - Parameters:
    ///   - dataDirectory: The data dir.
    ///   - workflowsDirectory: The user's workflows.
    ///   - workers: Runs the server executes at once itself.
    ///   - blueprints: Blueprints served beside the built-in ones.
    public init(
        dataDirectory: String, workflowsDirectory: String, workers: Int = 2, blueprints: [WorkflowBlueprint] = []
    ) {
        self.dataDirectory = dataDirectory
        self.workflowsDirectory = workflowsDirectory
        self.workers = workers
        self.blueprints = blueprints
    }
}

/// Loads the configuration and runs the server — the HTTP server, the gateway's timer and, with `runtime`, the
/// runtime's routes, workers and scheduler in one `ServiceGroup` — until SIGTERM or SIGINT (graceful shutdown:
/// runs in progress go back to the queue with their checkpoints).
/// - Parameters:
///   - configPath: A configuration file the user named, or nil for `switchyard.yaml` if it exists, else the
///     installed local models.
///   - options: Where to listen and whom to serve.
///   - runtime: The data dir, workflows and workers; `nil` serves the model routes only.
///   - logLevel: The log level's name (`info` when unknown).
/// - Throws: Configuration errors; `unsafe_listen` for a non-loopback address without keys or with the
///   development header; what the server throws.
public func serve(
    configPath: String?, options: ServerOptions, runtime settings: RuntimeSettings? = nil, logLevel: String = "info"
) async throws {
    var logger = Logger(label: "switchyard.server")
    logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
    // A server's own client: the shared one keeps 8 connections per host, so 50 concurrent requests to one
    // provider would queue for a connection.
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(
        idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.upstreamConnectionsPerHost)
    let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
        let config = try gatewayConfiguration(path: configPath, logger: logger)
        let embedders = try config.makeEmbedders()
        var store: SQLiteStore?
        var localEmbedder: (any EmbeddingModel)?
        if let settings {
            store = try SQLiteStore(directory: settings.dataDirectory, options: .init(createDirectory: true))
            // The embedder documents are ingested with (`switchyard ingest` uses the same local MiniLM).
            localEmbedder = try? LocalEmbeddingModel()
        }
        // Both cache tiers keep their entries in the store (they survive a restart, per tenant); the semantic tier
        // embeds with the configuration's embedding model, else the local MiniLM.
        let semanticEmbedder = embedders.min { $0.key < $1.key }?.value ?? localEmbedder
        if GatewayFactory.wantsSemanticTier(config) && semanticEmbedder == nil {
            logger.warning(
                "cache.semantic_threshold is set but no embedding model is installed: only the exact cache tier is on")
        }
        let gateway = try await GatewayFactory.make(
            config: config, http: http, cache: store, semanticEmbedder: semanticEmbedder)
        var api: RuntimeAPI?
        var services: [any Service] = []
        if let settings, let store {
            let catalog = try WorkflowCatalog.load(
                directory: settings.workflowsDirectory, blueprints: settings.blueprints)
            let runtime = Runtime(store: store, checkpointer: store, catalog: catalog)
            let knowledge = KnowledgeBase(store: store, embedder: localEmbedder)
            let workers = settings.workers > 0 ? WorkerStatus(concurrency: settings.workers) : nil
            api = RuntimeAPI(runtime: runtime, keys: store, knowledge: knowledge, webhooks: store, workers: workers)
            services.append(WebhookDispatcher(store: store, http: http, logger: logger))
            let keys = try await store.activeAPIKeyCount(now: Date())
            try options.checkListen(hasKeys: keys > 0 || !options.apiKeys.isEmpty)
            if keys == 0 && options.apiKeys.isEmpty && !options.tenantHeader {
                let note =
                    "no API key exists: every /v1 request gets 401 until one is made with `switchyard keys create "
                    + "--tenant NAME` (or start with --dev-tenant-header on loopback)"
                logger.warning("\(note)")
            }
            if settings.workers > 0 {
                let executor = RunExecutor(
                    store: store, checkpointer: store, catalog: catalog,
                    models: { context in gateway.chatModel(for: context) }, knowledge: knowledge)
                // The workers log at the server's level (`--log-level`), not swift-log's default `info`.
                var workerLogger = Logger(label: "switchyard.worker")
                workerLogger.logLevel = logger.logLevel
                let pool = WorkerPool(
                    store: store, executor: executor, concurrency: settings.workers, logger: workerLogger)
                services.append(
                    WorkerService(pool: pool, scheduler: runtime.scheduler(), logger: logger, status: workers))
            }
        } else {
            try options.checkListen(hasKeys: !options.apiKeys.isEmpty)
        }
        let metrics = ServerMetrics()
        metrics.bootstrap()
        let tracer = try bootstrapTracing()
        if let tracer {
            services.append(tracer)
            logger.notice("traces go over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT)")
        }
        let app = buildApplication(
            gateway: gateway, options: options, embedders: embedders, runtime: api, metrics: metrics,
            tracing: tracer != nil, services: services, logger: logger)
        try await app.runService()
        try await http.shutdown()
    } catch {
        try? await http.shutdown()
        throw error
    }
}
