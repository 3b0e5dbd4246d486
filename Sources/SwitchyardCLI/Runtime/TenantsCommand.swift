import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage

struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "Create, list, show and update tenants (tier, budget, limits).",
        subcommands: [TenantsCreate.self, TenantsList.self, TenantsShow.self, TenantsUpdate.self])
}

/// Tier, budget and limit flags shared by create and update.
struct TenantSettings: ParsableArguments {
    @Option(name: .long, help: "Weight in the fair run queue (≥ 1; a tier-2 tenant gets twice a tier-1's share).")
    var tier: Int?
    @Option(name: .customLong("budget-usd"), help: "Spend allowed per period, in US dollars.")
    var budgetUSD: Double?
    @Option(name: .long, help: "The budget's period: 30d, 7d, 12h …")
    var period: String?
    @Option(name: .long, help: "Most of the tenant's runs executing at once.")
    var maxConcurrent: Int?

    func apply(to record: inout TenantRecord) throws {
        if let tier {
            guard tier >= 1 else { throw SwitchyardError(code: .invalidArgument, message: "--tier must be ≥ 1") }
            record.tier = tier
        }
        if let budgetUSD {
            guard budgetUSD >= 0 else {
                throw SwitchyardError(code: .invalidArgument, message: "--budget-usd must be ≥ 0")
            }
            record.budgetUSD = budgetUSD
            if record.budgetPeriodSeconds == nil { record.budgetPeriodSeconds = 30 * 86400 }
        }
        if let period { record.budgetPeriodSeconds = try parseSpan(period, name: "--period") }
        if let maxConcurrent {
            guard maxConcurrent >= 1 else {
                throw SwitchyardError(code: .invalidArgument, message: "--max-concurrent must be ≥ 1")
            }
            record.maxConcurrentRuns = maxConcurrent
        }
    }
}

extension TenantRecord {
    var line: String {
        let budget =
            budgetUSD.map { String(format: "$%.2f / %.0fd", $0, (budgetPeriodSeconds ?? 0) / 86400) } ?? "no budget"
        return "\(id.rawValue.padded(20)) tier \(tier)  \(budget.padded(18)) max \(maxConcurrentRuns) concurrent"
    }
}

struct TenantsCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a tenant.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The tenant id (letters, digits, . _ -).") var name: String
    @OptionGroup var settings: TenantSettings

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            var record = TenantRecord(id: try TenantID(name))
            try settings.apply(to: &record)
            try await env.store.createTenant(record)
            if global.json { Output.json(record.json) } else { Output.line("created \(record.line)") }
        }
    }
}

struct TenantsUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change a tenant's settings.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The tenant id.") var name: String
    @OptionGroup var settings: TenantSettings

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let id = try TenantID(name)
            guard var record = try await env.store.tenant(id) else {
                throw SwitchyardError(code: .unknownTenant, message: "no tenant '\(name)'; create it first")
            }
            try settings.apply(to: &record)
            try await env.store.updateTenant(record)
            if global.json { Output.json(record.json) } else { Output.line("updated \(record.line)") }
        }
    }
}

struct TenantsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the tenants.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let tenants = try await env.store.tenants()
            if global.json {
                Output.json(["tenants": .array(tenants.map(\.json))])
            } else if tenants.isEmpty {
                Output.line("no tenants; create one with `switchyard tenants create NAME`")
            } else {
                for tenant in tenants { Output.line(tenant.line) }
            }
        }
    }
}

struct TenantsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a tenant and its spend.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The tenant id.") var name: String

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let id = try TenantID(name)
            guard let record = try await env.store.tenant(id) else {
                throw SwitchyardError(
                    code: .unknownTenant, message: "no tenant '\(name)'; see `switchyard tenants list`")
            }
            let since = Date().addingTimeInterval(-(record.budgetPeriodSeconds ?? 30 * 86400))
            let spend = try await env.store.spend(tenant: id, since: since)
            if global.json {
                guard case .object(var object) = record.json else { return }
                object["spend_usd"] = .double(spend)
                Output.json(.object(object))
            } else {
                Output.line(record.line)
                Output.line(String(format: "spend this period: $%.4f", spend))
            }
        }
    }
}
