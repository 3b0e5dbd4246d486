import Foundation
import Synchronization
import SwitchyardCore

/// Prices of a model, in USD per million tokens.
public struct ModelPrice: Codable, Sendable, Hashable {
    public var inputPerMillion: Double
    public var outputPerMillion: Double

    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    public static let free = ModelPrice(inputPerMillion: 0, outputPerMillion: 0)

    /// What `usage` costs; provider-cached prompt tokens are billed like the rest unless priced otherwise.
    public func cost(of usage: Usage) -> Double {
        (Double(usage.promptTokens) * inputPerMillion + Double(usage.completionTokens) * outputPerMillion) / 1_000_000
    }
}

/// Tokens and cost per tenant, run and model, with per-tenant budgets checked before each call.
public final class CostLedger: Sendable {
    /// A budget: at most `limit` USD per `period` (calendar-free: a rolling window starting at the first charge).
    public struct Budget: Sendable, Hashable {
        public var limit: Double
        public var period: Duration
        public init(limit: Double, period: Duration) {
            self.limit = limit
            self.period = period
        }
    }

    /// One line of the ledger.
    public struct Entry: Sendable, Hashable {
        public var tenant: TenantID
        public var run: String?
        public var model: String
        public var usage: Usage
        public var cost: Double
        public var at: Date

        public init(tenant: TenantID, run: String?, model: String, usage: Usage, cost: Double, at: Date = Date()) {
            self.tenant = tenant
            self.run = run
            self.model = model
            self.usage = usage
            self.cost = cost
            self.at = at
        }
    }

    private struct State {
        var entries: [Entry] = []
        var budgets: [TenantID: Budget] = [:]
        var reserved: [TenantID: Double] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Sets (or with `nil` removes) a tenant's budget.
    public func setBudget(_ budget: Budget?, for tenant: TenantID) {
        state.withLock { $0.budgets[tenant] = budget }
    }

    /// Spent in the tenant's current budget period.
    public func spent(by tenant: TenantID, now: Date = Date()) -> Double {
        state.withLock { Self.spent($0, tenant, now: now) }
    }

    private static func spent(_ s: State, _ tenant: TenantID, now: Date) -> Double {
        let window = s.budgets[tenant].map { Double($0.period.components.seconds) } ?? .infinity
        return s.entries.lazy.filter { $0.tenant == tenant && now.timeIntervalSince($0.at) < window }.reduce(0) {
            $0 + $1.cost
        }
    }

    /// Reserves the most a call may cost before it is made; a hard stop when the budget cannot cover it.
    /// Release the reservation with ``record(_:reserved:)``.
    public func reserve(_ amount: Double, for tenant: TenantID, now: Date = Date()) throws {
        try state.withLock { s in
            guard let budget = s.budgets[tenant] else { return }
            let committed = Self.spent(s, tenant, now: now) + s.reserved[tenant, default: 0]
            guard committed + amount <= budget.limit + 1e-12 else {
                throw SwitchyardError(
                    code: "budget_exceeded",
                    message: String(
                        format: "tenant '%@' has spent $%.4f of its $%.2f budget (plus $%.4f in flight); this call "
                            + "could cost $%.4f. Raise the budget or wait for the period to roll over",
                        tenant.rawValue, committed - s.reserved[tenant, default: 0], budget.limit,
                        s.reserved[tenant, default: 0], amount))
            }
            s.reserved[tenant, default: 0] += amount
        }
    }

    /// Records a finished call and releases its reservation.
    public func record(_ entry: Entry, reserved: Double = 0) {
        state.withLock { s in
            s.entries.append(entry)
            if reserved > 0 { s.reserved[entry.tenant] = max(0, s.reserved[entry.tenant, default: 0] - reserved) }
        }
    }

    /// Releases a reservation of a call that failed.
    public func release(_ reserved: Double, for tenant: TenantID) {
        state.withLock { $0.reserved[tenant] = max(0, $0.reserved[tenant, default: 0] - reserved) }
    }

    /// Totals by model for one tenant (and run, if given).
    public func totals(tenant: TenantID, run: String? = nil) -> [String: (usage: Usage, cost: Double)] {
        state.withLock { s in
            var totals: [String: (usage: Usage, cost: Double)] = [:]
            for e in s.entries where e.tenant == tenant && (run == nil || e.run == run) {
                var t = totals[e.model] ?? (Usage(promptTokens: 0, completionTokens: 0), 0)
                t.usage.promptTokens += e.usage.promptTokens
                t.usage.completionTokens += e.usage.completionTokens
                t.usage.cachedTokens += e.usage.cachedTokens
                t.cost += e.cost
                totals[e.model] = t
            }
            return totals
        }
    }
}
