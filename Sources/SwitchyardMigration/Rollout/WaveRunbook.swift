import SwitchyardCore

/// Everything a person needs to approve one wave: what moves, what it depends on, the pre-migration checks,
/// what blocks it, and the rollout and rollback (written, never run).
public struct WaveRunbook: Sendable, Codable {
    /// One VM that moves in the wave.
    public struct Move: Sendable, Hashable, Codable {
        /// The source VM's name in vCenter.
        public var source: String
        /// The target VirtualMachine's name.
        public var target: String
        /// The application group.
        public var group: String
        /// The source VM's power state, when known.
        public var powerState: String?
        /// Why it is in this wave.
        public var reason: String
    }

    /// An earlier wave this one needs.
    public struct Dependency: Sendable, Hashable, Codable {
        /// The wave number.
        public var wave: Int
        /// The links that make it a dependency (`client -> server`).
        public var links: [String]
    }

    /// The wave number (1-based).
    public var wave: Int
    /// The VMs that move.
    public var moves: [Move]
    /// The earlier waves it depends on.
    public var dependsOn: [Dependency]
    /// Links of this wave's VMs that cross waves the wrong way, with the reason.
    public var crossWaveLinks: [String]
    /// Pre-migration concerns of the wave's VMs.
    public var checks: [PreMigrationConcern]
    /// Why the wave cannot be rolled out as planned (unresolved lint findings, missing facts); empty when it can.
    public var blocking: [String]
    /// The rollout: resources and commands.
    public var apply: RolloutBundle
    /// The rollback: commands that undo the rollout and bring the source VMs back.
    public var rollback: RolloutBundle
    /// The wave's VMs held back by critical concerns (each blocks the wave; see `CriticalGate`).
    public var blockedVMs: [CriticalGate.BlockedVM] = []
    /// The critical concerns of the wave's VMs that a person allowed (recorded overrides).
    public var allowedCritical: [PreMigrationConcern] = []

    /// The wave's directory name (`wave-01`).
    public var directory: String { WaveRunbook.directory(forWave: wave) }

    /// The directory name of wave `wave` (`wave-01`; as the transpiler names them for up to 99 waves).
    /// - Parameter wave: The wave's number.
    public static func directory(forWave wave: Int) -> String { wave < 10 ? "wave-0\(wave)" : "wave-\(wave)" }

    /// What an approver reads: moves, dependencies, checks, blockers and both command lists (not the files).
    public var summary: JSONValue {
        func steps(_ bundle: RolloutBundle) -> JSONValue {
            .array(bundle.steps.map { .string("[\($0.side)] \($0.command)  # \($0.purpose)") })
        }
        return [
            "wave": .int(wave),
            "moves": .array(
                moves.map {
                    [
                        "source": .string($0.source), "target": .string($0.target), "group": .string($0.group),
                        "power_state": $0.powerState.map(JSONValue.string) ?? .null, "reason": .string($0.reason),
                    ]
                }),
            "depends_on": .array(
                dependsOn.map { ["wave": .int($0.wave), "links": .array($0.links.map(JSONValue.string))] }),
            "cross_wave_links": .array(crossWaveLinks.map(JSONValue.string)),
            "checks": .array(
                checks.map {
                    [
                        "vm": .string($0.vm), "category": .string($0.category.rawValue), "id": .string($0.id),
                        "label": .string($0.label), "assessment": .string($0.assessment),
                    ]
                }),
            "blocking": .array(blocking.map(JSONValue.string)),
            "blocked_vms": .array(blockedVMs.map(CriticalGate.json)),
            "allowed_critical": .array(
                allowedCritical.map { ["vm": .string($0.vm), "check": .string($0.id), "label": .string($0.label)] }),
            "apply_files": .array(apply.files.map { .string($0.path) }),
            "apply_steps": steps(apply),
            "rollback_steps": steps(rollback),
        ]
    }
}

extension WaveRunbook {
    private enum CodingKeys: String, CodingKey {
        case wave, moves, dependsOn, crossWaveLinks, checks, blocking, apply, rollback, blockedVMs, allowedCritical
    }

    /// Reads a runbook; `blockedVMs` and `allowedCritical` may be missing (runs checkpointed before they
    /// existed, which can wait on an approval for days, resume with none).
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when a field is missing or of the wrong type.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        wave = try c.decode(Int.self, forKey: .wave)
        moves = try c.decode([Move].self, forKey: .moves)
        dependsOn = try c.decode([Dependency].self, forKey: .dependsOn)
        crossWaveLinks = try c.decode([String].self, forKey: .crossWaveLinks)
        checks = try c.decode([PreMigrationConcern].self, forKey: .checks)
        blocking = try c.decode([String].self, forKey: .blocking)
        apply = try c.decode(RolloutBundle.self, forKey: .apply)
        rollback = try c.decode(RolloutBundle.self, forKey: .rollback)
        blockedVMs = try c.decodeIfPresent([CriticalGate.BlockedVM].self, forKey: .blockedVMs) ?? []
        allowedCritical = try c.decodeIfPresent([PreMigrationConcern].self, forKey: .allowedCritical) ?? []
    }
}
