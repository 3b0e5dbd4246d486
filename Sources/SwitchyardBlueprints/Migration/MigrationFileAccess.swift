import Foundation
import SwitchyardCore

/// Where the migration workflow may read inventories, flows, usage and policy files.
///
/// A server runs the workflow for tenants, so a run reads only under one directory: the data dir's parent by
/// default, or one the deployment configures; a `{tenant}` in it becomes the run's tenant id, giving each tenant
/// a folder of its own. Relative paths are read from that directory. A path that leads outside it (`..`, an
/// absolute path elsewhere, a symbolic link pointing out) or into the data dir (the store) is refused.
public struct MigrationFileAccess: Sendable {
    /// The directory, possibly with `{tenant}`.
    public var root: String
    /// Directories under the root that are never read (the data dir).
    public var excluded: [String]
    /// The largest file read, in bytes.
    public var maxFileBytes: Int

    /// Makes the access rule.
    /// - Parameters:
    ///   - root: the directory runs may read (`{tenant}` is replaced by the run's tenant id).
    ///   - excluded: directories never read, such as the data dir.
    ///   - maxFileBytes: the largest file read (512 MiB by default).
    public init(root: String, excluded: [String] = [], maxFileBytes: Int = 512 << 20) {
        self.root = root
        self.excluded = excluded
        self.maxFileBytes = maxFileBytes
    }

    /// The default for a data dir: its parent, without the data dir itself.
    /// - Parameter dataDirectory: the store's data dir (`--data-dir`).
    public static func beside(dataDirectory: String) -> MigrationFileAccess {
        let data = URL(fileURLWithPath: dataDirectory).standardizedFileURL
        return MigrationFileAccess(root: data.deletingLastPathComponent().path, excluded: [data.path])
    }

    /// The root for `tenant`, resolved.
    /// - Throws: `file_not_found` when it does not exist.
    func rootPath(tenant: TenantID) throws(SwitchyardError) -> String {
        let path = Self.real(root.replacingOccurrences(of: "{tenant}", with: tenant.rawValue))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SwitchyardError(
                code: .fileNotFound,
                message: "the migration input directory \(path) does not exist; create it and put the inventory "
                    + "and flow files in it")
        }
        return path
    }

    /// The files `path` names (a directory gives its files with one of `extensions`, sorted), each checked.
    /// - Parameters:
    ///   - path: as the input gives it: relative to the root, or absolute inside it.
    ///   - field: where the input names it (`inventory[0]`), for messages.
    ///   - tenant: the run's tenant.
    ///   - extensions: the file kinds a directory contributes.
    /// - Throws: `path_not_allowed` for a path outside the root or inside an excluded directory;
    ///   `file_not_found` for one that does not exist.
    public func files(
        _ path: String, field: String, tenant: TenantID, extensions: [String]
    ) throws(SwitchyardError) -> [(display: String, path: String)] {
        let root = try rootPath(tenant: tenant)
        let full = try check(path, field: field, root: root)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
            throw SwitchyardError(
                code: .fileNotFound,
                message: "input \(field): '\(path)' does not exist in the migration input directory \(root); "
                    + "name a file relative to it")
        }
        guard isDirectory.boolValue else { return [(path, full)] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []).sorted()
        var out: [(display: String, path: String)] = []
        for name in names where extensions.contains(where: { name.lowercased().hasSuffix($0) }) {
            let display = (path as NSString).appendingPathComponent(name)
            out.append((display, try check(display, field: field, root: root)))
        }
        if out.isEmpty {
            throw SwitchyardError(
                code: .fileNotFound,
                message: "input \(field): the directory '\(path)' has no \(extensions.joined(separator: ", ")) files")
        }
        return out
    }

    /// Reads a checked file.
    /// - Parameters:
    ///   - file: the name to show in errors and the resolved path, as the checks return them.
    ///   - field: the input field that named the file, for errors.
    /// - Throws: `file_not_found` when it cannot be read; `input_too_large` over the size limit.
    public func read(_ file: (display: String, path: String), field: String) throws(SwitchyardError) -> Data {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        if size > maxFileBytes {
            throw SwitchyardError(
                code: .inputTooLarge,
                message:
                    "input \(field): '\(file.display)' is \(size >> 20) MiB; the limit is \(maxFileBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw SwitchyardError(
                code: .fileNotFound, message: "input \(field): '\(file.display)' cannot be read (permissions?)")
        }
        return data
    }

    /// `path` made absolute under `root` with `..` and symbolic links resolved, refused when it leads outside
    /// `root` or into an excluded directory.
    func check(_ path: String, field: String, root: String) throws(SwitchyardError) -> String {
        guard !path.isEmpty, !path.contains("\0") else {
            throw SwitchyardError(code: .pathNotAllowed, message: "input \(field): the path is empty")
        }
        let joined = path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
        let lexical = URL(fileURLWithPath: joined).standardizedFileURL.path
        let resolved = Self.real(lexical)
        guard Self.isInside(resolved, root) else {
            throw SwitchyardError(
                code: .pathNotAllowed,
                message: "input \(field): '\(path)' is outside the migration input directory \(root)"
                    + (Self.isInside(lexical, root) ? " (through a symbolic link)" : "")
                    + "; copy the file under it and name it relative to it")
        }
        for directory in excluded.map(Self.real) where Self.isInside(resolved, directory) {
            throw SwitchyardError(
                code: .pathNotAllowed,
                message: "input \(field): '\(path)' is inside the data directory, which runs may not read")
        }
        return resolved
    }

    static func isInside(_ path: String, _ directory: String) -> Bool {
        path == directory || path.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
    }

    /// The path with symbolic links resolved as far as it exists.
    static func real(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
