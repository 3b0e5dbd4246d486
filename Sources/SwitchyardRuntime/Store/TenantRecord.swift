import Foundation
import SwitchyardCore

/// A client of the deployment: its tier (its weight in the fair queue), its budget and its limits.
public struct TenantRecord: Codable, Sendable, Hashable {
    /// The tenant's id.
    public var id: TenantID
    /// The weight in the run queue: a tier-2 tenant gets twice the share of a tier-1 tenant when both wait. ≥ 1.
    public var tier: Int
    /// Spend allowed per `budgetPeriod`, in US dollars; `nil` for no budget.
    public var budgetUSD: Double?
    /// The budget's window, in seconds (30 days by default when a budget is set).
    public var budgetPeriodSeconds: Double?
    /// How many of the tenant's runs may execute at once.
    public var maxConcurrentRuns: Int
    /// When the record was created.
    public var created: Date

    /// A tenant record; `tier` and `maxConcurrentRuns` are clamped to at least 1.
    /// - Parameters:
    ///   - id: The tenant's id.
    ///   - tier: The weight in the run queue.
    ///   - budgetUSD: Spend allowed per period, in US dollars; nil for no budget.
    ///   - budgetPeriodSeconds: The budget's window, in seconds.
    ///   - maxConcurrentRuns: How many of the tenant's runs may execute at once.
    ///   - created: When the record was created.
    public init(
        id: TenantID, tier: Int = 1, budgetUSD: Double? = nil, budgetPeriodSeconds: Double? = nil,
        maxConcurrentRuns: Int = 4, created: Date = Date()
    ) {
        self.id = id
        self.tier = max(1, tier)
        self.budgetUSD = budgetUSD
        self.budgetPeriodSeconds = budgetPeriodSeconds
        self.maxConcurrentRuns = max(1, maxConcurrentRuns)
        self.created = created
    }
}
