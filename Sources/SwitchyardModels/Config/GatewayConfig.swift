import Foundation
import SwitchyardCore
import Yams

/// The gateway's configuration: providers, models with prices and limits, routes by task, tenants.
/// Read from `switchyard.yaml` (see docs/gateway.md), with environment overrides for secrets and URLs.
public struct GatewayConfig: Codable, Sendable, Hashable {
    public var providers: [String: Provider]
    public var models: [Model]
    /// Task (`classify`, `extract`, `draft`, `reason`, … or `default`) → model names, preferred first;
    /// the rest are fallbacks tried on errors, timeouts and 5xx.
    public var routes: [String: [String]]
    public var tenants: [String: Tenant]
    /// `mask` (default), `block` or `off`: what to do with secrets before a request leaves for a remote provider.
    public var redaction: String
    public var cache: Cache

    public struct Provider: Codable, Sendable, Hashable {
        /// `local`, `openai` (any OpenAI-compatible server) or `anthropic`.
        public var kind: String
        public var baseURL: String?
        /// Name of the environment variable holding the API key (the key itself never goes in the file).
        public var apiKeyEnv: String?
        public var headers: [String: String]?
        public var timeoutSeconds: Double?
        /// For `local`: where short model names (`smollm2`) resolve; default `$SWITCHYARD_MODELS_DIR`, else `models/`.
        public var modelsDir: String?
        /// For `local`: concurrent engine sessions per model (each with its own KV cache); default 2.
        public var sessions: Int?

        public init(
            kind: String, baseURL: String? = nil, apiKeyEnv: String? = nil, headers: [String: String]? = nil,
            timeoutSeconds: Double? = nil, modelsDir: String? = nil, sessions: Int? = nil
        ) {
            self.kind = kind
            self.baseURL = baseURL
            self.apiKeyEnv = apiKeyEnv
            self.headers = headers
            self.timeoutSeconds = timeoutSeconds
            self.modelsDir = modelsDir
            self.sessions = sessions
        }

        enum CodingKeys: String, CodingKey {
            case kind
            case baseURL = "base_url"
            case apiKeyEnv = "api_key_env"
            case headers
            case timeoutSeconds = "timeout_s"
            case modelsDir = "models_dir"
            case sessions
        }
    }

    public struct Model: Codable, Sendable, Hashable {
        /// The name requests and routes use.
        public var name: String
        public var provider: String
        /// The provider's own model id (defaults to `name`); for a `local` provider, a short engine model name
        /// (`smollm2`, `gemma3-270m`) or the path of a `.gguf` file.
        public var model: String?
        /// Context length in tokens.
        public var context: Int?
        /// USD per million input / output tokens.
        public var price: Price?
        public var capabilities: [String]?
        public var tags: [String]?
        public var limits: Limits?

        public init(
            name: String, provider: String, model: String? = nil, context: Int? = nil, price: Price? = nil,
            capabilities: [String]? = nil, tags: [String]? = nil, limits: Limits? = nil
        ) {
            self.name = name
            self.provider = provider
            self.model = model
            self.context = context
            self.price = price
            self.capabilities = capabilities
            self.tags = tags
            self.limits = limits
        }

        public var upstreamID: String { model ?? name }
    }

    public struct Price: Codable, Sendable, Hashable {
        public var input: Double
        public var output: Double
        public init(input: Double, output: Double) {
            self.input = input
            self.output = output
        }
    }

    public struct Limits: Codable, Sendable, Hashable {
        public var rpm: Double?
        public var tpm: Double?
        public init(rpm: Double? = nil, tpm: Double? = nil) {
            self.rpm = rpm
            self.tpm = tpm
        }
    }

    public struct Tenant: Codable, Sendable, Hashable {
        public var tier: Int?
        public var budget: Budget?
        public var limits: Limits?
        public init(tier: Int? = nil, budget: Budget? = nil, limits: Limits? = nil) {
            self.tier = tier
            self.budget = budget
            self.limits = limits
        }
    }

