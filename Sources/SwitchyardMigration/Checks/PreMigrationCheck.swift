/// A concern about a source VM before it moves, in the manner of Forklift's validation rules
/// (`validation/policies/io/konveyor/forklift/vmware/*.rego`): an id, a category, a label and an assessment
/// that says what it means and what to do.
public struct PreMigrationConcern: Sendable, Hashable, Codable {
    /// How much the concern matters.
    public enum Category: String, Sendable, Codable, Comparable {
        /// The VM cannot be migrated as it is.
        case critical = "Critical"
        /// The VM can be migrated, but something will be lost or must be done by hand.
        case warning = "Warning"
        /// Worth knowing.
        case information = "Information"

        private var rank: Int {
            switch self {
            case .critical: 0
            case .warning: 1
            case .information: 2
            }
        }

        public static func < (a: Category, b: Category) -> Bool { a.rank < b.rank }
    }

    /// A stable id (`vmware.disk.rdm.detected`).
    public var id: String
    /// The category.
    public var category: Category
    /// The VM's source name.
    public var vm: String
    /// A short title.
    public var label: String
    /// What it means and what to do.
    public var assessment: String
}

/// The pre-migration checks and their limits.
public struct PreMigrationChecks: Sendable {
    /// Disks larger than this (MiB) are flagged; default 2 TiB.
    public var maxDiskMiB: Int

    /// Guest OS ids or names (lower-cased substrings) that virt-v2v cannot convert or KubeVirt does not run.
    public static let unsupportedOS = [
        "photon", "freebsd", "solaris", "netware", "darwin", "os2", "dos", "win31", "win95", "win98", "winme",
        "winnt", "win2000", "winxp", "winnet", "windows 2000", "windows xp", "windows server 2003", "winvista",
        "longhorn", "sco", "unixware", "ecomstation", "vmkernel",
    ]
    /// Guest OS ids or names (lower-cased substrings) known to convert.
    public static let supportedOS = [
        "rhel", "red hat", "centos", "rocky", "alma", "oracle", "sles", "suse", "ubuntu", "debian", "fedora",
        "windows2012", "windows2016", "windows2019", "windows2022", "windows2025", "windows9", "windows10",
        "windows11", "windows server 2012", "windows server 2016", "windows server 2019", "windows server 2022",
        "windows 10", "windows 11", "other5xlinux", "other4xlinux", "other3xlinux",
    ]

    /// The ids of the critical checks: a VM with one of these blocks its wave unless it is allowed
    /// (see `CriticalGate`).
    public static let criticalIDs = [
        "vmware.disk.rdm.detected", "vmware.device.pci_passthrough.detected", "vmware.cpu_affinity.detected",
        "vmware.os.unsupported",
    ]

    /// Makes the checks.
    /// - Parameter maxDiskMiB: Disks larger than this (MiB) are flagged; default 2 TiB.
    public init(maxDiskMiB: Int = 2 * 1024 * 1024) {
        self.maxDiskMiB = maxDiskMiB
    }

