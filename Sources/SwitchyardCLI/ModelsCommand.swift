import ArgumentParser
import Foundation
import SwitchyardCore
import SwitchyardModels

/// `switchyard models`: the gateway's configured models.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "Show the gateway's models.", subcommands: [ModelsList.self])
}

/// `switchyard models list`: every model in switchyard.yaml with its provider, prices and whether it answers.
struct ModelsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the configured models and probe whether each answers.",
        discussion: """
            Reads --config (env SWITCHYARD_CONFIG, default ./switchyard.yaml); without a file, shows the embedded \
            default (local SmolLM2 chat, MiniLM embeddings). The probe is cheap: GET /models on HTTP providers \
            (short timeout), the model file for the local engine.
            """)

    @Option(name: .long, help: "Gateway configuration (env SWITCHYARD_CONFIG; default ./switchyard.yaml).")
    var config: String?

    @Option(name: .long, help: "Seconds to wait for each HTTP provider's answer.")
    var timeout: Double = 3

    @Flag(name: .long, help: "Print one JSON object: {\"config\": …, \"models\": [...]}.")
    var json = false

    func run() async throws {
        do {
            let (gateway, source) = try loadConfig()
            let probe = ModelProbe(config: gateway, timeout: .milliseconds(Int64(max(0.1, timeout) * 1000)))
            let results = await withTaskGroup(of: (Int, ModelProbe.Result).self) { group in
                for (i, model) in gateway.models.enumerated() { group.addTask { (i, await probe.probe(model)) } }
                var out = [ModelProbe.Result?](repeating: nil, count: gateway.models.count)
                for await (i, r) in group { out[i] = r }
                return out.compactMap { $0 }
            }
            let rows = zip(gateway.models, results).map { ModelRow(model: $0, config: gateway, probe: $1) }
            if json {
                Output.json(["config": .string(source), "models": .array(rows.map(\.json))])
            } else {
                Output.line("config: \(source)")
                for row in rows { Output.line(row.text) }
            }
        } catch {
            throw Output.fail(error, json: json)
        }
    }

    /// The configuration and where it came from; only the default path may be missing (then: embedded).
    func loadConfig() throws -> (GatewayConfig, String) {
        let environment = ProcessInfo.processInfo.environment
        if let path = config ?? environment["SWITCHYARD_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return (try GatewayConfig.load(path: path, environment: environment), path)
        }
        let path = "switchyard.yaml"
        guard FileManager.default.fileExists(atPath: path) else { return (GatewayConfig.embedded, "embedded default") }
        return (try GatewayConfig.load(path: path, environment: environment), path)
    }
}

/// One line of `models list`.
struct ModelRow {
    let model: GatewayConfig.Model
    let providerKind: String
    let probe: ModelProbe.Result

    init(model: GatewayConfig.Model, config: GatewayConfig, probe: ModelProbe.Result) {
        self.model = model
        self.providerKind = config.providers[model.provider]?.kind.rawValue ?? "?"
        self.probe = probe
    }

    var json: JSONValue {
        [
            "name": .string(model.name), "provider": .string(model.provider), "kind": .string(providerKind),
            "upstream": .string(model.upstreamID), "context": model.context.map { .int($0) } ?? .null,
            "price": model.price.map { ["input": .double($0.input), "output": .double($0.output)] } ?? .null,
            "tags": .array((model.tags ?? []).map(JSONValue.string)),
            "capabilities": .array((model.capabilities ?? ["chat", "tools", "json_schema"]).map(JSONValue.string)),
            "answers": .bool(probe.answers), "probe": .string(probe.detail),
        ]
    }

    var text: String {
        let price =
            model.price.map { $0.input == 0 && $0.output == 0 ? "free" : "$\($0.input) in/$\($0.output) out per 1M" }
            ?? "price -"
        let caps = (model.capabilities ?? ["chat", "tools", "json_schema"]).joined(separator: ",")
        let tags = (model.tags ?? []).joined(separator: ",")
        let columns = [
            model.name.padding(toLength: 16, withPad: " ", startingAt: 0),
            "\(model.provider)(\(providerKind))".padding(toLength: 18, withPad: " ", startingAt: 0),
            model.upstreamID.padding(toLength: 20, withPad: " ", startingAt: 0),
            "ctx \(model.context.map(String.init) ?? "-")".padding(toLength: 11, withPad: " ", startingAt: 0),
            price.padding(toLength: 22, withPad: " ", startingAt: 0),
            "[\(caps)]", tags.isEmpty ? "" : "tags: \(tags)",
            probe.answers ? "answers" : "DOWN: \(probe.detail)",
        ]
        return columns.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
