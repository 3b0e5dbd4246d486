import Foundation
import SwitchyardModelAPI
import Synchronization
import SwitchyardCore

/// Prices of a model, in USD per million tokens.
public struct ModelPrice: Codable, Sendable, Hashable {
    public var inputPerMillion: Double
    public var outputPerMillion: Double

    /// A price.
    /// - Parameters:
    ///   - inputPerMillion: USD per million prompt tokens.
    ///   - outputPerMillion: USD per million completion tokens.
    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    public static let free = ModelPrice(inputPerMillion: 0, outputPerMillion: 0)

    /// What `usage` costs; provider-cached prompt tokens are billed like the rest unless priced otherwise.
    /// - Parameter usage: A call's token counts.
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
        /// A budget of `limit` USD per `period`.
        /// - Parameters:
        ///   - limit: The most that may be spent per period, in USD.
        ///   - period: The length of the rolling window.
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

        /// A ledger line.
        /// - Parameters:
        ///   - tenant: Who made the call.
        ///   - run: The run it was made for, if any.
        ///   - model: The model (deployment) name.
        ///   - usage: Its token counts.
        ///   - cost: What it cost, in USD.
        ///   - at: When it finished.
        public init(tenant: TenantID, run: String?, model: String, usage: Usage, cost: Double, at: Date = Date()) {
            self.tenant = tenant
            self.run = run
            self.model = model
            self.usage = usage
            self.cost = cost
            self.at = at
        }
    }

    /// Running totals, not a list of calls: memory grows with tenants, runs and models, never with requests
    /// (a list of every call grew a server by ~0.15 KB a request and made each budget check a scan of it).
    private struct State {
        var totals: [TenantID: [String: Total]] = [:]
        var runTotals: [TenantID: [String: [String: Total]]] = [:]
        var allTime: [TenantID: Double] = [:]
        var windows: [TenantID: SpendWindow] = [:]
        var budgets: [TenantID: Budget] = [:]
        var reserved: [TenantID: Double] = [:]
    }

    private struct Total {
        var usage = Usage(promptTokens: 0, completionTokens: 0)
        var cost = 0.0
        mutating func add(_ entry: Entry) {
            usage.promptTokens += entry.usage.promptTokens
            usage.completionTokens += entry.usage.completionTokens
            usage.cachedTokens += entry.usage.cachedTokens
            cost += entry.cost
        }
    }

    /// Spend in a rolling budget period, in 120 buckets of period/120: a charge leaves the window up to one
    /// bucket late, so the budget check errs on the side of stopping, never of overspending.
    private struct SpendWindow {
        let period: Double
        var buckets: [Int: Double] = [:]
        var width: Double { max(period / 120, 1e-3) }

        mutating func add(_ cost: Double, at time: Double) {
            buckets[Int((time / width).rounded(.down)), default: 0] += cost
        }

        mutating func spent(now: Double) -> Double {
            let oldest = Int(((now - period) / width).rounded(.down))
            if buckets.count > 130 { buckets = buckets.filter { $0.key >= oldest } }
            return buckets.reduce(0) { $1.key >= oldest ? $0 + $1.value : $0 }
        }
    }

    private let state = Mutex(State())

    public init() {}

    /// Sets (or with `nil` removes) a tenant's budget; its period counts charges recorded from now on.
    /// - Parameters:
    ///   - budget: The new budget; nil removes it.
    ///   - tenant: Whose budget.
    public func setBudget(_ budget: Budget?, for tenant: TenantID) {
        state.withLock { s in
            s.budgets[tenant] = budget
            s.windows[tenant] = budget.map { SpendWindow(period: $0.period.inSeconds) }
        }
    }

    /// Spent in the tenant's current budget period (all time when it has no budget).
    /// - Parameters:
    ///   - tenant: Whose spending.
    ///   - now: The time the period ends at.
    public func spent(by tenant: TenantID, now: Date = Date()) -> Double {
        state.withLock { Self.spent(&$0, tenant, now: now) }
    }

    private static func spent(_ s: inout State, _ tenant: TenantID, now: Date) -> Double {
        guard s.windows[tenant] != nil else { return s.allTime[tenant, default: 0] }
        return s.windows[tenant]!.spent(now: now.timeIntervalSinceReferenceDate)
    }

    /// Reserves the most a call may cost before it is made; a hard stop when the budget cannot cover it.
    /// Release the reservation with ``record(_:reserved:)``.
    /// - Parameters:
    ///   - amount: The call's worst-case cost, in USD.
    ///   - tenant: Whose budget.
    ///   - now: The time the period ends at.
    /// - Throws: `budget_exceeded` when spending plus reservations in flight plus `amount` exceed the budget.
    public func reserve(_ amount: Double, for tenant: TenantID, now: Date = Date()) throws {
        try state.withLock { s in
            guard let budget = s.budgets[tenant] else { return }
            let committed = Self.spent(&s, tenant, now: now) + s.reserved[tenant, default: 0]
            guard committed + amount <= budget.limit + 1e-12 else {
                throw SwitchyardError(
                    code: .budgetExceeded,
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
    /// - Parameters:
    ///   - entry: The finished call.
    ///   - reserved: What ``reserve(_:for:now:)`` reserved for it (0 when nothing).
    public func record(_ entry: Entry, reserved: Double = 0) {
        state.withLock { s in
            s.totals[entry.tenant, default: [:]][entry.model, default: Total()].add(entry)
            if let run = entry.run {
                s.runTotals[entry.tenant, default: [:]][run, default: [:]][entry.model, default: Total()].add(entry)
            }
            s.allTime[entry.tenant, default: 0] += entry.cost
            s.windows[entry.tenant]?.add(entry.cost, at: entry.at.timeIntervalSinceReferenceDate)
            if reserved > 0 { s.reserved[entry.tenant] = max(0, s.reserved[entry.tenant, default: 0] - reserved) }
        }
    }

    /// Releases a reservation of a call that failed.
    /// - Parameters:
    ///   - reserved: The amount reserved for the call.
    ///   - tenant: Whose reservation.
    public func release(_ reserved: Double, for tenant: TenantID) {
        state.withLock { $0.reserved[tenant] = max(0, $0.reserved[tenant, default: 0] - reserved) }
    }

    /// Totals by model for one tenant (and run, if given).
    /// - Parameters:
    ///   - tenant: Whose calls.
    ///   - run: Only this run's calls, when given.
    public func totals(tenant: TenantID, run: String? = nil) -> [String: (usage: Usage, cost: Double)] {
        state.withLock { s in
            let byModel = run.map { s.runTotals[tenant]?[$0] ?? [:] } ?? s.totals[tenant] ?? [:]
            return byModel.mapValues { ($0.usage, $0.cost) }
        }
    }
}
