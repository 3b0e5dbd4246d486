import SwitchyardCore

/// Turns a planned estate into one runbook per wave: what moves, what it depends on, the checks, what blocks
/// it, and the rollout and rollback bundles.
///
/// Only validated objects go into a rollout: a wave with an unresolved error finding (schema, naming or an
/// error-severity policy rule) on any of its manifests or on a network it uses is blocked and gets no rollout
/// files or commands, and the Forklift resources are themselves checked against Forklift's CRD schemas and the
/// policy before they are put in.
public struct RolloutPlanner: Sendable {
    /// How VMs move.
    public var method: RolloutMethod
    /// The target namespace (the transpiler's).
    public var namespace: String
    let linter: ManifestLinter
    let policy: PolicyEngine

    /// Makes a planner.
    /// - Parameters:
    ///   - method: `forklift` or `manifests`.
    ///   - namespace: the namespace the manifests were transpiled for.
    ///   - linter: the schema linter.
    ///   - policy: the policy the manifests were checked against.
    public init(method: RolloutMethod, namespace: String, linter: ManifestLinter, policy: PolicyEngine) {
        self.method = method
        self.namespace = namespace
        self.linter = linter
        self.policy = policy
    }

    /// One runbook per wave, in wave order.
    /// - Parameters:
    ///   - d: the discovery (estate, flows, groups, waves).
    ///   - manifests: the transpiled manifests, with any validated fixes applied.
    ///   - findings: the findings left on `manifests`.
    ///   - concerns: the pre-migration concerns of the source VMs.
    ///   - gate: the critical checks a person allows; a VM with any other critical concern blocks its wave (as
    ///     Forklift refuses a plan whose VMs have critical concerns).
    public func runbooks(
        _ d: Discovery, manifests: [Manifest], findings: [LintFinding], concerns: [PreMigrationConcern],
        gate: CriticalGate = CriticalGate()
    ) -> [WaveRunbook] {
        let held = gate.blockedVMs(concerns, estate: d.estate, waves: d.waves)
        let names = NameAllocator(d.estate.vms.map(\.name))
        let errors = findings.filter { $0.severity == .error }
        let planErrors = errors.filter { !$0.object.contains("#") }
        var errorsByPath: [String: [LintFinding]] = [:]
        for finding in errors where finding.object.contains("#") {
            errorsByPath[String(finding.object.split(separator: "#")[0]), default: []].append(finding)
        }
        var nadByNetwork: [String: Manifest] = [:]
        for manifest in manifests where manifest.kind == "NetworkAttachmentDefinition" {
            if let source = manifest.object["metadata"]?["annotations"]?["migration.switchyard.io/source-network"]?
                .stringValue
            {
                nadByNetwork[source] = manifest
            }
        }
        return d.waves.waves.map { wave in
            let vms = wave.vms.map { d.estate.vms[$0] }
            let moves = wave.vms.map { index in
                let vm = d.estate.vms[index]
                return WaveRunbook.Move(
                    source: vm.name, target: names[vm.name], group: d.groups.groups[d.groups.groupOf[index]].name,
                    powerState: vm.powerState, reason: d.waves.reasons[index])
            }
            let networks = Set(vms.flatMap { $0.nics.map(\.network) }).filter { !$0.isEmpty }.sorted()
            let nads = networks.compactMap { nadByNetwork[$0] }
            let own = manifests.filter { $0.wave == wave.number }
            let heldHere = held.filter { $0.wave == wave.number }
            var blocking = heldHere.flatMap(\.reasons)
            blocking += planErrors.map { "the plan: \($0.rule): \($0.message); fix: \($0.fix)" }
            for manifest in nads + own {
                for f in errorsByPath[manifest.path] ?? [] {
                    blocking.append(
                        "\(manifest.path) \(f.rule)\(f.pointer.isEmpty ? "" : " at \(f.pointer)"): \(f.message); "
                            + "fix: \(f.fix)")
                }
            }
            var apply = RolloutBundle()
            if blocking.isEmpty {
                let built = bundle(wave: wave.number, vms: vms, moves: moves, nads: nads, own: own, networks: networks)
                blocking += built.blocking
                if blocking.isEmpty { apply = built.bundle }
            }
            let sources = Set(moves.map(\.source))
            return WaveRunbook(
                wave: wave.number, moves: moves, dependsOn: dependencies(d, wave: wave.number),
                crossWaveLinks: d.waves.crossWaveLinks.filter {
                    d.waves.waveOf[$0.client] == wave.number || d.waves.waveOf[$0.server] == wave.number
                }.map { "\(d.estate.vms[$0.client].name) -> \(d.estate.vms[$0.server].name): \($0.reason)" },
                checks: concerns.filter { sources.contains($0.vm) }, blocking: blocking, apply: apply,
                rollback: rollback(wave: wave.number, vms: vms, moves: moves, own: own), blockedVMs: heldHere,
                allowedCritical: gate.overridden(concerns).filter { sources.contains($0.vm) })
        }
    }

    /// The earlier waves `wave` needs: a VM of this wave is the client of a VM there (shared-service clients
    /// left out, as in the wave planning).
    func dependencies(_ d: Discovery, wave: Int) -> [WaveRunbook.Dependency] {
        var links: [Int: [String]] = [:]
        for link in d.flows.links where d.graph.isOrdering(link) {
            let (c, s) = (d.waves.waveOf[link.client], d.waves.waveOf[link.server])
            guard c == wave, s < wave else { continue }
            links[s, default: []].append("\(d.estate.vms[link.client].name) -> \(d.estate.vms[link.server].name)")
        }
        return links.keys.sorted().map { WaveRunbook.Dependency(wave: $0, links: links[$0]!.sorted()) }
    }

    /// Checks objects the rollout adds (Forklift resources) against their schemas and the policy.
    func check(_ objects: [Manifest]) -> [String] {
        let findings = linter.lint(objects) + policy.evaluate(objects, expectedVMs: []).filter { $0.object != "(plan)" }
        return findings.filter { $0.severity == .error }.map {
            "\($0.object) \($0.rule)\($0.pointer.isEmpty ? "" : " at \($0.pointer)"): \($0.message)"
        }
    }
}
