import SwitchyardCore

/// Which critical pre-migration concerns hold a wave back, and which a person has allowed.
///
/// Forklift refuses to start a plan whose VMs have critical concerns. Here a wave is a plan, so a VM with a
/// critical concern blocks its wave: the wave gets no rollout (and `migration.next_wave` then blocks the waves
/// that depend on it), the VM's own manifests are never written or applied, and the plan names the VM, the check
/// and the fix. The way out is to fix the VM in vSphere and plan again, or to allow the check explicitly
/// (`--allow-critical CHECK[:VM]`, input `allow_critical`), which the plan records as an override.
public struct CriticalGate: Sendable {
    /// A critical check a person allows, for one VM or (with `vm` nil) for every VM.
    public struct Allowance: Sendable, Hashable, Codable {
        /// The check's id (`vmware.disk.rdm.detected`).
        public var check: String
        /// The VM's source name; nil for every VM.
        public var vm: String?

        /// Makes an allowance.
        /// - Parameters:
        ///   - check: The check's id (`vmware.disk.rdm.detected`).
        ///   - vm: The VM's source name; nil for every VM.
        public init(check: String, vm: String? = nil) {
            self.check = check
            self.vm = vm
        }
    }

    /// A VM held back by critical concerns, and its wave.
    public struct BlockedVM: Sendable, Hashable, Codable {
        /// The VM's source name.
        public var vm: String
        /// The wave it was planned in.
        public var wave: Int
        /// The critical concerns not allowed (each with its id, label and what to do).
        public var concerns: [PreMigrationConcern]

        /// One sentence per concern: `VM 'x' is blocked by CHECK (label): fix: …`.
        public var reasons: [String] {
            concerns.map {
                "VM \(String(reflecting: vm)) is blocked by the critical check \($0.id) (\($0.label)); fix: "
                    + "\($0.assessment); or allow it with --allow-critical \($0.id):\(vm)"
            }
        }
    }

    /// The allowed checks.
    public var allowances: [Allowance]

    /// Makes a gate.
    /// - Parameter allowances: The critical checks a person allows.
    public init(allowing allowances: [Allowance] = []) {
        self.allowances = allowances
    }

    /// Reads `CHECK` or `CHECK:VM` (check ids never hold a `:`; a VM name may).
    /// - Parameter texts: The allowances as written.
    /// - Throws: `invalid_arguments` for a check that is not one of the critical checks.
    public init(parsing texts: [String]) throws(SwitchyardError) {
        var allowances: [Allowance] = []
        for text in texts {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            let check = parts.first ?? ""
            guard PreMigrationChecks.criticalIDs.contains(check) else {
                throw SwitchyardError(
                    code: .invalidArguments,
                    message: "allow-critical \(String(reflecting: text)): \(String(reflecting: check)) is not a "
                        + "critical check; write CHECK or CHECK:VM with one of "
                        + PreMigrationChecks.criticalIDs.joined(separator: ", "))
            }
            allowances.append(Allowance(check: check, vm: parts.count == 2 && !parts[1].isEmpty ? parts[1] : nil))
        }
        self.allowances = allowances
    }

    /// Whether a person allowed `concern`.
    /// - Parameter concern: A concern of a source VM.
    public func allows(_ concern: PreMigrationConcern) -> Bool {
        allowances.contains { $0.check == concern.id && ($0.vm == nil || $0.vm == concern.vm) }
    }

    /// The critical concerns that block their VM (not allowed).
    /// - Parameter concerns: Every concern of the estate.
    public func blocking(_ concerns: [PreMigrationConcern]) -> [PreMigrationConcern] {
        concerns.filter { $0.category == .critical && !allows($0) }
    }

    /// The critical concerns a person allowed (the plan's overrides).
    /// - Parameter concerns: Every concern of the estate.
    public func overridden(_ concerns: [PreMigrationConcern]) -> [PreMigrationConcern] {
        concerns.filter { $0.category == .critical && allows($0) }
    }

    /// The blocked VMs, in wave then name order.
    /// - Parameters:
    ///   - concerns: Every concern of the estate.
    ///   - estate: The VMs.
    ///   - waves: The wave plan.
    public func blockedVMs(_ concerns: [PreMigrationConcern], estate: Estate, waves: WavePlan) -> [BlockedVM] {
        var byVM: [String: [PreMigrationConcern]] = [:]
        for concern in blocking(concerns) { byVM[concern.vm, default: []].append(concern) }
        return byVM.compactMap { vm, list -> BlockedVM? in
            guard let index = estate.index(of: vm) else { return nil }
            return BlockedVM(vm: vm, wave: waves.waveOf[index], concerns: list)
        }.sorted { ($0.wave, $0.vm) < ($1.wave, $1.vm) }
    }

    /// Checks that every allowance naming a VM names one of the estate.
    /// - Parameter estate: The VMs.
    /// - Throws: `invalid_arguments` naming the unknown VM.
    public func validate(_ estate: Estate) throws(SwitchyardError) {
        for allowance in allowances {
            if let vm = allowance.vm, estate.index(of: vm) == nil {
                throw SwitchyardError(
                    code: .invalidArguments,
                    message: "allow-critical \(allowance.check):\(vm): no VM \(String(reflecting: vm)) in the "
                        + "inventory")
            }
        }
    }

    /// `summary` (a discovery or plan summary) with `blocked` (VM, wave, checks and fixes), `allowedCritical`
    /// (the overrides) and, on each wave, `blocked` and `blockedVMs`.
    /// - Parameters:
    ///   - summary: The discovery's summary object.
    ///   - concerns: Every concern of the estate.
    ///   - discovery: The discovery the summary is of.
    public func annotate(_ summary: JSONValue, concerns: [PreMigrationConcern], discovery: Discovery) -> JSONValue {
        guard case .object(var object) = summary else { return summary }
        let blocked = blockedVMs(concerns, estate: discovery.estate, waves: discovery.waves)
        object["blocked"] = .array(blocked.map(Self.json))
        object["allowedCritical"] = .array(
            overridden(concerns).map {
                ["vm": .string($0.vm), "check": .string($0.id), "label": .string($0.label)]
            })
        if case .array(let waves)? = object["waves"] {
            object["waves"] = .array(
                waves.map { wave in
                    guard case .object(var w) = wave, let number = w["wave"]?.intValue else { return wave }
                    let here = blocked.filter { $0.wave == number }
                    w["blocked"] = .bool(!here.isEmpty)
                    w["blockedVMs"] = .array(here.map { .string($0.vm) })
                    return .object(w)
                })
        }
        return .object(object)
    }

    /// A blocked VM as JSON: `vm`, `wave`, `checks` (`id`, `label`, `fix`).
    /// - Parameter blocked: The blocked VM.
    public static func json(_ blocked: BlockedVM) -> JSONValue {
        [
            "vm": .string(blocked.vm), "wave": .int(blocked.wave),
            "checks": .array(
                blocked.concerns.map {
                    ["id": .string($0.id), "label": .string($0.label), "fix": .string($0.assessment)]
                }),
        ]
    }
}