    /// Every concern about `vm`, most severe first, then by id.
    /// - Parameter vm: The VM's inventory facts.
    public func check(_ vm: SourceVM) -> [PreMigrationConcern] {
        var out: [PreMigrationConcern] = []
        func add(_ id: String, _ category: PreMigrationConcern.Category, _ label: String, _ assessment: String) {
            out.append(.init(id: id, category: category, vm: vm.name, label: label, assessment: assessment))
        }
        let raw = vm.disks.filter(\.raw)
        if !raw.isEmpty {
            add(
                "vmware.disk.rdm.detected", .critical, "Raw Device Mapped disk detected",
                "disks \(raw.map(\.label).joined(separator: ", ")) are RDMs, which cannot be copied: convert them "
                    + "to virtual disks (Storage vMotion) or present the LUN to the cluster")
        }
        if let pci = vm.pciPassthroughCount, pci > 0 {
            add(
                "vmware.device.pci_passthrough.detected", .critical, "PCI passthrough device detected",
                "\(pci) passthrough device(s) cannot move with the VM: remove them or plan host devices in KubeVirt")
        }
        if let affinity = vm.cpuAffinity, !affinity.isEmpty {
            add(
                "vmware.cpu_affinity.detected", .critical, "CPU affinity detected",
                "the VM is pinned to host CPUs \(affinity.map(String.init).joined(separator: ",")): clear the "
                    + "affinity, or use dedicatedCpuPlacement on the target")
        }
        let shared = vm.disks.filter(\.isShared)
        if !shared.isEmpty {
            add(
                "vmware.disk.shared.detected", .warning, "Shared disk detected",
                "disks \(shared.map(\.label).joined(separator: ", ")) are shared (multi-writer): migrate them once, "
                    + "with the plan's migrateSharedDisks set on one VM only")
        }
        let independent = vm.disks.filter(\.isIndependent)
        if !independent.isEmpty {
            add(
                "vmware.disk_mode.independent", .warning, "Independent disk detected",
                "disks \(independent.map(\.label).joined(separator: ", ")) are independent, so snapshots (and warm "
                    + "migration) skip them: switch them to dependent mode or use cold migration")
        }
        if let n = vm.snapshotCount, n > 0 {
            add(
                "vmware.snapshot.detected", .warning, "VM snapshot detected",
                "\(n) snapshot(s): consolidate or delete them before migrating, only the current state is copied")
        }
        if vm.cpuHotAdd == true || vm.memoryHotAdd == true {
            let what = [vm.cpuHotAdd == true ? "CPU" : nil, vm.memoryHotAdd == true ? "memory" : nil].compactMap { $0 }
            add(
                "vmware.cpu_memory.hotplug.enabled", .warning, "CPU or memory hot plug enabled",
                "\(what.joined(separator: " and ")) hot plug is not carried over: the target gets the current size")
        }
        if vm.changedBlockTracking == false {
            add(
                "vmware.changed_block_tracking.disabled", .warning, "Changed Block Tracking (CBT) not enabled",
                "warm migration needs CBT: enable ctkEnabled on the VM and its disks, or plan a cold migration")
        }
        if vm.secureBoot == true {
            add(
                "vmware.uefi.secure_boot.enabled", .warning, "UEFI secure boot enabled",
                "the target uses EFI with secure boot and SMM; the guest's boot chain must be signed for OVMF keys")
        }
        if vm.tpm == true {
            add(
                "vmware.tpm.detected", .warning, "vTPM detected",
                "the TPM's contents (keys, BitLocker/LUKS seals) do not move: suspend BitLocker or re-seal, the "
                    + "target gets a new persistent TPM")
        }
        if !RFC1123.isValid(vm.name) {
            add(
                "vmware.name.invalid", .warning, "Invalid VM name",
                "\(String(reflecting: vm.name)) is not an RFC 1123 label (lower-case alphanumerics and '-', at most "
                    + "63 characters): the target is named \(String(reflecting: RFC1123.label(vm.name)))")
        }
        if let os = vm.guestOS?.lowercased() {
            if PreMigrationChecks.unsupportedOS.contains(where: { os.contains($0) }) {
                add(
                    "vmware.os.unsupported", .critical, "Unsupported guest operating system",
                    "\(String(reflecting: vm.guestOS!)) cannot be converted by virt-v2v or run on KubeVirt: "
                        + "rebuild the workload on a supported OS")
            } else if !PreMigrationChecks.supportedOS.contains(where: { os.contains($0) }) {
                add(
                    "vmware.os.unverified", .information, "Guest operating system not verified",
                    "\(String(reflecting: vm.guestOS!)) is not on the list of converted guests: test a copy first")
            }
        } else {
            add(
                "vmware.os.unknown", .information, "Guest operating system unknown",
                "the inventory does not say which OS the VM runs: check it converts before the wave")
        }
        let big = vm.disks.filter { $0.capacityMiB > maxDiskMiB }
        if !big.isEmpty {
            add(
                "vmware.disk.size.exceeds", .warning, "Disk over the size limit",
                "disks \(big.map { "\($0.label) (\($0.capacityMiB / 1024) GiB)" }.joined(separator: ", ")) are over "
                    + "\(maxDiskMiB / 1024) GiB: copying takes long; check the storage class allows it")
        }
        let unknownSize = vm.disks.filter { $0.capacityMiB == 0 && !$0.raw }
        if !unknownSize.isEmpty {
            add(
                "vmware.disk.size.unknown", .information, "Disk size unknown",
                "the inventory does not give the size of \(unknownSize.map(\.label).joined(separator: ", ")): the "
                    + "DataVolume requests a default size; export vDisk or govc output to get it right")
        }
        if vm.disks.isEmpty {
            add(
                "vmware.disk.none", .information, "No disk listed",
                "the inventory lists no disk for this VM: the target gets none; add the vDisk sheet if it has some")
        }
        return out.sorted { ($0.category, $0.id) < ($1.category, $1.id) }
    }
}
