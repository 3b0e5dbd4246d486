import Foundation
import SwitchyardCore

/// A workflow fired on a calendar: "the SEO audit for every client at 09:00 on Mondays".
public struct ScheduleRecord: Codable, Sendable, Hashable {
    public var id: String
    /// One tenant, or `nil` for every tenant (`--all-tenants`).
    public var tenant: TenantID?
    public var workflow: String
    /// A five-field cron expression (minute hour day-of-month month day-of-week).
    public var cron: String
    /// An IANA time zone name (`Europe/Berlin`); the cron fields are read in it.
    public var timezone: String
    public var input: JSONValue
    public var paused: Bool
    /// The next firing time; a firing missed while nothing ran is fired once, then this moves past now.
    public var nextFire: Date
    public var created: Date

    /// A schedule.
    /// - Parameters:
    ///   - id: The schedule's id.
    ///   - tenant: One tenant, or nil for every tenant.
    ///   - workflow: The workflow each firing submits.
    ///   - cron: A five-field cron expression.
    ///   - timezone: The IANA time zone the cron fields are read in.
    ///   - input: The input of each run.
    ///   - paused: Whether firings are skipped.
    ///   - nextFire: The next firing time.
    ///   - created: When it was created.
    public init(
        id: String, tenant: TenantID?, workflow: String, cron: String, timezone: String, input: JSONValue,
        paused: Bool = false, nextFire: Date, created: Date = Date()
    ) {
        self.id = id
        self.tenant = tenant
        self.workflow = workflow
        self.cron = cron
        self.timezone = timezone
        self.input = input
        self.paused = paused
        self.nextFire = nextFire
        self.created = created
    }
}
