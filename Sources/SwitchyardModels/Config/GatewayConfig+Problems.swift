import Foundation
import SwitchyardCore

extension GatewayConfig {
    /// Every inconsistency: unknown providers, duplicate models, routes to unknown models, bad values; each as
    /// `path: what is wrong` (``parse(yaml:file:environment:)`` adds the line).
    public func problems() -> [String] {
        issues().map(\.description)
    }

    func issues() -> [ConfigIssue] {
        var found: [ConfigIssue] = []
        for (name, provider) in providers.sorted(by: { $0.key < $1.key }) {
            let at: [ConfigIssue.Step] = [.key("providers"), .key(name)]
            if provider.kind == .openai && (provider.baseURL ?? "").isEmpty {
                found.append(.init(at + [.key("base_url")], "required for kind \(provider.kind)"))
            }
            if let sessions = provider.sessions, sessions < 1 {
                found.append(.init(at + [.key("sessions")], "must be ≥ 1"))
            }
            if let threads = provider.threads, threads < 1 {
                found.append(.init(at + [.key("threads")], "must be ≥ 1"))
            }
            if let url = provider.baseURL, URL(string: url)?.scheme == nil {
                found.append(.init(at + [.key("base_url")], "\(url.quotedExcerpt(limit: 60)) is not a URL"))
            }
            if let timeout = provider.timeoutSeconds, !(timeout > 0) {
                found.append(.init(at + [.key("timeout_s")], "must be > 0 (seconds; fractions such as 0.5 are fine)"))
            }
        }
        var seen: Set<String> = []
        for (i, model) in models.enumerated() {
            let at: [ConfigIssue.Step] = [.key("models"), .index(i)]
            if !seen.insert(model.name).inserted {
                found.append(
                    .init(at + [.key("name")], "model \(model.name.quotedExcerpt(limit: 60)) is declared twice"))
            }
            if providers[model.provider] == nil {
                found.append(
                    .init(
                        at + [.key("provider")],
                        "unknown provider \(model.provider.quotedExcerpt(limit: 60)); declared: "
                            + providers.keys.sorted().joined(separator: ", ")))
            }
            if let price = model.price, price.input < 0 || price.output < 0 {
                found.append(.init(at + [.key("price")], "prices must be ≥ 0"))
            }
            if let context = model.context, context <= 0 { found.append(.init(at + [.key("context")], "must be > 0")) }
        }
        for (task, names) in routes.sorted(by: { $0.key < $1.key }) {
            let at: [ConfigIssue.Step] = [.key("routes"), .key(task)]
            if names.isEmpty { found.append(.init(at, "lists no model")) }
            for (i, name) in names.enumerated() where !seen.contains(name) {
                found.append(.init(at + [.index(i)], "unknown model \(name.quotedExcerpt(limit: 60))"))
            }
        }
        for (name, tenant) in tenants.sorted(by: { $0.key < $1.key }) {
            let at: [ConfigIssue.Step] = [.key("tenants"), .key(name)]
            if (try? TenantID(name)) == nil {
                found.append(.init(at, "\(name.quotedExcerpt(limit: 60)) is not a valid tenant id"))
            }
            if let budget = tenant.budget, Self.duration(budget.period) == nil {
                found.append(
                    .init(
                        at + [.key("budget"), .key("period")],
                        "\(budget.period.quotedExcerpt(limit: 60)) is not a duration like 30d, 24h, 60m"))
            }
        }
        if let t = cache.semanticThreshold, !(0.5...1).contains(t) {
            found.append(.init([.key("cache"), .key("semantic_threshold")], "\(t) is outside 0.5–1"))
        }
        if let ttl = cache.ttl, Self.duration(ttl) == nil {
            found.append(.init([.key("cache"), .key("ttl")], "\(ttl.quotedExcerpt(limit: 60)) is not a duration"))
        }
        return found
    }
}
