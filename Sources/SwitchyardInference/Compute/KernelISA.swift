import Foundation

/// Which instruction set the engine's 8-token dot kernels use: AVX2 everywhere on x86-64, or AVX-512 VNNI
/// (`SwitchyardInferenceVNNI`, the same bits in fewer instructions) when it is compiled in and the CPU has it.
/// `SWITCHYARD_KERNELS=avx2` in the environment keeps the AVX2 kernels (to compare, or to rule them out).
enum KernelISA {
    /// Whether the VNNI kernels run, decided once per process.
    static let vnni: Bool = {
        #if SWITCHYARD_VNNI && arch(x86_64)
            if ProcessInfo.processInfo.environment["SWITCHYARD_KERNELS"] == "avx2" { return false }
            return cpuHasVNNI
        #else
            return false
        #endif
    }()

    /// Whether the CPU (as the kernel reports it, so with the OS's support for the AVX-512 state) has AVX-512 F,
    /// BW, VL and VNNI.
    static let cpuHasVNNI: Bool = {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let set = Set(flags.split(separator: " ").map(String.init))
        return ["avx512f", "avx512bw", "avx512vl", "avx512_vnni"].allSatisfy(set.contains)
    }()
}
