import Foundation
import SwitchyardCore
import SwitchyardKnowledge
import SwitchyardModelAPI

/// What a run's nodes may use: models, retrieval, the store. Bound to one tenant and one run.
public struct RunServices: Sendable {
    public var tenant: TenantID
    public var tier: Int
    public var runID: String
    /// A chat model for a call context (the gateway, bound to the tenant and run, in a deployment).
    public var models: @Sendable (CallContext) -> any ChatModel
    /// The tenant-scoped knowledge base, for `retrieve` nodes.
    public var knowledge: KnowledgeBase?
    /// Where usage, journal entries, events and artifacts go (`nil`: kept nowhere, for tests and one-off runs).
    public var store: (any RunStore)?
    /// Receives progress (`token`, `node.start`, …) as it happens.
    public var emit: @Sendable (String, JSONValue) -> Void
    /// The tenant's budget, checked against the store's persistent usage ledger before each model call.
    public var budget: Budget?

    /// Spend allowed per rolling period.
    public struct Budget: Sendable, Hashable {
        public var usd: Double
        /// The window, in seconds.
        public var period: Double

        /// A budget.
        /// - Parameters:
        ///   - usd: Spend allowed per period, in US dollars.
        ///   - period: The window, in seconds.
        public init(usd: Double, period: Double) {
            self.usd = usd
            self.period = period
        }
    }

    /// Services for one run of `tenant`.
    /// - Parameters:
    ///   - tenant: The tenant the run belongs to.
    ///   - tier: The tenant's tier, passed on to model calls.
    ///   - runID: The run's id.
    ///   - models: A chat model for a call context.
    ///   - knowledge: The tenant-scoped knowledge base, for `retrieve` nodes.
    ///   - store: Where usage, journal entries, events and artifacts go; nil keeps them nowhere.
    ///   - emit: Receives progress events as they happen.
    public init(
        tenant: TenantID, tier: Int = 1, runID: String, models: @escaping @Sendable (CallContext) -> any ChatModel,
        knowledge: KnowledgeBase? = nil, store: (any RunStore)? = nil,
        emit: @escaping @Sendable (String, JSONValue) -> Void = { _, _ in }
    ) {
        self.tenant = tenant
        self.tier = tier
        self.runID = runID
        self.models = models
        self.knowledge = knowledge
        self.store = store
        self.emit = emit
    }

    /// Calls a model once per `key`: an answer already recorded under `key` (before a crash, say) is returned
    /// as it was, so a resumed run neither pays for it twice nor gets a different answer. Usage is recorded with
    /// the run, the node and the model.
    /// - Parameters:
    ///   - request: the chat request (the router picks the model by `task` when `model` is empty).
    ///   - node: the node making the call, for the usage ledger.
    ///   - key: the node attempt's idempotency key (run, task, call index).
    /// - Throws: what the model throws; `journal_corrupt` if a recorded answer cannot be read.
    public func complete(_ request: ChatRequest, node: String, key: String) async throws -> ChatResponse {
        if let store, let recorded = try await store.journal(tenant: tenant, key: key) {
            do {
                return try recorded.decode(ChatResponse.self)
            } catch {
                throw SwitchyardError(
                    code: .journalCorrupt, message: "the recorded answer for \(key) cannot be read: \(error)",
                    cause: error)
            }
        }
        try await checkBudget()
        let started = ContinuousClock.now
        let model = models(CallContext(tenant: tenant, tier: tier, run: runID))
        let response = try await Self.answer(request, from: model) { text in
            emit("token", ["node": .string(node), "text": .string(text)])
        }
        emit("message", ["node": .string(node), "text": .string(response.message.content)])
        let latency = (ContinuousClock.now - started).inSeconds
        emit(
            "usage",
            [
                "node": .string(node), "model": .string(response.model),
                "prompt_tokens": .int(response.usage.promptTokens),
                "completion_tokens": .int(response.usage.completionTokens), "cost_usd": .double(response.cost),
                "cache": .string(response.cache), "seconds": .double(latency),
            ])
        if let store {
            try await store.putJournal(tenant: tenant, key: key, value: try JSONValue(encoding: response))
            try await store.recordUsage(
                UsageRecord(
                    key: key, tenant: tenant, run: runID, node: node,
                    model: response.model.isEmpty ? "?" : response.model,
                    promptTokens: response.usage.promptTokens, completionTokens: response.usage.completionTokens,
                    costUSD: response.cost, cached: response.cache != "miss", latencySeconds: latency))
        }
        return response
    }

    /// The model's answer, streamed: each piece of text goes to `onText` as it comes (the run's `token` events).
    /// The gateway's stream goes through the same routing, cache, budget, limits and tool-call checks as a whole
    /// answer, and its last delta carries the usage, the cost, the cache status and the deployment.
    static func answer(
        _ request: ChatRequest, from model: any ChatModel, onText: (String) -> Void
    ) async throws -> ChatResponse {
        var assembler = ChatResponseAssembler()
        var last = ChatDelta()
        try await model.stream(request) { delta in
            assembler.add(delta)
            if !delta.text.isEmpty { onText(delta.text) }
            if delta.finishReason != nil { last = delta }
        }
        var response = assembler.response(model: last.model ?? request.model, estimatedPromptTokens: 0)
        response.cost = last.cost ?? 0
        response.cache = last.cache ?? "miss"
        return response
    }

    /// Refuses a new model call once the tenant has spent its budget in the period, by the persistent ledger: the
    /// budget holds across restarts and across every worker of the data dir. A replayed answer is never refused.
    /// - Throws: `budget_exceeded`, saying what was spent and when the window frees up.
    func checkBudget(now: Date = Date()) async throws {
        guard let budget, let store else { return }
        let spent = try await store.spend(tenant: tenant, since: now.addingTimeInterval(-budget.period))
        guard spent < budget.usd else {
            throw SwitchyardError(
                code: .budgetExceeded,
                message:
                    "tenant '\(tenant)' has spent $\(String(format: "%.4f", spent)) of its $\(String(format: "%.4f", budget.usd)) "
                    + "budget in the last \(Int(budget.period / 86400)) days; raise it with `switchyard tenants update "
                    + "\(tenant) --budget-usd …` or wait for the window to move")
        }
    }
}
