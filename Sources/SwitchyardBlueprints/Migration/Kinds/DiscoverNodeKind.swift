import Foundation
import SwitchyardCore
import SwitchyardMigration
import SwitchyardRuntime

/// `migration.discover`: reads the inventories (files under the migration input directory, or govc JSON inline)
/// and the flow and usage files, and writes the estate (`estate`) and its counts (`estate_summary`).
public struct DiscoverNodeKind: WorkflowNodeKind {
    public let name = "migration.discover"
    let access: MigrationFileAccess
    let execution: MigrationExecution

    /// Makes the kind.
    /// - Parameters:
    ///   - access: where runs may read files.
    ///   - execution: whether runs may name a cluster (checked here, before anything is planned).
    public init(access: MigrationFileAccess, execution: MigrationExecution = .disabled) {
        self.access = access
        self.execution = execution
    }

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        FieldChecks(node, allowed: ["next"]).problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { [MigrationState.estate, "estate_summary"] }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let settings = try MigrationState.settings(input)
        let tenant = input.services.tenant
        // A run that names a cluster fails now, not after a person has approved a wave, when it cannot execute.
        _ = try execution.target(settings, access: access, tenant: tenant)
        var texts: [(path: String, text: String)] = []
        var sources: [String] = []
        for (i, path) in settings.inventory.enumerated() {
            let field = "inventory[\(i)]"
            for file in try access.files(path, field: field, tenant: tenant, extensions: [".json", ".csv", ".vmx"]) {
                texts.append((file.display, String(decoding: try access.read(file, field: field), as: UTF8.self)))
                sources.append(file.display)
            }
        }
        if let inline = settings.inventoryJSON {
            texts.append(("input.inventory_json", inline.jsonText))
            sources.append("input.inventory_json")
        }
        var estate = try InventoryLoader.load(texts: texts)
        guard estate.count <= settings.maxVMs else {
            throw SwitchyardError(
                code: .inputTooLarge,
                message: "the inventories list \(estate.count) VMs; this workflow plans at most \(settings.maxVMs) "
                    + "per run (raise max_vms, or plan the estate with `switchyard migrate plan`)")
        }
        for (i, path) in settings.usage.enumerated() {
            let field = "usage[\(i)]"
            for file in try access.files(path, field: field, tenant: tenant, extensions: [".csv"]) {
                let text = String(decoding: try access.read(file, field: field), as: UTF8.self)
                estate = try UsageParser.apply(text, file: file.display, to: estate)
            }
        }
        let book = AddressBook(estate)
        var tables: [FlowTable] = []
        for (i, path) in settings.flows.enumerated() {
            let field = "flows[\(i)]"
            for file in try access.files(path, field: field, tenant: tenant, extensions: [".csv", ".log", ".txt"]) {
                tables.append(
                    try FlowParser.parse(
                        [UInt8](try access.read(file, field: field)), file: file.display, addresses: book))
                sources.append(file.display)
            }
        }
        let flows = FlowTable.merged(tables)
        let summary: JSONValue = [
            "vms": .int(estate.count), "networks": .array(estate.networks.map(JSONValue.string)),
            "flow_records": .int(flows.records), "matched_records": .int(flows.matched),
            "external_records": .int(flows.external), "skipped_records": .int(flows.skipped),
            "links": .int(flows.links.count), "sources": .array(sources.map(JSONValue.string)),
        ]
        return NodeOutput(writes: [
            (
                MigrationState.estate,
                try MigrationState.encode(MigrationState.SavedEstate(vms: estate.vms, flows: flows))
            ),
            ("estate_summary", summary),
        ])
    }
}
