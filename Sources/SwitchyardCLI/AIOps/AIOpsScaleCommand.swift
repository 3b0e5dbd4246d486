import ArgumentParser
import Foundation
import SwitchyardAIOps
import SwitchyardCore

/// `switchyard aiops scale FILE --capacity N --deployment NAME [--cron]`: forecast a load series, recommend
/// replicas ahead of demand and emit a KEDA ScaledObject.
struct AIOpsScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Forecast a load series (Holt-Winters) and emit a KEDA ScaledObject that scales ahead of it.",
        discussion: """
            By default the ScaledObject has a prometheus trigger on --query (the forecast metric) with one \
            replica's capacity as threshold; --cron emits cron triggers for the forecast peaks instead. With \
            --schema (default: the KEDA CRD under ../shared/datasets/crd-schemas when present) the manifest is \
            validated before it is printed.
            """)

    @Argument(help: "The load series (first series of the file).")
    var file: String

    @Option(name: .long, help: "Load one replica serves, in the series' unit.")
    var capacity: Double

    @Option(name: .long, help: "The Deployment to scale.")
    var deployment: String

    @Option(name: .long, help: "The ScaledObject's namespace.")
    var namespace = "default"

    @Option(name: .long, help: "Steps per season (288 = a day of 5-minute samples).")
    var season = 288

    @Option(name: .long, help: "Steps to forecast.")
    var horizon = 288

    @Option(name: .long, help: "Steps of lead: pods are asked for this many steps before the load.")
    var lead = 2

    @Option(name: .long) var minReplicas = 1
    @Option(name: .long) var maxReplicas = 100

    @Flag(name: .long, help: "Emit cron triggers for the forecast peaks instead of a prometheus trigger.")
    var cron = false

    @Option(name: .long, help: "Prometheus server for the prometheus trigger.")
    var serverAddress = "http://prometheus.monitoring:9090"

    @Option(name: .long, help: "PromQL query returning the forecast load.")
    var query = "switchyard:load:forecast"

    @Option(name: .long, help: "KEDA ScaledObject CRD schema (JSON) to validate against.")
    var schema: String?

    @Flag(name: .long, help: "Print one JSON object (plan + manifest) for scripts.")
    var json = false

    func run() throws {
        do {
            var settings = ScalingPlan.Settings(capacityPerReplica: capacity)
            settings.minReplicas = minReplicas
            settings.maxReplicas = maxReplicas
            settings.season = season
            settings.horizon = horizon
            settings.leadSteps = lead
            let plan = try ScalingPlan.recommend(try SeriesReader.read(path: file), settings: settings)
            let target = KEDAScaledObject.Target(
                name: deployment + "-forecast", namespace: namespace, deployment: deployment)
            let manifest =
                cron
                ? KEDAScaledObject.cron(
                    target: target, plan: plan, minReplicas: minReplicas, maxReplicas: maxReplicas)
                : KEDAScaledObject.prometheus(
                    target: target, plan: plan, serverAddress: serverAddress, query: query,
                    capacityPerReplica: capacity, minReplicas: minReplicas, maxReplicas: maxReplicas)
            let defaultSchema = "../shared/datasets/crd-schemas/keda.sh/scaledobject_v1alpha1.json"
            let schemaPath = schema ?? (FileManager.default.fileExists(atPath: defaultSchema) ? defaultSchema : nil)
            if let schemaPath {
                let problems = try KEDAScaledObject.validate(manifest, schemaPath: schemaPath)
                guard problems.isEmpty else {
                    throw SwitchyardError(
                        code: .schemaValidationFailed,
                        message: "the ScaledObject fails the KEDA schema: " + problems.joined(separator: "; "))
                }
            }
            if json {
                Output.json(
                    .object([
                        "peak_replicas": .int(plan.peakReplicas), "validated": .bool(schemaPath != nil),
                        "manifest": manifest,
                    ]))
            } else {
                Output.line(manifest.jsonText)
            }
        } catch {
            throw Output.fail(error, json: json)
        }
    }
}
