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
    /// What to do with secrets before a request leaves for a remote provider: `mask` (default), `block` or `off`.
    public var redaction: Redactor.Policy
    public var cache: Cache

    public struct Provider: Codable, Sendable, Hashable {
        /// `local`, `openai` (any OpenAI-compatible server) or `anthropic`.
        public var kind: ProviderKind
        public var baseURL: String?
        /// Name of the environment variable holding the API key (the key itself never goes in the file).
        public var apiKeyEnv: String?
        public var headers: [String: String]?
        public var timeoutSeconds: Double?
        /// For `local`: where short model names (`smollm2`) resolve; default `$SWITCHYARD_MODELS_DIR`, else `models/`.
        public var modelsDir: String?
        /// For `local`: the batch size, i.e. generations run at once per model (each with its own KV cache; more
        /// requests wait); default `LocalChatModel.defaultSessions` (8).
        public var sessions: Int?
        /// For `local`: compute threads per model (default: every active core).
        public var threads: Int?

        /// A provider entry.
        /// - Parameters:
        ///   - kind: `local`, `openai` or `anthropic`.
        ///   - baseURL: The server's URL (remote providers; each kind has a default).
        ///   - apiKeyEnv: Name of the environment variable holding the API key.
        ///   - headers: Extra HTTP headers sent with every request.
        ///   - timeoutSeconds: Per-request timeout (default 120 s).
        ///   - modelsDir: For `local`: where short model names resolve.
        ///   - sessions: For `local`: concurrent engine sessions per model.
        ///   - threads: For `local`: compute threads per model (nil: every active core).
        public init(
            kind: ProviderKind, baseURL: String? = nil, apiKeyEnv: String? = nil, headers: [String: String]? = nil,
            timeoutSeconds: Double? = nil, modelsDir: String? = nil, sessions: Int? = nil, threads: Int? = nil
        ) {
            self.kind = kind
            self.baseURL = baseURL
            self.apiKeyEnv = apiKeyEnv
            self.headers = headers
            self.timeoutSeconds = timeoutSeconds
            self.modelsDir = modelsDir
            self.sessions = sessions
            self.threads = threads
        }

        enum CodingKeys: String, CodingKey {
            case kind
            case baseURL = "base_url"
            case apiKeyEnv = "api_key_env"
            case headers
            case timeoutSeconds = "timeout_s"
            case modelsDir = "models_dir"
            case sessions
            case threads
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

        /// A model entry.
        /// - Parameters:
        ///   - name: The name requests and routes use.
        ///   - provider: The key of its entry in ``GatewayConfig/providers``.
        ///   - model: The provider's own model id, when it differs from `name`.
        ///   - context: Context length in tokens.
        ///   - price: USD per million input / output tokens.
        ///   - capabilities: What it can do (`chat`, `tools`, `json_schema`, `embedding`, …).
        ///   - tags: Free-form labels.
        ///   - limits: Its requests and tokens per minute.
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
        /// A price in USD per million tokens.
        /// - Parameters:
        ///   - input: Per million prompt tokens.
        ///   - output: Per million completion tokens.
        public init(input: Double, output: Double) {
            self.input = input
            self.output = output
        }
    }

    public struct Limits: Codable, Sendable, Hashable {
        public var rpm: Double?
        public var tpm: Double?
        /// Rate limits; nil means unlimited.
        /// - Parameters:
        ///   - rpm: Requests per minute.
        ///   - tpm: Tokens per minute.
        public init(rpm: Double? = nil, tpm: Double? = nil) {
            self.rpm = rpm
            self.tpm = tpm
        }
    }

    public struct Tenant: Codable, Sendable, Hashable {
        public var tier: Int?
        public var budget: Budget?
        public var limits: Limits?
        /// Personal data to mask (reversibly) before this tenant's requests leave for a remote provider:
        /// `[email, phone, card, iban, ip]`, any of them; none by default.
        public var redact: [PIIClass]?
        /// A tenant entry.
        /// - Parameters:
        ///   - tier: Priority when calls wait (higher first) and which `task@N` routes apply.
        ///   - budget: Spending limit per period.
        ///   - limits: The tenant's requests and tokens per minute.
        ///   - redact: Personal data classes masked before remote calls.
        public init(tier: Int? = nil, budget: Budget? = nil, limits: Limits? = nil, redact: [PIIClass]? = nil) {
            self.tier = tier
            self.budget = budget
            self.limits = limits
            self.redact = redact
        }

        /// The keys a tenant may have; any other is a configuration error (a misspelt `redact` must not leave a
        /// tenant's personal data unmasked without a word).
        static let keys: [String] = ["tier", "budget", "limits", "redact"]
    }

    public struct Budget: Codable, Sendable, Hashable {
        public var usd: Double
        /// `30d`, `24h`, `60m`.
        public var period: String
        /// A spending limit.
        /// - Parameters:
        ///   - usd: The most the tenant may spend per period.
        ///   - period: The window, as `30d`, `24h`, `60m`.
        public init(usd: Double, period: String) {
            self.usd = usd
            self.period = period
        }
    }

    public struct Cache: Codable, Sendable, Hashable {
        public var enabled: Bool?
        public var semanticThreshold: Double?
        public var ttl: String?

        /// Cache settings; nil keeps the default.
        /// - Parameters:
        ///   - enabled: False turns the cache off (default on).
        ///   - semanticThreshold: Minimum cosine for a semantic hit, in 0.5...1.
        ///   - ttl: How long an answer stays (`1h`, `30m`).
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

    /// A configuration built in code.
    /// - Parameters:
    ///   - providers: Providers by name.
    ///   - models: The models, chat and embedding.
    ///   - routes: Task → model names, preferred first.
    ///   - tenants: Tenants by id.
    ///   - redaction: What to do with secrets before a remote call.
    ///   - cache: Cache settings.
    public init(
        providers: [String: Provider], models: [Model], routes: [String: [String]] = [:],
        tenants: [String: Tenant] = [:], redaction: Redactor.Policy = .mask, cache: Cache = Cache()
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
        redaction = try c.decodeIfPresent(Redactor.Policy.self, forKey: .redaction) ?? .mask
        cache = try c.decodeIfPresent(Cache.self, forKey: .cache) ?? Cache()
    }

    /// The embedded default: the built-in engine's SmolLM2, free, for every task, and all-MiniLM-L6-v2 for
    /// embeddings (the semantic cache and knowledge search).
    public static let embedded = GatewayConfig(
        providers: ["local": Provider(kind: .local)],
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

extension GatewayConfig.Model {
    /// An embedding model (capability `embeddings` without `chat`): listed and probed, never routed to.
    public var isEmbedding: Bool {
        let caps = capabilities ?? []
        return caps.contains("embeddings") && !caps.contains("chat")
    }
}
