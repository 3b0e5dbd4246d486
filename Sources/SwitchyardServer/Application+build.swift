import AsyncHTTPClient
import Hummingbird
import Logging
import SwitchyardCore
import SwitchyardModels

/// The HTTP API's routes: `GET /health`; tenant routes `POST /v1/chat/completions` and `GET /v1/models`
/// (these need a tenant: the `X-Switchyard-Tenant` header, or an API key when keys are configured).
public func buildRouter(gateway: Gateway, options: ServerOptions) -> Router<SwitchyardRequestContext> {
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
    controller.addRoutes(to: router.group("v1", context: TenantRequestContext.self))
    return router
}

/// The server as a Hummingbird application, listening where `options` says, serving `gateway`. The gateway's
/// timer (``Gateway/timer``) runs as a service of the application's `ServiceGroup`, beside the HTTP server; it
/// starts before and stops after the server.
public func buildApplication(
    gateway: Gateway, options: ServerOptions, logger: Logger = Logger(label: "switchyard.server")
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(gateway: gateway, options: options),
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "switchyard"),
        services: [gateway.timer],
        logger: logger)
}

/// Loads `switchyard.yaml` at `configPath`, builds the gateway (its remote providers on `http`) and the
/// application.
public func buildApplication(
    configPath: String, options: ServerOptions, http: HTTPClient = .shared,
    logger: Logger = Logger(label: "switchyard.server")
) async throws -> some ApplicationProtocol {
    let config = try GatewayConfig.load(path: configPath)
    let gateway = try await GatewayFactory.make(config: config, http: http)
    return buildApplication(gateway: gateway, options: options, logger: logger)
}

/// Loads the configuration and runs the server until SIGTERM or SIGINT (graceful shutdown). `logLevel` is a
/// swift-log level name (`info` when unknown).
public func serve(configPath: String, options: ServerOptions, logLevel: String = "info") async throws {
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
