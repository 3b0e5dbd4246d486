/// One virtual machine of the source (VMware) estate, as read from any inventory format.
///
/// Fields an inventory does not carry stay `nil` (unknown), which the pre-migration checks treat as "not
/// checked" rather than as a pass or a failure.
public struct SourceVM: Sendable, Hashable, Codable {
    /// The VM's display name in vCenter (not necessarily RFC 1123-clean).
    public var name: String
    /// The managed object id (`vm-42`) or another stable id from the inventory, if any.
    public var id: String?
    /// The BIOS UUID, if known.
    public var uuid: String?
    /// Virtual CPUs (sockets × cores per socket).
    public var cpus: Int
    /// Cores per socket, when the inventory says.
    public var coresPerSocket: Int?
    /// Configured memory in MiB.
    public var memoryMiB: Int
    /// `bios` or `efi`.
    public var firmware: String?
    /// UEFI secure boot enabled.
    public var secureBoot: Bool?
    /// A virtual TPM is present.
    public var tpm: Bool?
    /// The guest OS identifier (`rhel9_64Guest`, `windows2019srv_64Guest`, `rhel9-64`) or full name.
    public var guestOS: String?
    /// `poweredOn`, `poweredOff` or `suspended`.
    public var powerState: String?
    /// The VM's disks.
    public var disks: [SourceDisk]
    /// The VM's network adapters.
    public var nics: [SourceNIC]
    /// Every IP address the VM is known by (guest tools, primary IP, NIC addresses).
    public var ipAddresses: [String]
    /// CPU hot-add enabled.
    public var cpuHotAdd: Bool?
    /// Memory hot-add enabled.
    public var memoryHotAdd: Bool?
    /// CPU affinity set (the host CPUs the VM is pinned to).
    public var cpuAffinity: [Int]?
    /// Changed block tracking enabled (needed for warm migration).
    public var changedBlockTracking: Bool?
    /// How many snapshots the VM has.
    public var snapshotCount: Int?
    /// PCI passthrough devices.
    public var pciPassthroughCount: Int?
    /// Observed p95 CPU use in cores (usage data), for right-sizing.
    public var p95CPUCores: Double?
    /// Observed p95 memory use in MiB (usage data), for right-sizing.
    public var p95MemoryMiB: Int?
    /// Where the VM was read from (`file:line` or `file row N`), for messages.
    public var source: String

    /// Makes a VM; every optional fact defaults to unknown.
    /// - Parameters:
    ///   - name: The VM's display name in vCenter (not necessarily RFC 1123-clean).
    ///   - id: The managed object id (`vm-42`) or another stable id from the inventory, if any.
    ///   - uuid: The BIOS UUID, if known.
    ///   - cpus: Virtual CPUs (sockets × cores per socket).
    ///   - coresPerSocket: Cores per socket, when the inventory says.
    ///   - memoryMiB: Configured memory in MiB.
    ///   - firmware: `bios` or `efi`.
    ///   - secureBoot: UEFI secure boot enabled.
    ///   - tpm: A virtual TPM is present.
    ///   - guestOS: The guest OS identifier (`rhel9_64Guest`, `windows2019srv_64Guest`, `rhel9-64`) or full name.
    ///   - powerState: `poweredOn`, `poweredOff` or `suspended`.
    ///   - disks: The VM's disks.
    ///   - nics: The VM's network adapters.
    ///   - ipAddresses: Every IP address the VM is known by (guest tools, primary IP, NIC addresses).
    ///   - cpuHotAdd: CPU hot-add enabled.
    ///   - memoryHotAdd: Memory hot-add enabled.
    ///   - cpuAffinity: CPU affinity set (the host CPUs the VM is pinned to).
    ///   - changedBlockTracking: Changed block tracking enabled (needed for warm migration).
    ///   - snapshotCount: How many snapshots the VM has.
    ///   - pciPassthroughCount: PCI passthrough devices.
    ///   - p95CPUCores: Observed p95 CPU use in cores (usage data), for right-sizing.
    ///   - p95MemoryMiB: Observed p95 memory use in MiB (usage data), for right-sizing.
    ///   - source: Where the VM was read from (`file:line` or `file row N`), for messages.
    public init(
        name: String, id: String? = nil, uuid: String? = nil, cpus: Int = 1, coresPerSocket: Int? = nil,
        memoryMiB: Int = 0, firmware: String? = nil, secureBoot: Bool? = nil, tpm: Bool? = nil,
        guestOS: String? = nil, powerState: String? = nil, disks: [SourceDisk] = [], nics: [SourceNIC] = [],
        ipAddresses: [String] = [], cpuHotAdd: Bool? = nil, memoryHotAdd: Bool? = nil, cpuAffinity: [Int]? = nil,
        changedBlockTracking: Bool? = nil, snapshotCount: Int? = nil, pciPassthroughCount: Int? = nil,
        p95CPUCores: Double? = nil, p95MemoryMiB: Int? = nil, source: String = ""
    ) {
        self.name = name
        self.id = id
        self.uuid = uuid
        self.cpus = cpus
        self.coresPerSocket = coresPerSocket
        self.memoryMiB = memoryMiB
        self.firmware = firmware
        self.secureBoot = secureBoot
        self.tpm = tpm
        self.guestOS = guestOS
        self.powerState = powerState
        self.disks = disks
        self.nics = nics
        self.ipAddresses = ipAddresses
        self.cpuHotAdd = cpuHotAdd
        self.memoryHotAdd = memoryHotAdd
        self.cpuAffinity = cpuAffinity
        self.changedBlockTracking = changedBlockTracking
        self.snapshotCount = snapshotCount
        self.pciPassthroughCount = pciPassthroughCount
        self.p95CPUCores = p95CPUCores
        self.p95MemoryMiB = p95MemoryMiB
        self.source = source
    }
}

