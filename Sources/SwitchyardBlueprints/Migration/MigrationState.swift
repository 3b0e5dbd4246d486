import Foundation
import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// How the migration steps keep their results in the run's state (JSON), and read them back.
enum MigrationState {
    /// State keys.
    static let estate = "estate"
    static let discovery = "discovery"
    static let manifests = "manifests"
    static let findings = "findings"
    static let concerns = "concerns"
    static let runbooks = "runbooks"
    static let cursor = "wave_cursor"
    static let outcomes = "outcomes"

    /// The run's input.
    static func settings(_ input: NodeInput) throws(SwitchyardError) -> MigrationSettings {
        try MigrationSettings(input.state.values["input"] ?? [:])
    }

    static func encode(_ value: some Encodable) throws -> JSONValue { try JSONValue(encoding: value) }

    /// The value an earlier step wrote under `key`.
    /// - Throws: `invalid_workflow` when no step wrote it (the node is placed before the step that does),
    ///   `corrupt_checkpoint` when it cannot be read.
    static func read<T: Decodable>(_ type: T.Type, _ key: String, _ input: NodeInput, node: String) throws -> T {
        guard let value = input.state[key] else {
            throw SwitchyardError(
                code: .invalidWorkflow,
                message: "node '\(node)' needs '\(key)' in the state: put it after the step that writes it")
        }
        do {
            return try value.decode(T.self)
        } catch {
            throw SwitchyardError(
                code: .corruptCheckpoint, message: "node '\(node)': the state's '\(key)' cannot be read: \(error)")
        }
    }

    /// The estate and flows the discover step wrote.
    static func estate(_ input: NodeInput, node: String) throws -> (Estate, FlowTable) {
        let saved = try read(SavedEstate.self, estate, input, node: node)
        return (Estate(saved.vms), saved.flows)
    }

    /// The discovery rebuilt from the discover and waves steps' results.
    static func discovery(_ input: NodeInput, node: String) throws -> Discovery {
        let (estate, flows) = try self.estate(input, node: node)
        let saved = try read(SavedDiscovery.self, discovery, input, node: node)
        return Discovery(
            estate: estate, flows: flows, groups: saved.groups, waves: saved.waves, hubDegree: saved.hubDegree)
    }

    /// The policy: the input's `policy_file`, or the shipped one.
    static func policy(
        _ settings: MigrationSettings, _ access: MigrationFileAccess, _ input: NodeInput
    ) throws
        -> PolicyEngine
    {
        guard let file = settings.policyFile else { return try PolicyEngine.shipped() }
        let files = try access.files(
            file, field: "policy_file", tenant: input.services.tenant, extensions: [".yaml", ".yml"])
        let data = try access.read(files[0], field: "policy_file")
        return try PolicyEngine(yaml: String(decoding: data, as: UTF8.self), file: files[0].display)
    }

    /// The target VM names, for the one-wave-per-VM rule.
    static func expectedVMs(_ estate: Estate) -> [String] {
        NameAllocator(estate.vms.map(\.name)).names.values.sorted()
    }

    struct SavedEstate: Codable {
        var vms: [SourceVM]
        var flows: FlowTable
    }

    struct SavedDiscovery: Codable {
        var groups: ApplicationGroups
        var waves: WavePlan
        var hubDegree: Int
    }
}

/// The end of a workflow, as targets spell it.
func migrationTarget(_ name: String) -> String {
    ["end", "END", "__end__"].contains(name) ? "__end__" : name
}