    public struct Budget: Codable, Sendable, Hashable {
        public var usd: Double
        /// `30d`, `24h`, `60m`.
        public var period: String
        public init(usd: Double, period: String) {
            self.usd = usd
            self.period = period
        }
    }

    public struct Cache: Codable, Sendable, Hashable {
        public var enabled: Bool?
        public var semanticThreshold: Double?
        public var ttl: String?

        public init(enabled: Bool? = nil, semanticThreshold: Double? = nil, ttl: String? = nil) {
            self.enabled = enabled
            self.semanticThreshold = semanticThreshold
            self.ttl = ttl
        }

        enum CodingKeys: String, CodingKey {
            case enabled
            case semanticThreshold = "semantic_threshold"
            case ttl
        }
    }

    enum CodingKeys: String, CodingKey {
        case providers, models, routes, tenants, redaction, cache
    }

    public init(
        providers: [String: Provider], models: [Model], routes: [String: [String]] = [:],
        tenants: [String: Tenant] = [:], redaction: String = "mask", cache: Cache = Cache()
    ) {
        self.providers = providers
        self.models = models
        self.routes = routes
        self.tenants = tenants
        self.redaction = redaction
        self.cache = cache
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        providers = try c.decodeIfPresent([String: Provider].self, forKey: .providers) ?? [:]
        models = try c.decodeIfPresent([Model].self, forKey: .models) ?? []
        routes = try c.decodeIfPresent([String: [String]].self, forKey: .routes) ?? [:]
        tenants = try c.decodeIfPresent([String: Tenant].self, forKey: .tenants) ?? [:]
        redaction = try c.decodeIfPresent(String.self, forKey: .redaction) ?? "mask"
        cache = try c.decodeIfPresent(Cache.self, forKey: .cache) ?? Cache()
    }

    /// The embedded default: the built-in engine's SmolLM2, free, for every task, and all-MiniLM-L6-v2 for
    /// embeddings (the semantic cache and knowledge search).
    public static let embedded = GatewayConfig(
        providers: ["local": Provider(kind: "local")],
        models: [
            Model(
                name: "smollm2", provider: "local", model: "smollm2", context: 8192, price: Price(input: 0, output: 0),
                capabilities: ["chat", "tools", "json_schema"], tags: ["fast", "local"]),
            Model(
                name: "minilm", provider: "local", model: "all-minilm-l6-v2", context: 256,
                price: Price(input: 0, output: 0), capabilities: ["embeddings"], tags: ["local"]),
        ],
        routes: ["default": ["smollm2"]])
}

extension GatewayConfig {
    /// Parses YAML text, applies environment overrides, and checks it; every problem is reported at once.
    public static func parse(
        yaml text: String, file: String = "switchyard.yaml", environment: [String: String] = [:]
    )
        throws -> GatewayConfig
    {
        var config: GatewayConfig
        do {
            config = try YAMLDecoder().decode(GatewayConfig.self, from: text)
        } catch let error as DecodingError {
            throw SwitchyardError(
                code: .invalidConfig, message: "\(file): \(describe(error))", cause: error)
        } catch {
            throw SwitchyardError(code: .invalidConfig, message: "\(file) is not valid YAML: \(error)", cause: error)
        }
        config.applyEnvironment(environment)
        let problems = config.problems()
        guard problems.isEmpty else {
            throw SwitchyardError(
                code: .invalidConfig,
                message: "\(file) has \(problems.count) problem\(problems.count == 1 ? "" : "s")",
                details: problems)
        }
        return config
    }

