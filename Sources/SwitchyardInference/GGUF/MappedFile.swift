#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SwitchyardCore

/// Read-only bytes of a model file: memory-mapped from disk, or an owned in-memory copy (tests, fuzzing).
///
/// The bytes live as long as this object; every view into them (tensor data, strings) must not outlive it.
// @unchecked: the bytes at `base` are never written after `init`, and `release` runs once, in `deinit`.
public final class MappedFile: @unchecked Sendable {
    /// First byte of the file.
    public let base: UnsafeRawPointer
    /// Size of the file in bytes.
    public let count: Int
    /// Where the bytes came from (a path, or a label for in-memory data), for error messages.
    public let origin: String
    private let release: () -> Void

    /// Maps the file at `path` read-only. Throws `model_file_unreadable` when it cannot be opened or mapped.
    ///
    /// - Parameter path: The file.
    /// - Throws: `SwitchyardError` with code `model_file_unreadable`.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw SwitchyardError(
                code: .modelFileUnreadable,
                message: "cannot open model file '\(path)': \(String(cString: strerror(errno))). "
                    + "Check the path, or run scripts/fetch-models to install the default models.")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw SwitchyardError(code: .modelFileUnreadable, message: "cannot stat model file '\(path)'.")
        }
        let size = Int(st.st_size)
        guard size > 0 else {
            throw SwitchyardError(code: .ggufTruncated, message: "model file '\(path)' is empty; re-download it.")
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw SwitchyardError(
                code: .modelFileUnreadable,
                message: "cannot memory-map model file '\(path)': \(String(cString: strerror(errno))).")
        }
        self.base = UnsafeRawPointer(p)
        self.count = size
        self.origin = path
        self.release = { munmap(p, size) }
    }

    /// Copies `bytes` into an owned, 64-byte-aligned buffer (used by tests and the fuzzer).
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes.
    ///   - origin: What error messages call it.
    public init(bytes: [UInt8], origin: String = "<memory>") {
        let n = max(bytes.count, 1)
        let p = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 64)
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress { p.copyMemory(from: s, byteCount: bytes.count) }
        }
        self.base = UnsafeRawPointer(p)
        self.count = bytes.count
        self.origin = origin
        self.release = { p.deallocate() }
    }

    deinit { release() }

    /// Asks the OS to read the whole file ahead (weights are streamed on every token).
    public func adviseWillNeed() {
        #if canImport(Glibc)
            _ = madvise(UnsafeMutableRawPointer(mutating: base), count, MADV_WILLNEED)
        #endif
    }
}
