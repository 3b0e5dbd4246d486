/// How a wave's VMs are moved to the cluster.
///
/// `forklift` writes Forklift (Konveyor, Red Hat MTV) `NetworkMap`, `StorageMap`, `Plan` and `Migration`
/// resources: Forklift copies the disks and converts the guests with virt-v2v. `manifests` applies the
/// transpiled KubeVirt `VirtualMachine`s directly (their DataVolumes import from vCenter with VDDK when the
/// transpiler was given a VDDK source, otherwise they are blank). `terraform` applies the wave's Terraform for
/// AWS.
public struct RolloutMethod: Sendable, Hashable, CustomStringConvertible {
    /// The method's name (`forklift`, `manifests`).
    public let name: String

    /// Forklift resources, with the given settings.
    /// - Parameter settings: Namespace, providers, storage class and migration type.
    public static func forklift(_ settings: ForkliftSettings) -> RolloutMethod {
        RolloutMethod(name: "forklift", forklift: settings)
    }

    /// The transpiled VirtualMachines, applied with kubectl.
    public static let manifests = RolloutMethod(name: "manifests", forklift: nil)

    /// Terraform for AWS: `terraform init`, `plan` and `apply` on the wave's `main.tf.json`; `destroy` to roll
    /// back.
    public static let terraform = RolloutMethod(name: "terraform", forklift: nil)

    /// The Forklift settings, for `forklift`.
    public let forklift: ForkliftSettings?

    public var description: String { name }
}

/// Where Forklift runs and what its resources refer to.
public struct ForkliftSettings: Sendable, Hashable {
    /// The namespace Forklift's resources live in (`konveyor-forklift` upstream, `openshift-mtv` for MTV).
    public var namespace: String
    /// The vSphere `Provider` the VMs come from.
    public var sourceProvider: String
    /// The destination `Provider` (`host`: the cluster Forklift runs on).
    public var destinationProvider: String
    /// The storage class every source datastore maps to.
    public var storageClass: String
    /// `cold` (VMs powered off, then copied) or `warm` (copied from CBT snapshots while running, then cut over).
    public var migrationType: String

    /// Makes settings.
    /// - Parameters:
    ///   - storageClass: The storage class every source datastore maps to.
    ///   - namespace: The namespace Forklift's resources live in (`konveyor-forklift` upstream, `openshift-mtv` for
    ///     MTV).
    ///   - sourceProvider: The vSphere `Provider` the VMs come from.
    ///   - destinationProvider: The destination `Provider` (`host`: the cluster Forklift runs on).
    ///   - migrationType: `cold` (VMs powered off, then copied) or `warm` (copied from CBT snapshots while running,
    ///     then cut over).
    public init(
        storageClass: String, namespace: String = "konveyor-forklift", sourceProvider: String = "vsphere",
        destinationProvider: String = "host", migrationType: String = "cold"
    ) {
        self.namespace = namespace
        self.sourceProvider = sourceProvider
        self.destinationProvider = destinationProvider
        self.storageClass = storageClass
        self.migrationType = migrationType
    }
}
