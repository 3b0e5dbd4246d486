import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardStorage

/// Options every data command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (env SWITCHYARD_DATA_DIR; default .switchyard/).")
    var dataDir: String?

    @Option(name: .long, help: "Tenant that owns the threads (env SWITCHYARD_TENANT; default 'default').")
    var tenant: String?

    @Flag(name: .long, help: "Print JSON lines for scripts; the last line is the result object.")
    var json = false

    var resolvedDataDir: String {
        dataDir ?? ProcessInfo.processInfo.environment["SWITCHYARD_DATA_DIR"] ?? ".switchyard"
    }

    func tenantID() throws -> TenantID {
        try TenantID(tenant ?? ProcessInfo.processInfo.environment["SWITCHYARD_TENANT"] ?? "default")
    }

    /// Opens the store; `create` makes the data dir when missing (commands that write).
    func openStore(create: Bool) throws -> SQLiteStore {
        try SQLiteStore(directory: resolvedDataDir, options: .init(createDirectory: create))
    }
}
