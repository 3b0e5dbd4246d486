#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import SwitchyardCore

/// A read-only memory mapping of a whole file, unmapped when the last reference goes.
// @unchecked: the mapping is read-only (`PROT_READ`) and stays mapped until `deinit`.
final class SafetensorsMemoryMap: @unchecked Sendable {
    /// The mapped bytes (immutable for the mapping's lifetime).
    let bytes: UnsafeRawBufferPointer

    /// Maps `path` read-only. Empty files map to an empty buffer.
    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw SwitchyardError(
                code: .safetensorsUnreadable,
                message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SwitchyardError(
                code: .safetensorsUnreadable, message: "cannot stat \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw SwitchyardError(code: .safetensorsUnreadable, message: "\(path) is not a regular file")
        }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw SwitchyardError(
                code: .safetensorsUnreadable, message: "cannot map \(path): \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
