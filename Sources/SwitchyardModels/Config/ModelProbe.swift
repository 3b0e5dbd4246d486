import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchyardCore
import SwitchyardInference

/// Whether a configured model answers, checked cheaply: for HTTP providers a `GET …/models` with a short
/// timeout (any answer but a 5xx or a refused connection counts as reachable; 2xx as answering); for the local
/// engine, that the model file exists and its GGUF header parses (embedding models: that the safetensors file is
/// there). Nothing is generated and nothing is billed.
public struct ModelProbe: Sendable {
    /// The outcome for one model.
    public struct Result: Sendable, Hashable {
        /// True when the model can serve requests as configured.
        public var answers: Bool
        /// What was checked and what came back (`HTTP 200 from 127.0.0.1`, `connection refused`, a file path).
        public var detail: String
    }

    public let config: GatewayConfig
    public let environment: [String: String]
    public let timeout: Duration
    let http: HTTPClient

    /// A probe of `config`'s models.
    /// - Parameters:
    ///   - config: The gateway configuration whose models are probed.
    ///   - environment: Where the providers' API key variables are read.
    ///   - timeout: How long an HTTP probe may take.
    ///   - http: The HTTP client.
    public init(
        config: GatewayConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: Duration = .seconds(3), http: HTTPClient = .shared
    ) {
        self.config = config
        self.environment = environment
        self.timeout = timeout
        self.http = http
    }

    /// Probes `model` (one of `config.models`).
    /// - Parameter model: The model to probe.
    public func probe(_ model: GatewayConfig.Model) async -> Result {
        guard let provider = config.providers[model.provider] else {
            return Result(answers: false, detail: "unknown provider '\(model.provider)'")
        }
        switch provider.kind {
        case .local: return Self.probeLocal(model, provider: provider)
        case .anthropic:
            return await probeHTTP(
                url: (provider.baseURL ?? "https://api.anthropic.com") + "/v1/models", provider: provider,
                headers: [("anthropic-version", AnthropicClient.version)], keyHeader: { ("x-api-key", $0) })
        default:
            return await probeHTTP(
                url: (provider.baseURL ?? "") + "/models", provider: provider, headers: [],
                keyHeader: { ("authorization", "Bearer \($0)") })
        }
    }

    static func probeLocal(_ model: GatewayConfig.Model, provider: GatewayConfig.Provider) -> Result {
        if model.isEmbedding {
            let dir =
                model.upstreamID.hasPrefix("/")
                ? model.upstreamID
                : MiniLMEmbedder.directory(modelsDirectory: provider.modelsDir)
            let file = (dir as NSString).appendingPathComponent("model.safetensors")
            return FileManager.default.fileExists(atPath: file)
                ? Result(answers: true, detail: file)
                : Result(answers: false, detail: "missing \(file); run scripts/fetch-embedding-model")
        }
        do {
            let path = try ModelLocator.resolve(model.upstreamID, modelsDir: provider.modelsDir)
            let gguf = try GGUFFile(path: path)
            return Result(answers: true, detail: "\(path) (GGUF v\(gguf.version), \(gguf.tensors.count) tensors)")
        } catch let error as SwitchyardError {
            return Result(answers: false, detail: error.message)
        } catch {
            return Result(answers: false, detail: "\(error)")
        }
    }

    func probeHTTP(
        url: String, provider: GatewayConfig.Provider, headers: [(String, String)],
        keyHeader: (String) -> (String, String)
    ) async -> Result {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        for (name, value) in provider.headers ?? [:] { request.headers.add(name: name, value: value) }
        if let variable = provider.apiKeyEnv {
            guard let key = environment[variable], !key.isEmpty else {
                return Result(answers: false, detail: "the key variable \(variable) is not set")
            }
            let (name, value) = keyHeader(key)
            request.headers.add(name: name, value: value)
        }
        let host = URL(string: url)?.host ?? url
        do {
            let response = try await http.execute(request, timeout: TimeAmount(timeout))
            _ = try? await response.body.collect(upTo: 1 << 20)
            let status = Int(response.status.code)
            return Result(answers: (200..<300).contains(status), detail: "HTTP \(status) from \(host)")
        } catch {
            return Result(answers: false, detail: "no answer from \(host): \(error)")
        }
    }
}
