/// Settings for turning source VMs into KubeVirt manifests.
public struct TranspileOptions: Sendable {
    /// The target namespace.
    public var namespace: String
    /// The storage class for the DataVolumes; the cluster default when nil.
    public var storageClass: String?
    /// The Linux bridge the NetworkAttachmentDefinitions attach to.
    public var bridge: String
    /// Size requested for a disk whose size the inventory does not give, in MiB.
    public var defaultDiskMiB: Int
    /// Headroom over observed p95 use when right-sizing (1.25 = 25 %).
    public var headroom: Double
    /// Add a pod-network interface (masquerade) after the VLAN NICs, and a ClusterIP Service for every VM
    /// that serves traffic, so in-cluster clients can reach it by name.
    public var podNetwork: Bool
    /// When set, disks import from vCenter with CDI's VDDK source; otherwise they are blank (to be filled by
    /// Forklift or a restore).
    public var vddk: VDDKSource?

    /// The VDDK import source settings (CDI `spec.source.vddk`).
    public struct VDDKSource: Sendable {
        /// The vCenter SDK URL (`https://vcenter.example.com/sdk`).
        public var url: String
        /// The Secret holding the vCenter credentials.
        public var secretName: String
        /// The vCenter certificate's SHA-1 thumbprint.
        public var thumbprint: String
        /// The VDDK init image (pinned by tag or digest).
        public var initImageURL: String?

        /// Makes the settings.
        /// - Parameters:
        ///   - url: the vCenter SDK URL.
        ///   - secretName: the Secret with the vCenter credentials.
        ///   - thumbprint: the vCenter certificate's SHA-1 thumbprint.
        ///   - initImageURL: an image with the VDDK library, pinned by tag or digest.
        public init(url: String, secretName: String, thumbprint: String, initImageURL: String? = nil) {
            self.url = url
            self.secretName = secretName
            self.thumbprint = thumbprint
            self.initImageURL = initImageURL
        }
    }

    /// Makes options.
    public init(
        namespace: String = "migrated", storageClass: String? = nil, bridge: String = "br1",
        defaultDiskMiB: Int = 20 * 1024, headroom: Double = 1.25, podNetwork: Bool = true, vddk: VDDKSource? = nil
    ) {
        self.namespace = namespace
        self.storageClass = storageClass
        self.bridge = bridge
        self.defaultDiskMiB = defaultDiskMiB
        self.headroom = headroom
        self.podNetwork = podNetwork
        self.vddk = vddk
    }
}

/// What a VM does, inferred from the server ports clients use on it.
public enum VMRole: String, Sendable, CaseIterable {
    case database, cache, queue, web, app

    /// Well-known server ports per role.
    static let ports: [(VMRole, Set<Int>)] = [
        (.database, [1433, 1521, 3306, 5432, 5984, 7000, 8529, 9042, 27017, 28015, 50000]),
        (.cache, [6379, 11211]),
        (.queue, [4222, 5671, 5672, 9092, 61616]),
        (.web, [80, 443, 8080, 8443]),
    ]

    /// The role for the ports a VM serves (the first role, in the order above, with a matching port).
    static func infer(_ served: Set<Int>) -> VMRole {
        for (role, ports) in VMRole.ports where !served.isDisjoint(with: ports) { return role }
        return .app
    }
}
