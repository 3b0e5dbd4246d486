import Foundation
import SwitchyardCore

/// Reads inventories of any supported format from files or directories and merges them into one `Estate`.
public enum InventoryLoader {
    /// The format a file is read as.
    public enum Format: String, Sendable {
        case govc, rvtools, vmx
    }

    /// The format of `path` with content `text`: `.vmx` by extension, JSON by its first character, CSV otherwise.
    /// - Parameters:
    ///   - path: the file's path.
    ///   - text: its content.
    public static func format(of path: String, text: String) -> Format {
        if path.lowercased().hasSuffix(".vmx") { return .vmx }
        let first = text.utf8.first(where: { !" \t\r\n".utf8.contains($0) && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF })
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .govc }
        return .rvtools
    }

    /// Loads every file in `paths` (a directory contributes its `.json`, `.csv` and `.vmx` files, sorted).
    /// - Parameter paths: govc JSON, RVTools CSV and .vmx files, or directories of them.
    /// - Throws: `file_not_found` for a path that cannot be read; `invalid_inventory` naming file, line/row and
    ///   column for malformed content; `invalid_inventory` when no VM is found.
    public static func load(paths: [String]) throws(SwitchyardError) -> Estate {
        var texts: [(path: String, text: String)] = []
        for path in try expand(paths) {
            texts.append((path, try readText(path)))
        }
        return try load(texts: texts)
    }

    /// Parses already-read files (`path` names the file in messages and picks the format).
    /// - Parameter texts: each file's path (for messages and the format) and content.
    /// - Throws: `invalid_inventory` naming file, line/row and column for malformed content, or when no VM is found.
    public static func load(texts: [(path: String, text: String)]) throws(SwitchyardError) -> Estate {
        var vms: [SourceVM] = []
        var csv: [(path: String, text: String)] = []
        for (path, text) in texts {
            switch format(of: path, text: text) {
            case .vmx: vms.append(try VMXParser.parse(text, file: path))
            case .govc: vms += try GovcParser.parse(text, file: path)
            case .rvtools: csv.append((path, text))
            }
        }
        if !csv.isEmpty { vms += try RVToolsParser.parse(files: csv) }
        guard !vms.isEmpty else {
            throw SwitchyardError(
                code: .invalidInventory,
                message: "no VM found in \(texts.map(\.path).joined(separator: ", ")): give govc vm.info -json "
                    + "output, RVTools vInfo/vNetwork/vDisk CSV files or .vmx files")
        }
        return Estate(vms)
    }

    static func expand(_ paths: [String]) throws(SwitchyardError) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SwitchyardError(code: .fileNotFound, message: "cannot read '\(path)': no such file")
            }
            if isDirectory.boolValue {
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                result += entries.filter { e in [".json", ".csv", ".vmx"].contains { e.lowercased().hasSuffix($0) } }
                    .sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                result.append(path)
            }
        }
        return result
    }

    static func readText(_ path: String) throws(SwitchyardError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(code: .fileNotFound, message: "cannot read '\(path)': no such readable file")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
