import Foundation
import SwitchyardCore

/// What one `fdatasync` of a 4 KiB write costs on the disk under `workdir` (the floor under every durable commit).
func benchFsync(workdir: String, count: Int) throws -> JSONValue {
    let path = workdir + "/fsync-probe"
    let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
    guard fd >= 0 else { throw BenchError("cannot open \(path)") }
    defer {
        close(fd)
        unlink(path)
    }
    let page = [UInt8](repeating: 0x5A, count: 4096)
    var samples: [Double] = []
    for i in 0..<count {
        _ = page.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, off_t((i % 64) * 4096)) }
        let start = ContinuousClock.now
        guard fdatasync(fd) == 0 else { throw BenchError("fdatasync failed: errno \(errno)") }
        samples.append(seconds(since: start))
    }
    return percentiles(samples)
}
