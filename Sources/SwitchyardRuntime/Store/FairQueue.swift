import SwitchyardCore

/// The run queue's choice of tenant, without I/O: weighted fair queuing by stride scheduling.
///
/// Each tenant has a *pass* (its virtual time). The next claim goes to the eligible tenant with the smallest
/// pass, and each claim advances that tenant's pass by `1 / tier`, so while tenants wait side by side a tier-2
/// tenant is served twice as often as a tier-1 one, whatever the length of their backlogs. A tenant that
/// becomes active again starts at the current minimum pass of the active tenants (``joiningPass(own:active:)``):
/// it cannot claim a burst for the time it was idle, nor wait behind the others' history. Ties go to the higher
/// tier, then to the smaller tenant id. (Stride scheduling: Waldspurger & Weihl, MIT/LCS/TM-528, 1995.)
///
/// A store loads the tenants that have claimable runs, asks ``next()`` for a tenant, claims that tenant's
/// oldest claimable run and calls ``charge(_:)``, or ``exhaust(_:)`` when it has none left, and writes the
/// passes back.
public struct FairQueue: Sendable, Hashable {
    /// A tenant as the queue sees it.
    public struct Tenant: Sendable, Hashable {
        public var id: TenantID
        /// The weight (≥ 1).
        public var tier: Int
        /// The virtual time: the smaller, the sooner it is served.
        public var pass: Double
        /// How many more runs it may start now (`maxConcurrentRuns` minus the runs it has running).
        public var capacity: Int

        /// A tenant with claimable runs.
        /// - Parameters:
        ///   - id: The tenant's id.
        ///   - tier: The weight (clamped to at least 1).
        ///   - pass: The virtual time: the smaller, the sooner it is served.
        ///   - capacity: How many more runs it may start now.
        public init(id: TenantID, tier: Int, pass: Double, capacity: Int) {
            self.id = id
            self.tier = max(1, tier)
            self.pass = pass
            self.capacity = capacity
        }
    }

    /// The tenants, by id.
    public private(set) var tenants: [TenantID: Tenant]
    /// Tenants with nothing more to claim in this round.
    public private(set) var exhausted: Set<TenantID> = []

    /// A queue over `tenants` (those with work waiting).
    /// - Parameter tenants: The tenants with work waiting (the first of duplicate ids wins).
    public init(_ tenants: [Tenant]) {
        self.tenants = Dictionary(tenants.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The tenant to serve next: the one with capacity and work left with the smallest pass; `nil` when none.
    public func next() -> TenantID? {
        var best: Tenant?
        for tenant in tenants.values where tenant.capacity > 0 && !exhausted.contains(tenant.id) {
            guard let current = best else {
                best = tenant
                continue
            }
            if (tenant.pass, -tenant.tier, tenant.id.rawValue) < (current.pass, -current.tier, current.id.rawValue) {
                best = tenant
            }
        }
        return best?.id
    }

    /// Records a claim for `id`: its pass advances by `1 / tier` and its capacity drops by one.
    /// - Parameter id: The tenant that claimed a run.
    public mutating func charge(_ id: TenantID) {
        guard var tenant = tenants[id] else { return }
        tenant.pass += 1 / Double(tenant.tier)
        tenant.capacity -= 1
        tenants[id] = tenant
    }

    /// Marks `id` as having nothing more to claim now.
    /// - Parameter id: The tenant with nothing claimable left.
    public mutating func exhaust(_ id: TenantID) {
        exhausted.insert(id)
    }

    /// The pass of a tenant that becomes active (gets a run queued while it had none queued or running): its own
    /// pass, raised to the smallest pass among the tenants already active, if any.
    /// - Parameters:
    ///   - own: the tenant's stored pass.
    ///   - active: the passes of the other tenants with queued or running runs.
    public static func joiningPass(own: Double, active: [Double]) -> Double {
        guard let floor = active.min() else { return own }
        return max(own, floor)
    }
}
