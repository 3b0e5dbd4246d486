/// A source estate: the VMs read from one or more inventories, keyed by name.
public struct Estate: Sendable, Hashable {
    /// The VMs, in a stable order (by name).
    public private(set) var vms: [SourceVM]
    private var indexByName: [String: Int]

    /// Makes an estate. A VM that appears in several inventories is merged: facts known in a later one fill in
    /// what an earlier one left unknown (NICs and disks are taken from the first inventory that lists any).
    /// - Parameter vms: the VMs of every inventory, in the inventories' order.
    public init(_ vms: [SourceVM]) {
        var merged: [String: SourceVM] = [:]
        var order: [String] = []
        for vm in vms {
            if let existing = merged[vm.name] {
                merged[vm.name] = existing.filled(from: vm)
            } else {
                merged[vm.name] = vm
                order.append(vm.name)
            }
        }
        self.vms = order.sorted().map { merged[$0]! }
        self.indexByName = Dictionary(uniqueKeysWithValues: self.vms.enumerated().map { ($1.name, $0) })
    }

    /// The index of the VM called `name`.
    /// - Parameter name: a VM's source name.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// How many VMs.
    public var count: Int { vms.count }

    /// The networks (port groups) any VM is attached to, sorted.
    public var networks: [String] {
        Array(Set(vms.flatMap { $0.nics.map(\.network) })).filter { !$0.isEmpty }.sorted()
    }
}

extension SourceVM {
    /// This VM with the facts `other` knows and this one does not.
    func filled(from other: SourceVM) -> SourceVM {
        var vm = self
        vm.id = vm.id ?? other.id
        vm.uuid = vm.uuid ?? other.uuid
        if vm.memoryMiB == 0 { vm.memoryMiB = other.memoryMiB }
        vm.coresPerSocket = vm.coresPerSocket ?? other.coresPerSocket
        vm.firmware = vm.firmware ?? other.firmware
        vm.secureBoot = vm.secureBoot ?? other.secureBoot
        vm.tpm = vm.tpm ?? other.tpm
        vm.guestOS = vm.guestOS ?? other.guestOS
        vm.powerState = vm.powerState ?? other.powerState
        if vm.disks.isEmpty { vm.disks = other.disks }
        if vm.nics.isEmpty { vm.nics = other.nics }
        for ip in other.ipAddresses where !vm.ipAddresses.contains(ip) { vm.ipAddresses.append(ip) }
        vm.cpuHotAdd = vm.cpuHotAdd ?? other.cpuHotAdd
        vm.memoryHotAdd = vm.memoryHotAdd ?? other.memoryHotAdd
        vm.cpuAffinity = vm.cpuAffinity ?? other.cpuAffinity
        vm.changedBlockTracking = vm.changedBlockTracking ?? other.changedBlockTracking
        vm.snapshotCount = vm.snapshotCount ?? other.snapshotCount
        vm.pciPassthroughCount = vm.pciPassthroughCount ?? other.pciPassthroughCount
        vm.p95CPUCores = vm.p95CPUCores ?? other.p95CPUCores
        vm.p95MemoryMiB = vm.p95MemoryMiB ?? other.p95MemoryMiB
        return vm
    }
}
