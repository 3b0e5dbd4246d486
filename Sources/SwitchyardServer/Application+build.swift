import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels

/// The HTTP API's routes: `GET /health`; tenant routes `POST /v1/chat/completions`, `POST /v1/embeddings` and
/// `GET /v1/models` (these need a tenant: the `X-Switchyard-Tenant` header, or an API key when keys are
/// configured).
/// - Parameters:
///   - gateway: Answers chat completions.
///   - options: Tenancy and body limits.
///   - embedders: Model name → embedding model, for `/v1/embeddings`
///     (``GatewayConfig/makeEmbedders()``).
public func buildRouter(
    gateway: Gateway, options: ServerOptions, embedders: [String: any EmbeddingModel] = [:]
) -> Router<SwitchyardRequestContext> {
    let router = Router(context: SwitchyardRequestContext.self)
    var tiers: [String: Int] = [:]
    for (name, tenant) in gateway.router.config.tenants { tiers[name] = tenant.tier ?? 0 }
    router.add(middleware: TenantMiddleware(options: options, tiers: tiers))
    router.get("health") { _, _ -> Response in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
    }
    let controller = ChatCompletionsController(
        gateway: gateway, cacheEnabled: gateway.router.config.cache.enabled ?? true)
    let v1 = router.group("v1", context: TenantRequestContext.self)
    controller.addRoutes(to: v1)
    EmbeddingsController(embedders: embedders).addRoutes(to: v1)
    return router
}

/// The server as a Hummingbird application, listening where `options` says, serving `gateway`. The gateway's
/// timer (``Gateway/timer``) runs as a service of the application's `ServiceGroup`, beside the HTTP server; it
/// starts before and stops after the server.
public func buildApplication(
    gateway: Gateway, options: ServerOptions, embedders: [String: any EmbeddingModel] = [:],
    logger: Logger = Logger(label: "switchyard.server")
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(gateway: gateway, options: options, embedders: embedders),
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "switchyard"),
        services: [gateway.timer],
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

/// Loads the configuration (``gatewayConfiguration(path:defaultPath:modelsDirectory:environment:logger:)``),
/// builds the gateway (its remote providers on `http`) and the application.
public func buildApplication(
    configPath: String?, options: ServerOptions, http: HTTPClient = .shared,
    logger: Logger = Logger(label: "switchyard.server")
) async throws -> some ApplicationProtocol {
    let config = try gatewayConfiguration(path: configPath, logger: logger)
    let gateway = try await GatewayFactory.make(config: config, http: http)
    return buildApplication(
        gateway: gateway, options: options, embedders: try config.makeEmbedders(), logger: logger)
}

/// Loads the configuration and runs the server — the HTTP server and the gateway's timer in one `ServiceGroup` —
/// until SIGTERM or SIGINT (graceful shutdown). `logLevel` is a swift-log level name (`info` when unknown).
/// - Parameters:
///   - configPath: A configuration file the user named, or nil for `switchyard.yaml` if it exists, else the
///     installed local models.
///   - options: Where to listen and whom to serve.
///   - logLevel: The log level's name.
/// - Throws: Configuration errors, and what the server throws.
public func serve(configPath: String?, options: ServerOptions, logLevel: String = "info") async throws {
    var logger = Logger(label: "switchyard.server")
    logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
    // A server's own client: the shared one keeps 8 connections per host, so 50 concurrent requests to one
    // provider would queue for a connection.
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(
        idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.upstreamConnectionsPerHost)
    let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
        let app = try await buildApplication(configPath: configPath, options: options, http: http, logger: logger)
        try await app.runService()
        try await http.shutdown()
    } catch {
        try? await http.shutdown()
        throw error
    }
}
