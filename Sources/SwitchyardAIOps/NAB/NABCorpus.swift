import Foundation
import SwitchyardCore

/// The NAB corpus read from a folder laid out as NAB's repository: `data/<category>/<file>.csv` and
/// `labels/combined_windows.json` (numenta/NAB, MIT).
public struct NABCorpus: Sendable {
    public var files: [NABFile]

    /// A corpus of files.
    /// - Parameter files: The data files with their windows.
    public init(files: [NABFile]) { self.files = files }

    /// The number of labelled windows over all files (116 for NAB v1).
    public var windowCount: Int { files.reduce(0) { $0 + $1.windows.count } }
    /// The number of rows over all files.
    public var rowCount: Int { files.reduce(0) { $0 + $1.series.points.count } }

    /// Reads the corpus under `root`.
    /// - Parameters:
    ///   - root: the folder holding `data/` and `labels/`.
    ///   - windowsFile: the label file, relative to `root`.
    /// - Throws: `SwitchyardError` when a file cannot be read or a window edge is not a row's timestamp.
    public static func load(root: String, windowsFile: String = "labels/combined_windows.json") throws -> NABCorpus {
        let labelsPath = root + "/" + windowsFile
        guard let data = FileManager.default.contents(atPath: labelsPath) else {
            throw SwitchyardError(code: .fileNotFound, message: "cannot read NAB labels '\(labelsPath)'")
        }
        let labels = try JSONValue(parsing: String(decoding: data, as: UTF8.self))
        guard case .object(let entries) = labels else {
            throw SwitchyardError(code: .invalidLabels, message: "\(labelsPath): expected an object of files")
        }
        var files: [NABFile] = []
        for key in entries.keys.sorted() {
            let path = root + "/data/" + key
            let series = try SeriesReader.read(path: path)
            var windows: [ClosedRange<Int>] = []
            var index: [Double: Int] = [:]
            for (i, p) in series.points.enumerated() where index[p.timestamp] == nil { index[p.timestamp] = i }
            guard case .array(let list) = entries[key] ?? .array([]) else { continue }
            for window in list {
                guard case .array(let edges) = window, edges.count == 2, case .string(let a) = edges[0],
                    case .string(let b) = edges[1]
                else {
                    throw SwitchyardError(code: .invalidLabels, message: "\(labelsPath): \(key): bad window")
                }
                guard let start = index[try Timestamp.parse(Substring(a))],
                    let end = index[try Timestamp.parse(Substring(b))]
                else {
                    throw SwitchyardError(
                        code: .invalidLabels,
                        message: "\(labelsPath): \(key): window edge \(a) or \(b) is not a row of the data file")
                }
                windows.append(start...end)
            }
            files.append(NABFile(key: key, series: series, windows: windows))
        }
        return NABCorpus(files: files)
    }
}