/// One virtual disk of a source VM.
public struct SourceDisk: Sendable, Hashable, Codable {
    /// The device label (`Hard disk 1`) or vmx key (`scsi0:0`).
    public var label: String
    /// Capacity in MiB; 0 when unknown (a .vmx does not say).
    public var capacityMiB: Int
    /// The backing file (`[datastore1] web-1/web-1.vmdk`), if known.
    public var fileName: String?
    /// `persistent`, `independent_persistent`, `independent_nonpersistent`, … when known.
    public var mode: String?
    /// `sharingNone` or `sharingMultiWriter` when known.
    public var sharing: String?
    /// A raw device mapping (RDM).
    public var raw: Bool

    /// Makes a disk.
    /// - Parameters:
    ///   - label: The device label (`Hard disk 1`) or vmx key (`scsi0:0`).
    ///   - capacityMiB: Capacity in MiB; 0 when unknown (a .vmx does not say).
    ///   - fileName: The backing file (`[datastore1] web-1/web-1.vmdk`), if known.
    ///   - mode: `persistent`, `independent_persistent`, `independent_nonpersistent`, … when known.
    ///   - sharing: `sharingNone` or `sharingMultiWriter` when known.
    ///   - raw: A raw device mapping (RDM).
    public init(
        label: String, capacityMiB: Int, fileName: String? = nil, mode: String? = nil, sharing: String? = nil,
        raw: Bool = false
    ) {
        self.label = label
        self.capacityMiB = capacityMiB
        self.fileName = fileName
        self.mode = mode
        self.sharing = sharing
        self.raw = raw
    }

    /// Whether the disk is independent (left out of snapshots).
    public var isIndependent: Bool { mode?.lowercased().contains("independent") ?? false }

    /// Whether several VMs may write the disk at once.
    public var isShared: Bool {
        guard let sharing = sharing?.lowercased() else { return false }
        return sharing.contains("multi") || sharing == "shared"
    }
}

/// One network adapter of a source VM.
public struct SourceNIC: Sendable, Hashable, Codable {
    /// The device label (`Network adapter 1`) or vmx key (`ethernet0`).
    public var label: String
    /// The port group / network name the NIC is connected to.
    public var network: String
    /// The MAC address, if known.
    public var macAddress: String?
    /// The adapter model (`vmxnet3`, `e1000e`), if known.
    public var model: String?

    /// Makes a NIC.
    /// - Parameters:
    ///   - label: The device label (`Network adapter 1`) or vmx key (`ethernet0`).
    ///   - network: The port group / network name the NIC is connected to.
    ///   - macAddress: The MAC address, if known.
    ///   - model: The adapter model (`vmxnet3`, `e1000e`), if known.
    public init(label: String, network: String, macAddress: String? = nil, model: String? = nil) {
        self.label = label
        self.network = network
        self.macAddress = macAddress
        self.model = model
    }
}
