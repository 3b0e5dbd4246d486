import Foundation
import SwitchyardCore

/// KEDA `ScaledObject` manifests (keda.sh/v1alpha1) for a ``ScalingPlan``, as JSON (kubectl applies JSON as it
/// does YAML).
public enum KEDAScaledObject {
    /// What the manifest targets and how it names things.
    public struct Target: Sendable, Equatable {
        public var name: String
        public var namespace: String
        /// The Deployment (or other scalable) to scale.
        public var deployment: String

        /// What to scale.
        /// - Parameters:
        ///   - name: The ScaledObject's name.
        ///   - namespace: Its namespace.
        ///   - deployment: The Deployment it scales.
        public init(name: String, namespace: String = "default", deployment: String) {
            self.name = name
            self.namespace = namespace
            self.deployment = deployment
        }
    }

    /// A `prometheus` trigger on the forecast metric: KEDA keeps `query / threshold` replicas, so the query
    /// should return the forecast load (for example a recording rule fed by this plan) and the threshold is one
    /// replica's capacity.
    /// - Parameters:
    ///   - target: What to scale.
    ///   - plan: The recommendation.
    ///   - serverAddress: The Prometheus server.
    ///   - query: The query returning the forecast load.
    ///   - capacityPerReplica: One replica's capacity (the threshold).
    ///   - minReplicas: Fewest replicas.
    ///   - maxReplicas: Most replicas.
    public static func prometheus(
        target: Target, plan: ScalingPlan, serverAddress: String, query: String, capacityPerReplica: Double,
        minReplicas: Int, maxReplicas: Int
    ) -> JSONValue {
        manifest(
            target: target, minReplicas: minReplicas, maxReplicas: maxReplicas,
            triggers: [
                .object([
                    "type": "prometheus",
                    "metadata": .object([
                        "serverAddress": .string(serverAddress), "query": .string(query),
                        "threshold": .string(number(capacityPerReplica)),
                    ]),
                ])
            ])
    }

    /// `cron` triggers for scheduled pre-scaling: one per run of steps that need more than `minReplicas`,
    /// in UTC, each asking for the run's peak (at most `maxTriggers`, the largest first).
    /// - Parameters:
    ///   - target: What to scale.
    ///   - plan: The recommendation.
    ///   - minReplicas: Fewest replicas.
    ///   - maxReplicas: Most replicas.
    ///   - maxTriggers: Cron triggers at most.
    public static func cron(
        target: Target, plan: ScalingPlan, minReplicas: Int, maxReplicas: Int, maxTriggers: Int = 24
    ) -> JSONValue {
        var runs: [(start: Double, end: Double, replicas: Int)] = []
        let step = plan.steps.count > 1 ? plan.steps[1].timestamp - plan.steps[0].timestamp : 300
        for s in plan.steps where s.replicas > minReplicas {
            if let last = runs.last, abs(s.timestamp - last.end - step) < 1, last.replicas == s.replicas {
                runs[runs.count - 1].end = s.timestamp
            } else {
                runs.append((s.timestamp, s.timestamp, s.replicas))
            }
        }
        let chosen = runs.sorted { $0.replicas > $1.replicas }.prefix(maxTriggers).sorted { $0.start < $1.start }
        let triggers: [JSONValue] = chosen.map { run in
            .object([
                "type": "cron",
                "metadata": .object([
                    "timezone": "Etc/UTC", "start": .string(cronExpression(run.start)),
                    "end": .string(cronExpression(run.end + step)), "desiredReplicas": .string(String(run.replicas)),
                ]),
            ])
        }
        return manifest(target: target, minReplicas: minReplicas, maxReplicas: maxReplicas, triggers: triggers)
    }

    static func manifest(target: Target, minReplicas: Int, maxReplicas: Int, triggers: [JSONValue]) -> JSONValue {
        .object([
            "apiVersion": "keda.sh/v1alpha1",
            "kind": "ScaledObject",
            "metadata": .object(["name": .string(target.name), "namespace": .string(target.namespace)]),
            "spec": .object([
                "scaleTargetRef": .object(["name": .string(target.deployment)]),
                "minReplicaCount": .int(minReplicas),
                "maxReplicaCount": .int(maxReplicas),
                "triggers": .array(triggers),
            ]),
        ])
    }

    /// `minute hour day month *` for a Unix time, in UTC.
    static func cronExpression(_ seconds: Double) -> String {
        let stamp = Timestamp.iso8601(seconds)  // yyyy-MM-ddTHH:mm:ssZ
        let parts = stamp.split(whereSeparator: { "-T:".contains($0) })
        guard parts.count >= 5, let month = Int(parts[1]), let day = Int(parts[2]), let hour = Int(parts[3]),
            let minute = Int(parts[4])
        else { return "0 0 * * *" }
        return "\(minute) \(hour) \(day) \(month) *"
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// Checks `manifest` against the KEDA CRD's OpenAPI schema (the `scaledobject_v1alpha1.json` of a CRD
    /// catalogue) and returns the problems found (empty when valid).
    /// - Parameters:
    ///   - manifest: The ScaledObject.
    ///   - schemaPath: The KEDA CRD schema (JSON Schema).
    /// - Throws: `SwitchyardError` `schema_missing` when `schemaPath` cannot be read, `invalid_schema` when it
    ///   does not compile.
    public static func validate(_ manifest: JSONValue, schemaPath: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: schemaPath) else {
            throw SwitchyardError(code: .schemaMissing, message: "cannot read the KEDA schema '\(schemaPath)'")
        }
        let schema: JSONSchema
        do {
            schema = try JSONSchema(parsing: String(decoding: data, as: UTF8.self))
        } catch {
            throw SwitchyardError(code: .invalidSchema, message: "\(schemaPath): \(error.message)")
        }
        return schema.validate(manifest).map(\.description)
    }
}
