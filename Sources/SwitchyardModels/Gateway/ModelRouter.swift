import SwitchyardCore
import SwitchyardModelAPI

/// Picks the models that may answer a request, preferred first: by name or alias, else by the declared task
/// (with per-tier routes `task@N` for tenants of tier ≥ N), keeping only models with the needed capabilities,
/// enough context, and an estimated cost under the call's ceiling.
public struct ModelRouter: Sendable {
    public let config: GatewayConfig
    let byName: [String: GatewayConfig.Model]

    /// A router over `config`'s models and routes.
    /// - Parameter config: The gateway configuration.
    public init(config: GatewayConfig) {
        self.config = config
        self.byName = Dictionary(config.models.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The candidate models, preferred first; the rest are fallbacks.
    /// - Parameters:
    ///   - request: The request (its model or task, tools, schema and max tokens).
    ///   - context: The caller (its tier picks `task@N` routes; its cost ceiling drops models).
    ///   - promptTokens: The estimated prompt size.
    /// - Throws: `unknown_model` for a model or route that is not configured; `no_route` when no candidate can
    ///   take the request, with each one's reason.
    public func candidates(
        for request: ChatRequest, context: CallContext, promptTokens: Int
    ) throws
        -> [GatewayConfig.Model]
    {
        let names = try routeNames(for: request, tier: context.tier)
        let maxTokens = request.maxTokens ?? 1024
        var rejected: [String] = []
        let usable = names.compactMap { byName[$0] }.filter { model in
            let caps = Set(model.capabilities ?? ["chat", "tools", "json_schema"])
            if model.isEmbedding {
                rejected.append("\(model.name): an embedding model, not a chat model")
                return false
            }
            if !request.tools.isEmpty && !caps.contains("tools") {
                rejected.append("\(model.name): no tools capability")
                return false
            }
            if request.responseSchema != nil && !caps.contains("json_schema") {
                rejected.append("\(model.name): no json_schema capability")
                return false
            }
            if let ctx = model.context, promptTokens + maxTokens > ctx {
                rejected.append("\(model.name): \(promptTokens) + \(maxTokens) tokens exceed its context of \(ctx)")
                return false
            }
            if let ceiling = context.costCeiling {
                let estimate = Self.estimate(model, promptTokens: promptTokens, maxTokens: maxTokens)
                if estimate > ceiling {
                    rejected.append("\(model.name): could cost $\(estimate), over the ceiling of $\(ceiling)")
                    return false
                }
            }
            return true
        }
        guard !usable.isEmpty else {
            throw SwitchyardError(
                code: .noRoute,
                message: "no configured model can take this request (route: \(names.joined(separator: ", ")))",
                details: rejected)
        }
        return usable
    }

    /// The most a call could cost on `model`.
    /// - Parameters:
    ///   - model: The model and its price.
    ///   - promptTokens: The estimated prompt size.
    ///   - maxTokens: The most tokens the answer may have.
    public static func estimate(_ model: GatewayConfig.Model, promptTokens: Int, maxTokens: Int) -> Double {
        guard let price = model.price else { return 0 }
        return (Double(promptTokens) * price.input + Double(maxTokens) * price.output) / 1_000_000
    }

    func routeNames(for request: ChatRequest, tier: Int) throws -> [String] {
        if !request.model.isEmpty {
            if let route = tieredRoute(request.model, tier: tier) { return route }
            if byName[request.model] != nil {
                return [request.model] + (config.routes["fallback:\(request.model)"] ?? [])
            }
            throw SwitchyardError(
                code: .unknownModel,
                message: "no model or route named '\(request.model)'; configured: "
                    + config.models.map(\.name).joined(separator: ", "))
        }
        let task = request.task ?? "default"
        if let route = tieredRoute(task, tier: tier) ?? tieredRoute("default", tier: tier) { return route }
        return config.models.filter { !$0.isEmbedding }.sorted { ($0.price?.input ?? 0) < ($1.price?.input ?? 0) }.map(
            \.name)
    }

    private func tieredRoute(_ key: String, tier: Int) -> [String]? {
        for t in stride(from: tier, through: 1, by: -1) {
            if let route = config.routes["\(key)@\(t)"] { return route }
        }
        return config.routes[key]
    }
}