    /// Loads `path`; a missing file is an error naming it.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws
        -> GatewayConfig
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(
                code: .configNotFound, message: "no configuration at \(path); create it (see docs/gateway.md)")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), file: path, environment: environment)
    }

    /// `SWITCHYARD_PROVIDER_<NAME>_BASE_URL` and `…_API_KEY_ENV` override a provider's settings.
    mutating func applyEnvironment(_ environment: [String: String]) {
        for name in providers.keys {
            let prefix = "SWITCHYARD_PROVIDER_\(name.uppercased().replacingOccurrences(of: "-", with: "_"))_"
            if let url = environment[prefix + "BASE_URL"] { providers[name]?.baseURL = url }
            if let keyEnv = environment[prefix + "API_KEY_ENV"] { providers[name]?.apiKeyEnv = keyEnv }
        }
    }

    /// Every inconsistency: unknown providers, duplicate models, routes to unknown models, bad values.
    public func problems() -> [String] {
        var found: [String] = []
        for (name, provider) in providers.sorted(by: { $0.key < $1.key }) {
            if !["local", "openai", "anthropic"].contains(provider.kind) {
                found.append("providers.\(name).kind: '\(provider.kind)' is not one of local, openai, anthropic")
            }
            if provider.kind != "local" && (provider.baseURL ?? "").isEmpty && provider.kind != "anthropic" {
                found.append("providers.\(name).base_url: required for kind \(provider.kind)")
            }
            if let sessions = provider.sessions, sessions < 1 {
                found.append("providers.\(name).sessions: must be ≥ 1")
            }
            if let url = provider.baseURL, URL(string: url)?.scheme == nil {
                found.append("providers.\(name).base_url: '\(url)' is not a URL")
            }
        }
        var seen: Set<String> = []
        for (i, model) in models.enumerated() {
            if !seen.insert(model.name).inserted {
                found.append("models[\(i)]: model '\(model.name)' is declared twice")
            }
            if providers[model.provider] == nil {
                found.append(
                    "models[\(i)].provider: unknown provider '\(model.provider)'; declared: "
                        + providers.keys.sorted().joined(separator: ", "))
            }
            if let price = model.price, price.input < 0 || price.output < 0 {
                found.append("models[\(i)].price: prices must be ≥ 0")
            }
            if let context = model.context, context <= 0 { found.append("models[\(i)].context: must be > 0") }
        }
        for (task, names) in routes.sorted(by: { $0.key < $1.key }) {
            if names.isEmpty { found.append("routes.\(task): lists no model") }
            for name in names where !seen.contains(name) {
                found.append("routes.\(task): unknown model '\(name)'")
            }
        }
        for (name, tenant) in tenants.sorted(by: { $0.key < $1.key }) {
            if (try? TenantID(name)) == nil { found.append("tenants.\(name): not a valid tenant id") }
            if let budget = tenant.budget, Self.duration(budget.period) == nil {
                found.append("tenants.\(name).budget.period: '\(budget.period)' is not a duration like 30d, 24h, 60m")
            }
        }
        if !["mask", "block", "off"].contains(redaction) {
            found.append("redaction: '\(redaction)' is not one of mask, block, off")
        }
        if let t = cache.semanticThreshold, !(0.5...1).contains(t) {
            found.append("cache.semantic_threshold: \(t) is outside 0.5–1")
        }
        if let ttl = cache.ttl, Self.duration(ttl) == nil { found.append("cache.ttl: '\(ttl)' is not a duration") }
        return found
    }

    /// Parses `30d`, `24h`, `90m`, `45s` into seconds.
    public static func duration(_ text: String) -> Double? {
        guard let unit = text.last, let value = Double(text.dropLast()), value > 0 else { return nil }
        switch unit {
        case "d": return value * 86400
        case "h": return value * 3600
        case "m": return value * 60
        case "s": return value
        default: return nil
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let c): return "\(path(c)): missing '\(key.stringValue)'"
        case .typeMismatch(let type, let c): return "\(path(c)): expected \(type)"
        case .valueNotFound(let type, let c): return "\(path(c)): expected \(type), found null"
        case .dataCorrupted(let c): return "\(path(c)): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension GatewayConfig.Model {
    /// An embedding model (capability `embeddings` without `chat`): listed and probed, never routed to.
    public var isEmbedding: Bool {
        let caps = capabilities ?? []
        return caps.contains("embeddings") && !caps.contains("chat")
    }
}
