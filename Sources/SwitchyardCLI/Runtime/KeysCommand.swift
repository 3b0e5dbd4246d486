import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardRuntime
import SwitchyardStorage

/// `switchyard keys`: the API keys the server accepts, one tenant each.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke the API keys `switchyard serve` accepts.",
        discussion: """
            A key names its tenant and what it may do (scopes: runs, knowledge, models, admin). It is printed once \
            and stored only as a SHA-256 digest; a lost key is revoked and replaced, not recovered.
            """,
        subcommands: [KeysCreate.self, KeysList.self, KeysRevoke.self])
}

struct KeysCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API key for a tenant (printed once).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Option(name: .long, help: "What the key may do: runs, knowledge, models, admin (repeat; default runs).")
    var scope: [String] = []
    @Option(name: .long, help: "The key stops working after this long: 30d, 12h … (default: never).")
    var expires: String?
    @Option(name: .long, help: "A label for people (ci, console …).") var name: String?

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            guard global.tenant != nil || ProcessInfo.processInfo.environment["SWITCHYARD_TENANT"] != nil else {
                throw SwitchyardError(code: .missingArgument, message: "say whose key it is: --tenant NAME")
            }
            let scopes = try Set(scope.map { try APIKeyScope(parsing: $0) })
            let now = Date()
            let expiry = try expires.map { now.addingTimeInterval(try parseSpan($0, name: "--expires")) }
            let (key, record) = APIKeys.generate(
                tenant: env.tenant, scopes: scopes, name: name, expires: expiry, now: now)
            try await env.store.createAPIKey(record)
            if global.json {
                guard case .object(var object) = record.json else { return }
                object["key"] = .string(key)
                Output.json(.object(object))
            } else {
                Output.line(key)
                FileHandle.standardError.write(
                    Data(
                        ("key \(record.id) for \(env.tenant) (\(record.scopes.sorted().map(\.rawValue).joined(separator: ", ")))"
                            + "\(expiry.map { ", expires \($0.iso8601)" } ?? ""): shown once, keep it safe\n").utf8))
            }
        }
    }
}

struct KeysList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List API keys (a tenant's with --tenant, else all), without their secrets.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let keys = try await env.store.apiKeys(tenant: global.tenant == nil ? nil : env.tenant)
            if global.json {
                Output.json(["keys": .array(keys.map(\.json))])
                return
            }
            if keys.isEmpty { Output.line("no API keys; create one with `switchyard keys create --tenant NAME`") }
            let now = Date()
            for key in keys {
                let state =
                    key.revoked != nil
                    ? "revoked" : key.expires.map { $0 <= now ? "expired" : "expires \($0.iso8601)" } ?? "active"
                Output.line(
                    "\(key.id)  \(key.tenant.rawValue.padded(16)) \(key.scopes.sorted().map(\.rawValue).joined(separator: ",").padded(28)) \(state)\(key.name.map { "  \($0)" } ?? "")"
                )
            }
        }
    }
}

struct KeysRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke an API key by its id (from `keys list`); it stops working at once.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var runtimeOptions: RuntimeOptions
    @Argument(help: "The key's id (16 hex characters).") var id: String

    func run() async throws {
        try await runRuntimeCommand(global, runtimeOptions) { env in
            let key = try await env.store.revokeAPIKey(
                tenant: global.tenant == nil ? nil : env.tenant, id: id, now: Date())
            if global.json { Output.json(key.json) } else { Output.line("revoked \(key.id) of \(key.tenant)") }
        }
    }
}
