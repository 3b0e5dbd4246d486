/// EC2 instance types to choose from: the general-purpose (m6i), compute (c6i) and memory (r6i) families,
/// sizes large … 24xlarge. vCPU and memory figures are AWS's published specifications for these types.
public enum InstanceCatalog {
    /// One instance type.
    public struct InstanceType: Sendable, Hashable {
        /// `m6i.xlarge`.
        public var name: String
        /// vCPUs.
        public var vcpus: Int
        /// Memory in GiB.
        public var memoryGiB: Int
    }

    static let sizes: [(String, Int)] = [
        ("large", 2), ("xlarge", 4), ("2xlarge", 8), ("4xlarge", 16), ("8xlarge", 32), ("12xlarge", 48),
        ("16xlarge", 64), ("24xlarge", 96),
    ]

    /// The families with their GiB of memory per vCPU.
    static let families: [(String, Int)] = [("c6i", 2), ("m6i", 4), ("r6i", 8)]

    /// Every type in the catalog.
    public static var all: [InstanceType] {
        families.flatMap { family, perCPU in
            sizes.map { size, vcpus in InstanceType(name: "\(family).\(size)", vcpus: vcpus, memoryGiB: vcpus * perCPU)
            }
        }
    }

    /// The cheapest-shaped type that fits: the family whose memory per vCPU is the smallest that covers the
    /// need's ratio, then the smallest size with enough vCPUs and memory; nil when nothing is large enough.
    /// - Parameters:
    ///   - vcpus: vCPUs needed.
    ///   - memoryMiB: memory needed in MiB.
    public static func choose(vcpus: Int, memoryMiB: Int) -> InstanceType? {
        let needGiB = (Double(memoryMiB) / 1024).rounded(.up)
        let ratio = needGiB / Double(max(1, vcpus))
        let ordered = families.sorted { $0.1 < $1.1 }
        let start = ordered.firstIndex { Double($0.1) >= ratio } ?? ordered.count - 1
        for (family, perCPU) in ordered[start...] {
            for (size, count) in sizes where count >= vcpus && Double(count * perCPU) >= needGiB {
                return InstanceType(name: "\(family).\(size)", vcpus: count, memoryGiB: count * perCPU)
            }
        }
        return nil
    }
}
