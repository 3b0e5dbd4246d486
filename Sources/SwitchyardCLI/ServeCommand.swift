import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardServer

/// `switchyard serve`: the OpenAI-compatible HTTP API over the model gateway.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the OpenAI-compatible HTTP API (POST /v1/chat/completions, GET /v1/models, GET /health).",
        discussion: """
            Requests name their tenant in the X-Switchyard-Tenant header. With SWITCHYARD_API_KEYS set \
            (key=tenant,key=tenant) every request needs 'Authorization: Bearer KEY' instead, and the key names \
            the tenant. Stops gracefully on SIGTERM or SIGINT.

            Without --config (or SWITCHYARD_CONFIG) and without ./switchyard.yaml, serves the installed local \
            models under their short names: smollm2 and gemma3-270m for chat (if present), minilm for \
            embeddings (scripts/fetch-models installs them; SWITCHYARD_MODELS_DIR says where).
            """)

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The gateway configuration (env SWITCHYARD_CONFIG; default ./switchyard.yaml if present, else the "
                + "installed local models; see docs/gateway.md)."))
    var config: String?

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port = 8080

    @Option(name: .long, help: "Largest request body accepted, in bytes (larger ones get 413).")
    var maxBodyBytes = ServerOptions.defaultMaxBodyBytes

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        do {
            let options = ServerOptions(
                host: host, port: port, maxBodyBytes: maxBodyBytes, apiKeys: try ServerOptions.apiKeys())
            let environment = ProcessInfo.processInfo.environment
            let path = config ?? environment["SWITCHYARD_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            try await serve(configPath: path, options: options, logLevel: logLevel)
        } catch let e as SwitchyardError {
            FileHandle.standardError.write(Data("error[\(e.code)]: \(e.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
